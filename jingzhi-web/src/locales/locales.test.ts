import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import enUS from './en-US'
import { NAV } from '@/router/nav'
import { i18n } from '@/i18n'

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

function values(obj: Record<string, unknown>): unknown[] {
  return Object.values(obj).flatMap((v) => (v && typeof v === 'object' ? values(v as Record<string, unknown>) : [v]))
}

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    const zh = keys(zhCN).sort()
    const en = keys(enUS).sort()
    expect(zh.filter((k) => !en.includes(k))).toEqual([])
    expect(en.filter((k) => !zh.includes(k))).toEqual([])
    expect(zh.length).toBeGreaterThan(100)
  })

  it('has no empty messages and no unescaped vue-i18n special characters', () => {
    for (const v of [...values(zhCN), ...values(enUS)]) {
      expect(typeof v).toBe('string')
      expect((v as string).trim()).not.toBe('')
      // '@' starts a linked message and '|' a plural in vue-i18n
      expect(v as string).not.toMatch(/[@|]/)
    }
  })

  // Nav and home keys are built at run time (`nav.${key}`, `home.linkHint.${key}`), so the static key scan misses them.
  it('names every navigation entry and describes it on the home page', () => {
    const built = NAV.filter((s) => !s.planned).flatMap((s) => s.items)
    for (const locale of [zhCN, enUS]) {
      const all = keys(locale)
      for (const item of built) {
        expect(all).toContain(`nav.${item.key}`)
        expect(all).toContain(`home.linkHint.${item.key}`)
      }
    }
  })

  // Chinese in the English portal is an untranslated message, except where a Chinese example or pattern is the point.
  it('has no Chinese in en-US messages except the quoted Chinese examples', () => {
    const cjk = /[\u4e00-\u9fff]/
    const withChinese = keys(enUS).filter((k) => cjk.test(i18n.global.t(k, {}, { locale: 'en-US' })))
    expect(withChinese.sort()).toEqual([
      'guardLex.kindHints.protective',
      'guardLex.kindHints.whitelist',
      'kb.strategyHints.policy',
      'kbm.dict.kindHints.abbreviation',
      'kbm.dict.kindHints.escape',
      'kbm.dict.kindHints.term',
    ])
  })

  // The transport column is built at run time (`agent.mcp.transports.${transport}`); the platform's own tool server is 'builtin'.
  it('names every MCP transport the server reports', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const transport of ['streamable_http', 'stdio', 'builtin']) {
        expect(i18n.global.te(`agent.mcp.transports.${transport}`, locale)).toBe(true)
      }
    }
  })

  // '{code}' in a message is a parameter and renders empty when none is passed ('/proxy//…'): literal braces are {'{'}.
  it('shows the proxy path pattern with its placeholder', () => {
    expect(i18n.global.t('guardProxy.access', {}, { locale: 'zh-CN' })).toContain('/proxy/{路由编码}/…')
    expect(i18n.global.t('guardProxy.form.codeHint', {}, { locale: 'en-US' })).toContain('/proxy/{code}/…')
  })
})
