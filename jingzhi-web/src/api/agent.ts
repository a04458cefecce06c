/**
 * Agent applications (`/api/v1/apps`, `/api/v1/runs`, `/api/v1/conversations`) as in docs/agent-api.md, and the
 * workflow definition format of docs/agent-workflow.md. Every field the portal reads is declared here, so a change
 * of the contract touches this file. Tools (MCP servers, database connections, components) are in agentTools.ts.
 */
import { download, http, type Query } from './http'
import { streamSse, type SseEvent } from './sse'
import type { Id, Page } from './types'

export type AppType = 'assistant' | 'workflow'
export type AppSharing = 'private' | 'org' | 'global'
export type AppSort = 'latest' | 'popular' | 'favourites'
export const APP_TYPES: AppType[] = ['workflow', 'assistant']
export const APP_SHARINGS: AppSharing[] = ['private', 'org', 'global']
export const APP_SORTS: AppSort[] = ['latest', 'popular', 'favourites']
/** `[a-z][a-z0-9-]{1,63}`: the code becomes the model name `app/<code>`. */
export const APP_CODE_PATTERN = /^[a-z][a-z0-9-]{1,63}$/

// ---- the definition format (jingzhi-workflow/1) ----

export type VarType =
  | 'string' | 'number' | 'boolean' | 'object' | 'array[string]' | 'array[number]' | 'array[object]' | 'array[any]' | 'secret' | 'any'
export const VAR_TYPES: VarType[] = ['string', 'number', 'boolean', 'object', 'array[string]', 'array[number]', 'array[object]', 'array[any]', 'secret', 'any']

export interface VariableSpec {
  name: string
  type: VarType
  label?: string | null
  description?: string | null
  required?: boolean
  value?: unknown
  options?: string[]
  max_length?: number | null
}

export type OnError = 'fail' | 'fallback' | 'branch'
export interface NodePolicy {
  timeout_ms?: number | null
  retries?: number | null
  retry_interval_ms?: number | null
  on_error?: OnError | null
  fallback?: Record<string, unknown> | null
}

export interface NodeSpec {
  id: string
  type: string
  title?: string | null
  config: Record<string, unknown>
  policy?: NodePolicy | null
  position?: { x: number; y: number } | null
}

export interface EdgeSpec {
  id?: string | null
  source: string
  source_handle?: string | null
  target: string
}

export interface WorkflowDefinition {
  format: string
  environment: VariableSpec[]
  conversation_variables: VariableSpec[]
  nodes: NodeSpec[]
  edges: EdgeSpec[]
}
export const CURRENT_FORMAT = 'jingzhi-workflow/1'
/** What a secret value looks like when the server answers it (a PUT sending it back keeps the stored one). */
export const SECRET_MASK = '******'

// ---- apps ----

export interface AssistantConfig {
  model: string
  system_prompt?: string | null
  opening_statement?: string | null
  opening_questions?: string[]
  knowledge?: { bases: string[]; top_k?: number | null; score_threshold?: number | null; mode?: 'hybrid' | 'vector' | 'fulltext' | null } | null
  tools?: { kind: 'mcp'; server: string; tool: string }[]
  temperature?: number | null
  memory_turns?: number | null
}

export interface AppSummary {
  code: string
  name: string
  type: AppType
  description?: string | null
  tags: string[]
  icon?: string | null
  project?: string | null
  org_name?: string | null
  sharing?: AppSharing
  publisher?: string | null
  published_at?: string | null
  version?: number | null
  views?: number
  uses?: number
  favourites?: number
  copies?: number
  channels?: string[]
  favourite?: boolean
}

export interface App extends AppSummary {
  draft_updated_at?: string | null
  published_version?: number | null
  created_at?: string | null
}

export interface AppInput {
  code: string
  name: string
  type: AppType
  project: string
  description?: string
  tags?: string[]
  icon?: string | null
  sharing?: AppSharing
  assistant?: AssistantConfig
  definition?: WorkflowDefinition
}

export type AppPatch = Partial<Pick<AppInput, 'name' | 'description' | 'tags' | 'icon' | 'sharing'>>

export interface Draft {
  definition?: WorkflowDefinition | null
  assistant?: AssistantConfig | null
  updated_at?: string | null
}

export interface AppVersion {
  version: number
  note?: string | null
  /** the publisher's username */
  publisher?: string | null
  published_at?: string | null
  updated_at?: string | null
  format?: string | null
  definition?: WorkflowDefinition | null
  assistant?: AssistantConfig | null
}

export interface ValidationResult {
  valid: boolean
  errors: { field: string; message: string }[]
}

/** The import answer: the new app, the status of each component the archive names, and the missing ones. */
export interface ImportResult {
  app: App
  components?: { kind?: string; name: string; status: string }[]
  missing_components?: string[]
}

export interface DraftProposal {
  name?: string | null
  type: AppType
  assistant?: AssistantConfig | null
  definition?: WorkflowDefinition | null
  notes?: string | null
  valid?: boolean
  errors?: { field: string; message: string }[]
}

export interface AppKey {
  id: Id
  name?: string | null
  prefix?: string | null
  key?: string | null
  created_at?: string | null
  expires_at?: string | null
}

export interface CatalogQuery extends Query {
  q?: string
  tag?: string
  type?: AppType | ''
  sort?: AppSort
  mine?: boolean
  page?: number
  size?: number
}

// ---- runs ----

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'
export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'fallback' | 'error_branch' | 'skipped' | 'waiting'

export interface Usage {
  prompt_tokens?: number
  completion_tokens?: number
  total_tokens?: number
}

/** One node execution of a run (the engine's NodeTrace). */
export interface NodeTrace {
  execution_id: string
  node_id: string
  type?: string | null
  title?: string | null
  status: NodeStatus | string
  inputs?: Record<string, unknown> | null
  outputs?: Record<string, unknown> | null
  details?: Record<string, unknown> | null
  handle?: string | null
  attempts?: number
  error_code?: string | null
  error_message?: string | null
  /** a stored trace answers `{code, message}`; a live one carries error_code/error_message */
  error?: string | { code?: string; message?: string; detail?: string } | null
  started_at?: string | null
  elapsed_micros?: number | null
  elapsed_ms?: number | null
  usage?: Usage | null
}

export interface Run {
  id?: Id
  run_id?: Id
  app_code?: string
  version?: number | null
  status: RunStatus
  source?: string | null
  query?: string | null
  inputs?: Record<string, unknown> | null
  answer?: string | null
  outputs?: Record<string, unknown> | null
  usage?: Usage | null
  elapsed_ms?: number | null
  error?: string | { code?: string; message?: string; detail?: string } | null
  error_code?: string | null
  error_message?: string | null
  failed_node?: string | null
  conversation_id?: string | null
  user?: string | null
  username?: string | null
  started_at?: string | null
  created_at?: string | null
  finished_at?: string | null
  intervened?: boolean
  nodes?: NodeTrace[]
  trace?: NodeTrace[]
}

export interface RunInput {
  inputs?: Record<string, unknown>
  query?: string
  conversation_id?: string | null
  stream?: boolean
  version?: 'draft' | number
}

export interface AppStats {
  calls: number
  errors: number
  p50_ms?: number | null
  p95_ms?: number | null
  tokens?: number | null
  users?: number | null
  distinct_users?: number | null
  days?: { day: string; calls: number; errors: number; tokens?: number }[]
  series?: { day: string; calls: number; errors: number; tokens?: number }[]
}

export interface Conversation {
  id: string
  title?: string | null
  name?: string | null
  app_code?: string
  updated_at?: string | null
  created_at?: string | null
  turns?: ConversationTurn[]
}

export interface ConversationTurn {
  run_id?: Id
  query?: string | null
  answer?: string | null
  status?: RunStatus
  created_at?: string | null
  intervened?: boolean
  feedback?: { rating: 'up' | 'down' } | null
}

// ---- intervention and feedback ----

export interface CuratedQa {
  id: Id
  question: string
  answer: string
  enabled?: boolean
  created_at?: string | null
}

export interface ReplyRule {
  id: Id
  name: string
  match: 'keyword' | 'regex'
  pattern: string
  reply: string
  priority: number
  enabled: boolean
}

export interface InterventionSettings {
  enabled: boolean
  threshold: number
}

export interface Feedback {
  id: Id
  run_id: Id
  rating: 'up' | 'down'
  comment?: string | null
  corrected_answer?: string | null
  query?: string | null
  answer?: string | null
  adopted?: boolean
  user?: string | null
  created_at?: string | null
}

export interface FeedbackInput {
  rating: 'up' | 'down'
  comment?: string
  corrected_answer?: string
}

// ---- calls ----

const apps = '/api/v1/apps'
const app = (code: string) => `${apps}/${encodeURIComponent(code)}`
const runs = '/api/v1/runs'

/** A page or a bare list: the catalog answers a page, some lists a plain array. */
export function itemsOf<T>(body: Page<T> | T[] | { items?: T[] } | undefined | null): T[] {
  if (!body) return []
  if (Array.isArray(body)) return body
  return Array.isArray(body.items) ? body.items : []
}

export const appsApi = {
  list: (query: CatalogQuery) => http.get<Page<AppSummary>>(apps, query),
  get: (code: string) => http.get<App>(app(code)),
  create: (body: AppInput) => http.post<App>(apps, body),
  update: (code: string, patch: AppPatch) => http.patch<App>(app(code), patch),
  remove: (code: string) => http.delete(app(code)),
  draft: (code: string) => http.get<Draft>(`${app(code)}/draft`),
  saveWorkflow: (code: string, definition: WorkflowDefinition) => http.put<Draft>(`${app(code)}/draft`, { definition }),
  saveAssistant: (code: string, assistant: AssistantConfig) => http.put<Draft>(`${app(code)}/draft`, { assistant }),
  validate: (code: string, definition: WorkflowDefinition) => http.post<ValidationResult>(`${app(code)}/validate`, { definition }),
  publish: (code: string, note: string) => http.post<AppVersion>(`${app(code)}/publish`, { note }),
  versions: (code: string) => http.get<AppVersion[] | Page<AppVersion>>(`${app(code)}/versions`).then(itemsOf),
  version: (code: string, n: number) => http.get<AppVersion>(`${app(code)}/versions/${n}`),
  restore: (code: string, n: number) => http.post<Draft>(`${app(code)}/versions/${n}/restore`),
  favourite: (code: string, on: boolean) => (on ? http.put<void>(`${app(code)}/favourite`) : http.delete(`${app(code)}/favourite`)),
  copy: (code: string, body: { code: string; name: string; project: string }) => http.post<App>(`${app(code)}/copy`, body),
  exportTar: (code: string) => download(`${app(code)}/export`, undefined, `${code}.tar`),
  importTar: (file: File, project: string, code?: string) => {
    const form = new FormData()
    form.append('file', file)
    form.append('project', project)
    if (code) form.append('code', code)
    return http.post<ImportResult>(`${apps}/import`, form)
  },
  keys: (code: string) => http.get<AppKey[] | Page<AppKey>>(`${app(code)}/keys`).then(itemsOf),
  createKey: (code: string, body: { name: string; expires_at?: string | null }) => http.post<AppKey>(`${app(code)}/keys`, body),
  propose: (body: { description: string; type?: AppType; model?: string; project?: string }) => http.post<DraftProposal>(`${apps}/draft`, body),
}

export const runsApi = {
  run: (code: string, body: RunInput) => http.post<Run>(`${app(code)}/run`, { ...body, stream: false }),
  /** Streams a run (SSE events of docs/agent-api.md); resolves when the stream ends. */
  stream: (code: string, body: RunInput, onEvent: (ev: SseEvent) => void, signal?: AbortSignal) =>
    streamSse(`${app(code)}/run`, { body: { ...body, stream: true }, onEvent, signal }),
  /** A debug run of the given (unsaved) definition or of the draft; editors only. */
  debug: (code: string, body: { definition?: WorkflowDefinition; inputs: Record<string, unknown>; query?: string }, onEvent: (ev: SseEvent) => void, signal?: AbortSignal) =>
    streamSse(`${app(code)}/debug`, { body, onEvent, signal }),
  list: (code: string, query: { limit?: number; status?: string; before?: string } = {}) =>
    http.get<Run[] | Page<Run>>(`${app(code)}/runs`, query).then(itemsOf),
  get: (id: Id) => http.get<Run>(`${runs}/${id}`),
  rerun: (id: Id) => http.post<Run>(`${runs}/${id}/rerun`, { stream: false }),
  cancel: (id: Id) => http.post<Run>(`${runs}/${id}/cancel`),
  input: (id: Id, values: Record<string, unknown>, onEvent: (ev: SseEvent) => void) =>
    streamSse(`${runs}/${id}/input`, { body: { values, stream: true }, onEvent }),
  stats: (code: string, from?: string, to?: string) => http.get<AppStats>(`${app(code)}/stats`, { from, to }),
  conversations: (code: string) => http.get<Conversation[] | Page<Conversation>>(`${app(code)}/conversations`).then(itemsOf),
  conversation: (id: string) => http.get<Conversation>(`/api/v1/conversations/${encodeURIComponent(id)}`),
  feedback: (id: Id, body: FeedbackInput) => http.post<Feedback>(`${runs}/${id}/feedback`, body),
}

const iv = (code: string) => `${app(code)}/interventions`

export const interventionsApi = {
  qa: (code: string) => http.get<CuratedQa[] | Page<CuratedQa>>(`${iv(code)}/qa`).then(itemsOf),
  addQa: (code: string, body: Omit<CuratedQa, 'id'>) => http.post<CuratedQa>(`${iv(code)}/qa`, body),
  updateQa: (code: string, id: Id, body: Partial<CuratedQa>) => http.patch<CuratedQa>(`${iv(code)}/qa/${id}`, body),
  removeQa: (code: string, id: Id) => http.delete(`${iv(code)}/qa/${id}`),
  importQa: (code: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<{ imported?: number; skipped?: number; errors?: string[] }>(`${iv(code)}/qa/import`, form)
  },
  rules: (code: string) => http.get<ReplyRule[] | Page<ReplyRule>>(`${iv(code)}/rules`).then(itemsOf),
  addRule: (code: string, body: Omit<ReplyRule, 'id'>) => http.post<ReplyRule>(`${iv(code)}/rules`, body),
  updateRule: (code: string, id: Id, body: Partial<ReplyRule>) => http.patch<ReplyRule>(`${iv(code)}/rules/${id}`, body),
  removeRule: (code: string, id: Id) => http.delete(`${iv(code)}/rules/${id}`),
  settings: (code: string) => http.get<InterventionSettings>(`${iv(code)}/settings`),
  saveSettings: (code: string, body: InterventionSettings) => http.put<InterventionSettings>(`${iv(code)}/settings`, body),
  feedback: (code: string) => http.get<Feedback[] | Page<Feedback>>(`${app(code)}/feedback`).then(itemsOf),
  adopt: (code: string, id: Id) => http.post<CuratedQa>(`${app(code)}/feedback/${id}/adopt`),
}

/** The id of a run whichever name the answer uses. */
export function runId(run: Pick<Run, 'id' | 'run_id'>): Id | undefined {
  return run.run_id ?? run.id
}

/** A run's trace whichever name the answer uses. */
export function runTrace(run: Pick<Run, 'nodes' | 'trace'>): NodeTrace[] {
  return run.nodes ?? run.trace ?? []
}

/** A run's (or a node trace's) error as one line: `code: message`. */
export function runError(run: { error?: Run['error'] | NodeTrace['error']; error_code?: string | null; error_message?: string | null }): string {
  const e = run.error
  if (e && typeof e === 'object') return [e.code, e.message ?? e.detail].filter(Boolean).join(': ')
  return [run.error_code, run.error_message ?? e].filter(Boolean).join(': ')
}

/** What went into a run in one line: the query, else the values of its inputs (a workflow run has no query). */
export function runInputText(run: Pick<Run, 'query' | 'inputs'>): string {
  if (run.query) return run.query
  return Object.values(run.inputs ?? {})
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .join(' · ')
}

/** Total tokens of a usage object (total, or prompt + completion). */
export function totalTokens(usage?: Usage | null): number {
  if (!usage) return 0
  return usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0)
}

/** Elapsed time of a node trace in milliseconds (the engine reports microseconds). */
export function traceElapsedMs(trace: Pick<NodeTrace, 'elapsed_micros' | 'elapsed_ms'>): number | undefined {
  if (trace.elapsed_ms !== undefined && trace.elapsed_ms !== null) return trace.elapsed_ms
  if (trace.elapsed_micros !== undefined && trace.elapsed_micros !== null) return Math.round(trace.elapsed_micros / 100) / 10
  return undefined
}

/** The portal path of an app's chat page. */
export function chatPath(code: string): string {
  return `/agent/apps/${encodeURIComponent(code)}/chat`
}
