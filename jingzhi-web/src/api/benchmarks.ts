/**
 * Benchmarks / load tests (`/api/v1/benchmarks`). All field access to these responses is declared here.
 */
import { http } from './http'
import type { Id, Page } from './types'

export type BenchmarkMode = 'concurrency' | 'poisson'
export type BenchmarkStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
export const BENCHMARK_STATUSES: BenchmarkStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']

export interface BenchmarkSlo {
  ttft_ms?: number | null
  tpot_ms?: number | null
  e2e_ms?: number | null
}

export interface BenchmarkConfig {
  name?: string | null
  model: string
  mode: BenchmarkMode
  concurrency?: number | null
  rate?: number | null
  requests: number
  warmup_requests?: number | null
  prompt?: string | null
  prompt_tokens?: number | null
  max_tokens?: number | null
  stream?: boolean
  slo?: BenchmarkSlo | null
}

/** mean / median / p90 / p95 / p99 of one latency metric, in ms. */
export interface Distribution {
  mean?: number | null
  median?: number | null
  p90?: number | null
  p95?: number | null
  p99?: number | null
}

export const DISTRIBUTION_KEYS = ['mean', 'median', 'p90', 'p95', 'p99'] as const
export const LATENCY_METRICS = ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2e_ms'] as const
export type LatencyMetric = (typeof LATENCY_METRICS)[number]

export interface BenchmarkResults {
  requests: number
  completed: number
  failed: number
  duration_s: number
  request_throughput: number
  input_token_throughput: number
  output_token_throughput: number
  total_token_throughput: number
  goodput?: number | null
  ttft_ms?: Distribution | null
  tpot_ms?: Distribution | null
  itl_ms?: Distribution | null
  e2e_ms?: Distribution | null
}

export const THROUGHPUT_METRICS = [
  'request_throughput',
  'input_token_throughput',
  'output_token_throughput',
  'total_token_throughput',
  'goodput',
] as const

export interface TimelinePoint {
  t_s: number
  completed: number
  ttft_ms_p50?: number | null
  output_tokens_per_s?: number | null
}

export interface Benchmark {
  id: Id
  name?: string | null
  model: string
  status: BenchmarkStatus
  progress?: number | null
  error?: string | null
  config?: BenchmarkConfig | null
  created_by?: string | null
  created_at?: string | null
  started_at?: string | null
  finished_at?: string | null
  results?: BenchmarkResults | null
  timeline?: TimelinePoint[] | null
}

/** `GET /compare` answers with the runs side by side; older shapes (a bare array) are accepted too. */
export interface BenchmarkComparison {
  items: Benchmark[]
}

export function isActive(status: BenchmarkStatus | undefined): boolean {
  return status === 'queued' || status === 'running'
}

/**
 * The request body of a new run from the form: fields that do not apply to the chosen mode (rate for
 * concurrency, concurrency for poisson), to the prompt choice, or that are empty, are left out.
 */
export function benchmarkBody(f: BenchmarkForm): BenchmarkConfig {
  const num = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? undefined : v)
  const body: BenchmarkConfig = {
    model: f.model,
    mode: f.mode,
    requests: f.requests,
    stream: f.stream,
  }
  if (f.name.trim()) body.name = f.name.trim()
  if (f.mode === 'concurrency') body.concurrency = num(f.concurrency)
  else body.rate = num(f.rate)
  if (num(f.warmup_requests) !== undefined) body.warmup_requests = f.warmup_requests
  if (f.promptSource === 'text') body.prompt = f.prompt
  else body.prompt_tokens = num(f.prompt_tokens)
  if (num(f.max_tokens) !== undefined) body.max_tokens = f.max_tokens
  const slo: BenchmarkSlo = {}
  if (num(f.slo_ttft_ms)) slo.ttft_ms = f.slo_ttft_ms
  if (num(f.slo_tpot_ms)) slo.tpot_ms = f.slo_tpot_ms
  if (num(f.slo_e2e_ms)) slo.e2e_ms = f.slo_e2e_ms
  if (Object.keys(slo).length) body.slo = slo
  return body
}

export interface BenchmarkForm {
  name: string
  model: string
  mode: BenchmarkMode
  concurrency: number | null
  rate: number | null
  requests: number
  warmup_requests: number | null
  promptSource: 'text' | 'tokens'
  prompt: string
  prompt_tokens: number | null
  max_tokens: number | null
  stream: boolean
  slo_ttft_ms: number | null
  slo_tpot_ms: number | null
  slo_e2e_ms: number | null
}

export function defaultBenchmarkForm(): BenchmarkForm {
  return {
    name: '',
    model: '',
    mode: 'concurrency',
    concurrency: 4,
    rate: 2,
    requests: 50,
    warmup_requests: 2,
    promptSource: 'tokens',
    prompt: '',
    prompt_tokens: 256,
    max_tokens: 128,
    stream: true,
    slo_ttft_ms: null,
    slo_tpot_ms: null,
    slo_e2e_ms: null,
  }
}

/** `ids=1,2,3` of the compare call (duplicates removed, order kept). */
export function compareQuery(ids: readonly Id[]): { ids: string } {
  return { ids: [...new Set(ids.map(String))].join(',') }
}

const base = '/api/v1/benchmarks'

export const benchmarksApi = {
  list: (page: number, size: number, filter: { model?: string; status?: string } = {}) =>
    http.get<Page<Benchmark>>(base, { ...filter, page, size }),
  get: (id: Id) => http.get<Benchmark>(`${base}/${id}`),
  create: (body: BenchmarkConfig) => http.post<Benchmark>(base, body),
  cancel: (id: Id) => http.post<Benchmark>(`${base}/${id}/cancel`),
  retry: (id: Id) => http.post<Benchmark>(`${base}/${id}/retry`),
  compare: async (ids: readonly Id[]): Promise<Benchmark[]> => {
    const res = await http.get<BenchmarkComparison | Benchmark[]>(`${base}/compare`, compareQuery(ids))
    return Array.isArray(res) ? res : (res?.items ?? [])
  },
}
