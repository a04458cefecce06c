import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { channelName, findingTypeName, layerName, policyReason, riskTypeName, setRiskTypes } from './guardLabels'

setRiskTypes({
  classes: [{ code: 'A.1', name_zh: '违反社会主义核心价值观', name_en: 'Violating core socialist values' }],
  types: [{ code: 'A.1.4', class_code: 'A.1', name_zh: '宣扬恐怖主义、极端主义', name_en: 'Promoting terrorism or extremism' }],
})

describe('guard labels', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('names risk types, personal data and prompt attacks, and leaves unknown codes alone', () => {
    expect(riskTypeName('A.1.4')).toBe('A.1.4 宣扬恐怖主义、极端主义')
    expect(riskTypeName('A.1')).toBe('A.1 违反社会主义核心价值观')
    expect(riskTypeName('MOBILE')).toBe('手机号')
    expect(riskTypeName('prompt-attack')).toBe('提示词攻击')
    expect(riskTypeName('jailbreak')).toBe('提示词攻击 · 越狱')
    expect(riskTypeName('Z.9')).toBe('Z.9')
    i18n.global.locale.value = 'en-US'
    expect(riskTypeName('A.1.4')).toBe('A.1.4 Promoting terrorism or extremism')
    expect(riskTypeName('MOBILE')).toBe('Mobile number')
  })

  it('names finding types, nested decoding layers and channels', () => {
    expect(findingTypeName('lexicon')).toBe('词库')
    expect(layerName('url>base64:normalised')).toBe('URL 解码 › Base64 解码 › 归一化')
    expect(layerName('rot13')).toBe('rot13')
    expect(channelName('proxy')).toBe('安全代理')
  })

  it("translates every reason the server's policy trace gives", () => {
    expect(policyReason('scope and conditions fit')).toBe('范围与条件均符合')
    expect(policyReason('policy block-x decided first')).toBe('策略 block-x 已先行决定')
    expect(policyReason('excepted: source IP')).toBe('属于例外：来源 IP')
    expect(policyReason('applies to output only')).toBe('仅适用于“输出”')
    expect(policyReason('risk level low is below high')).toBe('风险等级为“低”，低于“高”')
    expect(policyReason('no finding of A.1, prompt-attack at medium or above')).toBe(
      '没有“中”及以上等级的 A.1 违反社会主义核心价值观、提示词攻击 命中',
    )
    expect(policyReason('outside its time windows')).toBe('不在其生效时间段内')
    expect(policyReason('something new')).toBe('something new')
    i18n.global.locale.value = 'en-US'
    expect(policyReason('risk level low is below high')).toBe('Risk level Low is below High')
  })
})
