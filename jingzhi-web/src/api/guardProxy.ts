/** Reverse-proxy routes of the guardrail (`/api/v1/guard/proxy-routes`) — snake_case as on the wire. */
import { http } from './http'
import type { Id, Page } from './types'

export type Extraction = 'openai' | 'json_paths'
export type BlockedShape = 'openai' | 'template'

export interface ProxyRoute {
  id: Id
  code: string
  name: string
  enabled: boolean
  tenant_id: Id
  app_id?: Id | null
  host?: string | null
  path_prefix: string
  upstream_url: string
  connect_timeout_ms: number
  read_timeout_ms: number
  identity_header?: string | null
  org_header?: string | null
  uri_overwrite?: string | null
  rewrite_regex?: string | null
  rewrite_replacement?: string | null
  redirect_url?: string | null
  redirect_status?: number | null
  extraction: Extraction
  request_paths: string[]
  response_paths: string[]
  stream_paths: string[]
  block_non_json: boolean
  blocked_shape: BlockedShape
  blocked_template?: string | null
  blocked_path?: string | null
  blocked_status: number
  created_at?: string
  updated_at?: string
}

/** Create/update body: absent fields keep their value, an empty text clears an optional one, app_id 0 removes the app. */
export type ProxyRouteBody = Partial<Omit<ProxyRoute, 'id' | 'created_at' | 'updated_at'>>

export interface ProxySample {
  path?: string
  headers?: Record<string, string>
  content_type?: string
  body?: string
}

export interface ProxyVerdict {
  action: 'ALLOW' | 'MASK' | 'BLOCK' | 'ANSWER'
  risk_level: string
  categories: string[]
  text: string
  answer?: string | null
  matched: { type: string; risk_type: string; level: string; layer: string; start: number; end: number; rule: string }[]
  event_id?: string | null
}

export interface ProxyTestResult {
  outcome: 'redirect' | 'blocked' | 'masked' | 'forwarded' | 'rejected'
  upstream_url?: string | null
  username?: string | null
  org_id?: Id | null
  tenant_id: Id
  app_id?: Id | null
  extracted: string[]
  verdict?: ProxyVerdict | null
  forwarded_body?: string | null
  status?: number | null
  content_type?: string | null
  response_body?: string | null
  location?: string | null
  problem?: string | null
}

const base = '/api/v1/guard/proxy-routes'

export const guardProxyApi = {
  list: (page = 1, size = 100) => http.get<Page<ProxyRoute>>(base, { page, size }),
  get: (id: Id) => http.get<ProxyRoute>(`${base}/${id}`),
  create: (body: ProxyRouteBody) => http.post<ProxyRoute>(base, body),
  update: (id: Id, body: ProxyRouteBody) => http.patch<ProxyRoute>(`${base}/${id}`, body),
  remove: (id: Id) => http.delete(`${base}/${id}`),
  test: (id: Id, sample: ProxySample) => http.post<ProxyTestResult>(`${base}/${id}/test`, sample),
}

/** Lines of a textarea → JSON paths (blank lines dropped). */
export function pathLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
}
