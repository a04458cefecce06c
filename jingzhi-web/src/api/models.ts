/** The model registry (`/api/v1/models`) and endpoint health — snake_case as on the wire. */
import { http } from './http'
import type { Id } from './types'

export type ModelKind = 'chat' | 'embedding' | 'rerank'
export type Provider = 'openai' | 'in_process'
export type Routing = 'weighted' | 'least_in_flight' | 'latency'

export const MODEL_KINDS: ModelKind[] = ['chat', 'embedding', 'rerank']
export const PROVIDERS: Provider[] = ['openai', 'in_process']
export const ROUTINGS: Routing[] = ['weighted', 'least_in_flight', 'latency']

/** An endpoint as the server shows it: the key itself is never sent, only whether one is set. */
export interface Endpoint {
  id: Id
  url: string
  upstream_model?: string | null
  weight: number
  priority: number
  max_concurrency?: number | null
  connect_timeout_ms: number
  first_token_timeout_ms: number
  idle_timeout_ms: number
  total_timeout_ms: number
  enabled: boolean
  has_api_key?: boolean
}

export interface Model {
  id: Id
  name: string
  kind: ModelKind
  provider: Provider
  family?: string | null
  version?: string | null
  parameter_size?: string | null
  context_length?: number | null
  modality?: string | null
  open_source?: boolean | null
  tags: string[]
  description?: string | null
  routing: Routing
  fallbacks: string[]
  simulated: boolean
  enabled: boolean
  aliases: string[]
  endpoints: Endpoint[]
  created_at?: string
  updated_at?: string
}

/** An endpoint as sent on create/update: `api_key` is write-only; empty/absent keeps the stored key. */
export interface EndpointBody {
  url: string
  upstream_model?: string | null
  api_key?: string
  weight?: number | null
  priority?: number | null
  max_concurrency?: number | null
  connect_timeout_ms?: number | null
  first_token_timeout_ms?: number | null
  idle_timeout_ms?: number | null
  total_timeout_ms?: number | null
  enabled?: boolean
}

export interface ModelBody {
  name?: string
  kind?: ModelKind
  provider?: Provider
  family?: string | null
  version?: string | null
  parameter_size?: string | null
  context_length?: number | null
  modality?: string | null
  open_source?: boolean | null
  tags?: string[]
  description?: string | null
  routing?: Routing
  fallbacks?: string[]
  simulated?: boolean
  enabled?: boolean
  aliases?: string[]
  endpoints?: EndpointBody[]
}

export type BreakerState = 'closed' | 'open' | 'half_open'

export interface HealthCheck {
  at: string
  ok: boolean
  latency_ms: number
  error?: string | null
  consecutive_failures: number
}

export interface EndpointHealth {
  id: Id
  url: string
  enabled: boolean
  weight: number
  priority: number
  breaker: BreakerState
  in_flight: number
  max_concurrency?: number | null
  ttft_ms_avg?: number | null
  failure_rate: number
  last_check: HealthCheck | null
}

export interface ModelHealth {
  model_id: Id
  model: string
  simulated: boolean
  endpoints: EndpointHealth[]
}

const base = '/api/v1/models'

export const modelsApi = {
  list: () => http.get<Model[]>(base),
  get: (id: Id) => http.get<Model>(`${base}/${id}`),
  create: (body: ModelBody) => http.post<Model>(base, body),
  update: (id: Id, body: ModelBody) => http.patch<Model>(`${base}/${id}`, body),
  remove: (id: Id) => http.delete(`${base}/${id}`),
  health: (id: Id) => http.get<ModelHealth>(`${base}/${id}/health`),
  checkNow: (id: Id) => http.post<ModelHealth>(`${base}/${id}/health/check`),
}

/** The editable form of an endpoint (numbers may be left empty for the server's defaults). */
export interface EndpointForm {
  url: string
  upstream_model: string
  api_key: string
  /** the stored endpoint already has a key (shown as a hint, the key itself is never loaded) */
  has_api_key: boolean
  weight: number | null
  priority: number | null
  max_concurrency: number | null
  connect_timeout_ms: number | null
  first_token_timeout_ms: number | null
  idle_timeout_ms: number | null
  total_timeout_ms: number | null
  enabled: boolean
}

export function emptyEndpoint(): EndpointForm {
  return {
    url: '',
    upstream_model: '',
    api_key: '',
    has_api_key: false,
    weight: 1,
    priority: 0,
    max_concurrency: null,
    connect_timeout_ms: 3000,
    first_token_timeout_ms: 60000,
    idle_timeout_ms: 30000,
    total_timeout_ms: 600000,
    enabled: true,
  }
}

export function endpointToForm(e: Endpoint): EndpointForm {
  return {
    url: e.url,
    upstream_model: e.upstream_model ?? '',
    api_key: '',
    has_api_key: !!e.has_api_key,
    weight: e.weight,
    priority: e.priority,
    max_concurrency: e.max_concurrency ?? null,
    connect_timeout_ms: e.connect_timeout_ms,
    first_token_timeout_ms: e.first_token_timeout_ms,
    idle_timeout_ms: e.idle_timeout_ms,
    total_timeout_ms: e.total_timeout_ms,
    enabled: e.enabled,
  }
}

/** Form → request body: trims, drops an empty key (keeps the stored one), leaves empty numbers to defaults. */
export function endpointBody(f: EndpointForm): EndpointBody {
  const body: EndpointBody = {
    url: f.url.trim(),
    upstream_model: f.upstream_model.trim() || null,
    weight: f.weight,
    priority: f.priority,
    max_concurrency: f.max_concurrency || null,
    connect_timeout_ms: f.connect_timeout_ms,
    first_token_timeout_ms: f.first_token_timeout_ms,
    idle_timeout_ms: f.idle_timeout_ms,
    total_timeout_ms: f.total_timeout_ms,
    enabled: f.enabled,
  }
  if (f.api_key.trim()) body.api_key = f.api_key.trim()
  return body
}
