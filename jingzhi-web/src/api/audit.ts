import { download, http } from './http'
import type { Id, Page } from './types'

export interface AuditEvent {
  id: Id
  occurred_at: string
  actor_id?: Id | null
  actor_name?: string | null
  source_ip?: string | null
  action: string
  target_type?: string | null
  target_id?: Id | null
  target_name?: string | null
  before?: unknown
  after?: unknown
  result: 'success' | 'failure'
  detail?: string | null
  request_id?: string | null
}

export interface AuditFilter {
  actor?: string
  action?: string
  target?: string
  result?: '' | 'success' | 'failure'
  from?: string
  to?: string
}

export interface ChainVerification {
  valid: boolean
  checked: number
  first_broken_id: Id | null
}

const base = '/api/v1/audit'

export const auditApi = {
  list: (filter: AuditFilter, page: number, size: number) =>
    http.get<Page<AuditEvent>>(`${base}/events`, { ...filter, page, size }),
  exportCsv: (filter: AuditFilter) => download(`${base}/events/export`, { ...filter }, 'audit-events.csv'),
  verify: () => http.get<ChainVerification>(`${base}/verify`),
}
