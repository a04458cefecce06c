import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'

// every page and module source, as text
const sources = import.meta.glob(['../**/*.vue', '../**/*.ts', '!../**/*.test.ts', '!../**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

function has(obj: unknown, key: string): boolean {
  let cur: unknown = obj
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object' || !(part in cur)) return false
    cur = (cur as Record<string, unknown>)[part]
  }
  return typeof cur === 'string'
}

describe('message keys used by the pages', () => {
  it('every literal t(...) key in src exists in the locales', () => {
    const missing: string[] = []
    let seen = 0
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        seen += 1
        if (!has(zhCN, m[1])) missing.push(`${file}: ${m[1]}`)
      }
    }
    expect(missing).toEqual([])
    expect(seen).toBeGreaterThan(200)
  })
})
