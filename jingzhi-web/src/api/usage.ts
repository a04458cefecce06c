/**
 * Usage metering (`/api/v1/usage/*`). Every field the portal reads from these responses is declared here, so
 * a change of the contract touches this one file. The API may be missing on older servers: `isMissing()`
 * tells the pages to show a notice instead of an error.
 */
import { ApiError, download, http, type Query } from './http'
import type { Id } from './types'

export type UsageGroupBy = 'model' | 'tenant' | 'project' | 'app' | 'key' | 'day' | 'hour'
export const USAGE_GROUP_BYS: UsageGroupBy[] = ['model', 'tenant', 'project', 'app', 'key', 'day', 'hour']

/** Filters shared by summary, records and export; times are UTC ISO-8601. */
export interface UsageFilter {
  from?: string
  to?: string
  tenant_id?: Id | null
  project_id?: Id | null
  app_id?: Id | null
  model?: string | null
}

export interface UsageSummaryRow {
  key: string
  label?: string | null
  requests: number
  errors: number
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  estimated_requests: number
  avg_ttft_ms?: number | null
  p95_ttft_ms?: number | null
  avg_duration_ms?: number | null
}

export interface UsageSummary {
  rows: UsageSummaryRow[]
}

export interface UsageRecord {
  id: Id
  at: string
  tenant_id?: Id | null
  project_id?: Id | null
  app_id?: Id | null
  api_key_id?: Id | null
  user_id?: Id | null
  model: string
  endpoint_id?: Id | null
  prompt_tokens: number
  completion_tokens: number
  estimated: boolean
  stream: boolean
  status: string
  http_status?: number | null
  ttft_ms?: number | null
  duration_ms?: number | null
}

export interface UsageRecords {
  items: UsageRecord[]
  total: number
  page: number
  size: number
}

/** The query of a filter: empty values dropped, ids as given. */
export function usageQuery(filter: UsageFilter, extra: Query = {}): Query {
  const q: Query = {}
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return
    q[k] = typeof v === 'string' ? v.trim() : (v as number)
  }
  put('from', filter.from)
  put('to', filter.to)
  put('tenant_id', filter.tenant_id)
  put('project_id', filter.project_id)
  put('app_id', filter.app_id)
  put('model', filter.model)
  for (const [k, v] of Object.entries(extra)) put(k, v)
  return q
}

/** Totals over summary rows (for the cards). */
export function totals(rows: readonly UsageSummaryRow[]) {
  const t = { requests: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, estimated_requests: 0 }
  for (const r of rows) {
    t.requests += r.requests ?? 0
    t.errors += r.errors ?? 0
    t.prompt_tokens += r.prompt_tokens ?? 0
    t.completion_tokens += r.completion_tokens ?? 0
    t.total_tokens += r.total_tokens ?? 0
    t.estimated_requests += r.estimated_requests ?? 0
  }
  return { ...t, error_rate: t.requests ? t.errors / t.requests : 0 }
}

/** The API is not there (yet): a plain 404 (no such route) or 405, not a 404 about some named resource. */
export function isMissing(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false
  return e.status === 405 || (e.status === 404 && (!e.code || e.code === 'not_found'))
}

const base = '/api/v1/usage'

export const usageApi = {
  summary: (filter: UsageFilter, groupBy: UsageGroupBy) =>
    http.get<UsageSummary>(`${base}/summary`, usageQuery(filter, { group_by: groupBy })),
  records: (filter: UsageFilter, page: number, size: number) =>
    http.get<UsageRecords>(`${base}/records`, usageQuery(filter, { page, size })),
  exportCsv: (filter: UsageFilter) => download(`${base}/export`, usageQuery(filter), 'usage.csv'),
}
