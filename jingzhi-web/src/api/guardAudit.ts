/**
 * Guard audit and analysis (`/api/v1/guard/{events,stats,users,alert-rules,alerts,blocks,evaluations}`): every field
 * the portal reads from these responses is declared here.
 */
import { download, http, type Query } from './http'
import type { Id, Page } from './types'

export interface GuardFinding {
  type: string
  risk_type: string
  level: string
  layer: string
  start: number
  end: number
  rule: string
}

export interface GuardEvent {
  id: string
  at: string
  tenant_id?: Id | null
  org_id?: Id | null
  user_id?: Id | null
  username?: string | null
  app_id?: Id | null
  app_name?: string | null
  api_key_id?: Id | null
  model?: string | null
  source_ip?: string | null
  channel: string
  direction: 'input' | 'output'
  action: GuardEventAction
  enforced: boolean
  risk_level: string
  categories: string[]
  policy?: string | null
  excerpt?: string | null
  full_text?: string | null
  findings?: GuardFinding[] | null
  latency_us: number
}

export type GuardEventAction = 'allow' | 'mask' | 'block' | 'answer'
export const GUARD_ACTIONS: GuardEventAction[] = ['allow', 'mask', 'block', 'answer']

/** Search filters; times are UTC ISO-8601. */
export interface GuardEventFilter {
  from?: string
  to?: string
  user_id?: Id | null
  username?: string | null
  app_id?: Id | null
  model?: string | null
  risk_type?: string | null
  action?: string | null
  direction?: string | null
  channel?: string | null
}

export type StatsGroupBy = 'risk_type' | 'app' | 'action' | 'model'
export const STATS_GROUP_BYS: StatsGroupBy[] = ['risk_type', 'app', 'action', 'model']

export interface StatsSeries {
  group: string
  label?: string | null
  counts: number[]
  total: number
  baseline: number
  change?: number | null
}

export interface GuardStats {
  from: string
  to: string
  baseline_from: string
  bucket: 'hour' | 'day'
  group_by: StatsGroupBy
  zone: string
  buckets: string[]
  series: StatsSeries[]
  total: number
  baseline_total: number
  change?: number | null
}

export interface TopEntry {
  key: string
  label?: string | null
  events: number
  stopped: number
  attacks: number
  masked: number
  points: number
  score: number
}

export interface GuardBlock {
  id: Id | null
  tenant_id?: Id | null
  subject: 'user' | 'api_key' | 'ip'
  subject_value: string
  subject_label?: string | null
  reason: string
  rule_id?: Id | null
  alert_id?: Id | null
  created_at: string
  expires_at: string
  lifted_at?: string | null
  lifted_by?: string | null
}

export interface RiskProfile {
  user_id: Id
  username?: string | null
  tenant_id?: Id | null
  from: string
  to: string
  total: number
  by_action: Record<string, number>
  by_risk_type: { key: string; count: number }[]
  first_seen?: string | null
  last_seen?: string | null
  points: number
  score: number
  recent: GuardEvent[]
  active_block?: GuardBlock | null
}

export type AlertSubject = 'user' | 'api_key' | 'ip'
export const ALERT_SUBJECTS: AlertSubject[] = ['user', 'api_key', 'ip']

export interface AlertRule {
  id: Id
  tenant_id?: Id | null
  name: string
  enabled: boolean
  match_action?: string | null
  match_risk_type?: string | null
  subject: AlertSubject
  threshold: number
  window_minutes: number
  response: 'block' | 'notify'
  block_minutes?: number | null
  created_at: string
  updated_at: string
}

export type AlertRuleSpec = Partial<Omit<AlertRule, 'id' | 'created_at' | 'updated_at'>>

export interface GuardAlert {
  id: Id
  rule_id: Id
  rule_name: string
  tenant_id?: Id | null
  subject: AlertSubject
  subject_value: string
  subject_label?: string | null
  event_count: number
  window_minutes: number
  response: 'block' | 'notify'
  block_id?: Id | null
  last_event_id?: string | null
  fired_at: string
  acknowledged_at?: string | null
  acknowledged_by?: string | null
}

export interface EvalRate {
  refused: number
  rows: number
  rate: number
  low: number
  high: number
}

export interface EvalSummary {
  direction: 'input' | 'output'
  rows: number
  refusal?: EvalRate | null
  over_refusal?: EvalRate | null
  by_category: { category: string; refusal?: EvalRate | null; over_refusal?: EvalRate | null }[]
  refusal_target: number
  over_refusal_target: number
  refusal_passed?: boolean | null
  over_refusal_passed?: boolean | null
  passed: boolean
  sample_sufficient: boolean
  misclassified_total: number
  misclassified: {
    line: number
    category: string
    should_refuse: boolean
    action: string
    categories: string[]
    text: string
  }[]
}

export type EvalStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface Evaluation {
  id: Id
  tenant_id?: Id | null
  name: string
  direction: 'input' | 'output'
  status: EvalStatus
  progress: number
  total_rows: number
  processed_rows: number
  error?: string | null
  report?: EvalSummary | null
  created_by: Id
  created_by_name?: string | null
  created_at: string
  started_at?: string | null
  finished_at?: string | null
}

export function isFinished(e: Pick<Evaluation, 'status'>): boolean {
  return e.status === 'succeeded' || e.status === 'failed' || e.status === 'cancelled'
}

/** Whether a block is in force at `now`. */
export function blockActive(b: GuardBlock, now: number = Date.now()): boolean {
  return !b.lifted_at && new Date(b.expires_at).getTime() > now
}

/** The query of a filter: empty values dropped, strings trimmed. */
export function eventQuery(filter: GuardEventFilter, extra: Query = {}): Query {
  const q: Query = {}
  for (const [k, v] of Object.entries({ ...filter, ...extra })) {
    if (v === undefined || v === null || v === '') continue
    q[k] = typeof v === 'string' ? v.trim() : (v as number)
  }
  return q
}

const base = '/api/v1/guard'

export const guardAuditApi = {
  events: (filter: GuardEventFilter, page: number, size: number) =>
    http.get<Page<GuardEvent>>(`${base}/events`, eventQuery(filter, { page, size })),
  event: (id: string) => http.get<GuardEvent>(`${base}/events/${encodeURIComponent(id)}`),
  exportEvents: (filter: GuardEventFilter) => download(`${base}/events/export`, eventQuery(filter), 'guard-events.csv'),
  stats: (q: { from?: string; to?: string; bucket: 'hour' | 'day'; group_by: StatsGroupBy }) =>
    http.get<GuardStats>(`${base}/stats`, { ...q, zone: 'Asia/Shanghai' }),
  top: (q: { from?: string; to?: string; by: 'user' | 'app'; limit?: number }) => http.get<TopEntry[]>(`${base}/stats/top`, q),
  profile: (userId: Id, days = 30) => http.get<RiskProfile>(`${base}/users/${userId}/risk-profile`, { days }),

  rules: () => http.get<AlertRule[]>(`${base}/alert-rules`),
  createRule: (spec: AlertRuleSpec) => http.post<AlertRule>(`${base}/alert-rules`, spec),
  updateRule: (id: Id, spec: AlertRuleSpec) => http.patch<AlertRule>(`${base}/alert-rules/${id}`, spec),
  removeRule: (id: Id) => http.delete(`${base}/alert-rules/${id}`),
  alerts: (page: number, size: number, acknowledged?: boolean) =>
    http.get<Page<GuardAlert>>(`${base}/alerts`, { page, size, acknowledged }),
  acknowledge: (id: Id) => http.post<GuardAlert>(`${base}/alerts/${id}/acknowledge`),
  blocks: (page: number, size: number, active?: boolean) => http.get<Page<GuardBlock>>(`${base}/blocks`, { page, size, active }),
  lift: (id: Id) => http.delete<GuardBlock>(`${base}/blocks/${id}`),

  evaluations: (page: number, size: number) => http.get<Page<Evaluation>>(`${base}/evaluations`, { page, size }),
  evaluation: (id: Id) => http.get<Evaluation>(`${base}/evaluations/${id}`),
  createEvaluation: (file: File, name: string, direction: 'input' | 'output') => {
    const form = new FormData()
    form.append('file', file)
    if (name.trim()) form.append('name', name.trim())
    form.append('direction', direction)
    return http.post<Evaluation>(`${base}/evaluations`, form)
  },
  cancelEvaluation: (id: Id) => http.post<Evaluation>(`${base}/evaluations/${id}/cancel`),
  downloadReport: (id: Id, format: 'json' | 'csv') =>
    download(`${base}/evaluations/${id}/report`, { format }, `guard-evaluation-${id}.${format}`),
}
