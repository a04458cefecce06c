import { describe, expect, it } from 'vitest'
import { endOfShanghaiDay, formatDate, formatTime, shanghaiToUtc } from './time'

describe('formatTime', () => {
  it('shows UTC instants in Asia/Shanghai', () => {
    expect(formatTime('2024-05-01T02:03:04Z')).toBe('2024-05-01 10:03:04')
    expect(formatTime('2024-05-01T02:03:04.123456Z')).toBe('2024-05-01 10:03:04')
  })

  it('crosses the date line into the next Shanghai day', () => {
    expect(formatTime('2023-12-31T16:00:00Z')).toBe('2024-01-01 00:00:00')
  })

  it('respects explicit offsets and can omit seconds', () => {
    expect(formatTime('2024-05-01T10:03:04+08:00', false)).toBe('2024-05-01 10:03')
  })

  it('returns empty for missing values and the input for garbage', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('')).toBe('')
    expect(formatTime('not a time')).toBe('not a time')
  })

  it('gives the Shanghai calendar date', () => {
    expect(formatDate('2024-02-29T16:30:00Z')).toBe('2024-03-01')
  })
})

describe('Shanghai to UTC', () => {
  it('converts picker values to UTC ISO', () => {
    expect(shanghaiToUtc('2024-05-01T10:00:00')).toBe('2024-05-01T02:00:00.000Z')
    expect(shanghaiToUtc('2024-05-01 08:00')).toBe('2024-05-01T00:00:00.000Z')
    expect(shanghaiToUtc('2024-05-01')).toBe('2024-04-30T16:00:00.000Z')
    expect(shanghaiToUtc('')).toBeUndefined()
  })

  it('ends an expiry day at 23:59:59 Shanghai time', () => {
    expect(endOfShanghaiDay('2025-12-31')).toBe('2025-12-31T15:59:59.000Z')
    expect(endOfShanghaiDay(null)).toBeUndefined()
  })
})
