/**
 * Words for the codes the guard API returns (risk types, finding types, decoding layers, channels and the
 * policy trace's reasons), so operators read labels instead of enum codes. Unknown codes show as they are.
 */
import { ref } from 'vue'
import { lexiconsApi, type RiskTypes } from '@/api/guardLexicons'
import { i18n } from '@/i18n'

type Translate = (key: string, values?: Record<string, unknown>) => string

const riskTypes = ref<RiskTypes>({ classes: [], types: [] })
let loading: Promise<void> | null = null

/** Loads the TC260-003 risk type names once per page load; a failure leaves codes shown as codes. */
export function loadRiskTypes(): Promise<void> {
  loading ??= lexiconsApi
    .riskTypes()
    .then((r) => {
      riskTypes.value = r
    })
    .catch(() => {
      loading = null
    })
  return loading
}

/** Exposed for tests. */
export function setRiskTypes(r: RiskTypes): void {
  riskTypes.value = r
}

function zh(): boolean {
  return i18n.global.locale.value === 'zh-CN'
}

function te(key: string): boolean {
  return i18n.global.te(key, i18n.global.locale.value)
}

const t: Translate = (key, values) => (values ? i18n.global.t(key, values) : i18n.global.t(key))

/** 'A.1.4 恐怖主义…', '手机号', '提示词攻击' — or the code itself. */
export function riskTypeName(code: string | null | undefined): string {
  if (!code) return '—'
  const entry = riskTypes.value.types.find((x) => x.code === code) ?? riskTypes.value.classes.find((x) => x.code === code)
  if (entry) return `${code} ${zh() ? entry.name_zh : entry.name_en}`
  if (code === 'prompt-attack') return t('guardLabels.promptAttack')
  if (code === 'blocked-subject') return t('guardLabels.blockedSubject')
  if (te(`guardLabels.pii.${code}`)) return t(`guardLabels.pii.${code}`)
  // a prompt-attack finding carries its family (override, jailbreak…) as its risk type
  if (te(`guardLabels.attackFamilies.${code}`)) return `${t('guardLabels.promptAttack')} · ${t(`guardLabels.attackFamilies.${code}`)}`
  return code
}

export function findingTypeName(type: string): string {
  return te(`guardLabels.findingTypes.${type}`) ? t(`guardLabels.findingTypes.${type}`) : type
}

/** 'url>base64:normalised' → 'URL 解码 › Base64 解码 › 归一化'. */
export function layerName(layer: string): string {
  return layer
    .split(/[>:]/)
    .map((part) => (te(`guardLabels.layers.${part}`) ? t(`guardLabels.layers.${part}`) : part))
    .join(' › ')
}

export function channelName(channel: string): string {
  return te(`guardLabels.channels.${channel}`) ? t(`guardLabels.channels.${channel}`) : channel
}

export function cannedMethodName(method: string): string {
  return te(`guardLabels.cannedMethods.${method}`) ? t(`guardLabels.cannedMethods.${method}`) : method
}

function levelName(level: string): string {
  return te(`guardPolicy.levels.${level}`) ? t(`guardPolicy.levels.${level}`) : level
}

const SCOPE_REASONS: Record<string, string> = {
  'app not in scope': 'appScope',
  'model not in scope': 'modelScope',
  'user not in scope': 'userScope',
  'no role in scope': 'roleScope',
  'org not in scope': 'orgScope',
  'source IP not in scope': 'ipScope',
  'outside its time windows': 'timeScope',
  'none of its terms appears': 'noTerm',
  'scope and conditions fit': 'fit',
  'scope and conditions fit; monitor mode: recorded, not enforced': 'fitMonitor',
}

/** The policy trace's reason (English from the server, see CompiledPolicy) in the portal's language. */
export function policyReason(reason: string | null | undefined): string {
  if (!reason) return ''
  const fixed = SCOPE_REASONS[reason]
  if (fixed) return t(`guardLabels.reasons.${fixed}`)
  let m = /^policy (.+) decided first$/.exec(reason)
  if (m) return t('guardLabels.reasons.decidedFirst', { code: m[1] })
  m = /^excepted: (.+)$/.exec(reason)
  if (m) {
    const what = te(`guardLabels.subjects.${m[1]}`) ? t(`guardLabels.subjects.${m[1]}`) : m[1]
    return t('guardLabels.reasons.excepted', { what })
  }
  m = /^applies to (input|output) only$/.exec(reason)
  if (m) return t('guardLabels.reasons.directionOnly', { direction: t(`guardPolicy.directions.${m[1]}`) })
  m = /^risk level (\w+) is below (\w+)$/.exec(reason)
  if (m) return t('guardLabels.reasons.levelBelow', { level: levelName(m[1]), min: levelName(m[2]) })
  m = /^no finding of (.+?)(?: at (\w+) or above)?$/.exec(reason)
  if (m) {
    const types = m[1].split(', ').map(riskTypeName).join(zh() ? '、' : ', ')
    return m[2] ? t('guardLabels.reasons.noFindingAt', { types, min: levelName(m[2]) }) : t('guardLabels.reasons.noFinding', { types })
  }
  return reason
}

/** For templates: the helpers plus a ref that makes them re-render when the names arrive. */
export function useGuardLabels() {
  loadRiskTypes()
  return { riskTypes, riskTypeName, findingTypeName, layerName, channelName, cannedMethodName, policyReason }
}
