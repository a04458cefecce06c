import { describe, expect, it } from 'vitest'
import { groupByPrefix, hasPermission } from './permissions'

describe('hasPermission', () => {
  it('matches exact codes and prefixes', () => {
    expect(hasPermission(['org:read'], 'org:read')).toBe(true)
    expect(hasPermission(['org:read'], 'org:write')).toBe(false)
    expect(hasPermission(['org:read'], 'org:')).toBe(true)
    expect(hasPermission(['audit:read'], 'org:')).toBe(false)
    expect(hasPermission(['organization:read'], 'org:')).toBe(false)
  })

  it('treats no requirement as allowed, wildcards as everything', () => {
    expect(hasPermission([], undefined)).toBe(true)
    expect(hasPermission(['*'], 'audit:read')).toBe(true)
    expect(hasPermission(['org:*'], 'org:')).toBe(true)
  })

  it('accepts any of several requirements', () => {
    expect(hasPermission(['user:write'], ['org:', 'user:'])).toBe(true)
    expect(hasPermission(undefined, ['org:'])).toBe(false)
  })
})

describe('groupByPrefix', () => {
  it('groups and sorts permission codes by prefix', () => {
    const groups = groupByPrefix([{ code: 'user:write' }, { code: 'org:read' }, { code: 'user:read' }, { code: 'misc' }])
    expect(groups.map((g) => g.prefix)).toEqual(['misc', 'org', 'user'])
    expect(groups[2].items.map((i) => i.code)).toEqual(['user:read', 'user:write'])
  })
})
