/** Guard policies, canned answers and the check (`/api/v1/guard/...`) — snake_case as on the wire. */
import { download, http } from './http'
import type { Id, Page } from './types'

export type PolicyMode = 'monitor' | 'enforce'
export type PolicyAction = 'allow' | 'block' | 'mask' | 'answer' | 'alert' | 'redirect'
export type Direction = 'input' | 'output' | 'both'
export type RiskLevel = 'low' | 'medium' | 'high'

export const POLICY_ACTIONS: PolicyAction[] = ['allow', 'block', 'mask', 'answer', 'alert', 'redirect']
export const MASK_STRATEGIES = ['full', 'partial', 'token', 'hash', 'shuffle'] as const
export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high']

export interface TimeWindow {
  days: number[]
  from: string
  to: string
}

export interface PolicyScope {
  apps: Id[]
  models: string[]
  users: string[]
  roles: string[]
  orgs: Id[]
  ips: string[]
  times: TimeWindow[]
}

export interface PolicyConditions {
  direction: Direction
  risk_types: string[]
  min_level?: RiskLevel | null
  terms: string[]
}

export interface Policy {
  id: Id
  tenant_id: Id | null
  code: string
  name: string
  description?: string | null
  priority: number
  enabled: boolean
  mode: PolicyMode
  scope: PolicyScope
  conditions: PolicyConditions
  exceptions: PolicyScope
  action: PolicyAction
  refusal_text?: string | null
  mask_strategy?: string | null
  answer_text?: string | null
  answer_group?: string | null
  redirect_url?: string | null
  created_at?: string
  updated_at?: string
}

export type PolicyBody = Partial<Omit<Policy, 'id' | 'created_at' | 'updated_at'>>

export interface CannedAnswer {
  id: Id
  tenant_id: Id | null
  question: string
  answer: string
  risk_types: string[]
  group?: string | null
  enabled: boolean
}

export type AnswerBody = Partial<Omit<CannedAnswer, 'id'>>

export interface Finding {
  type: string
  risk_type: string
  level: string
  layer: string
  start: number
  end: number
  rule: string
}

export interface CheckResult {
  action: 'allow' | 'block' | 'mask' | 'answer'
  risk_level: string
  categories: string[]
  masked_text?: string | null
  answer?: string | null
  matched: Finding[]
  policy?: string | null
  enforced: boolean
  event_id?: string | null
  redirect?: string | null
  alert: boolean
}

export interface PolicyTrace {
  id: Id
  code: string
  name: string
  tenant_id: Id | null
  priority: number
  mode: PolicyMode
  action: PolicyAction
  outcome: 'decided' | 'skipped' | 'not_reached'
  reason: string
}

export interface Explained {
  verdict: CheckResult
  engine_action: string
  attack_score: number
  policies: PolicyTrace[]
  canned_answer?: { id: Id; question: string; score: number; method: string } | null
}

export interface CheckBody {
  text: string
  direction?: 'input' | 'output'
  app?: Id | null
  history?: string[]
  model?: string
  user?: string
  roles?: string[]
  source_ip?: string
}

export function emptyScope(): PolicyScope {
  return { apps: [], models: [], users: [], roles: [], orgs: [], ips: [], times: [] }
}

const policies = '/api/v1/guard/policies'
const answers = '/api/v1/guard/answers'

export const guardPolicyApi = {
  list: (query: Record<string, string | number | boolean | undefined>) => http.get<Page<Policy>>(policies, query),
  get: (id: Id) => http.get<Policy>(`${policies}/${id}`),
  create: (body: PolicyBody) => http.post<Policy>(policies, body),
  update: (id: Id, body: PolicyBody) => http.patch<Policy>(`${policies}/${id}`, body),
  remove: (id: Id) => http.delete(`${policies}/${id}`),
  reorder: (ids: Id[]) => http.post<Policy[]>(`${policies}/reorder`, { ids }),
}

export const guardAnswersApi = {
  list: (query: Record<string, string | number | undefined>) => http.get<Page<CannedAnswer>>(answers, query),
  create: (body: AnswerBody) => http.post<CannedAnswer>(answers, body),
  update: (id: Id, body: AnswerBody) => http.patch<CannedAnswer>(`${answers}/${id}`, body),
  remove: (id: Id) => http.delete(`${answers}/${id}`),
  exportCsv: () => download(`${answers}/export`, undefined, 'guard-answers.csv'),
  importCsv: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<{ created: number; updated: number; unchanged: number }>(`${answers}/import`, form)
  },
}

export const guardCheckApi = {
  check: (body: CheckBody) => http.post<CheckResult>('/api/v1/guard/check', body),
  explain: (body: CheckBody) => http.post<Explained>('/api/v1/guard/check/explain', body),
}

/** Splits a comma/newline separated text into trimmed entries. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
