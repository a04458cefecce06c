/**
 * The portal's single request client. Every call to the platform API goes through here so the
 * bearer token, JSON handling, RFC 9457 problem details and the 401 handling live in one place.
 */
import { useAuthStore } from '@/stores/auth'
import { currentLocale } from '@/i18n'

/** One field-level validation error from a problem detail's `errors` array. */
export interface FieldError {
  field: string
  message: string
}

/** RFC 9457 problem detail as the server sends it. */
export interface ProblemDetail {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  request_id?: string
  errors?: FieldError[]
  /** OpenAI-shaped error of the `/v1` API: `{error: {message, type, code, param}}`. */
  error?: OpenAiErrorBody
}

/** The `error` object of an OpenAI-compatible error response (also sent as an SSE event mid-stream). */
export interface OpenAiErrorBody {
  message?: string
  type?: string
  code?: string | null
  param?: string | null
}

/** Thrown for every failed API call; `message` is what the UI shows. */
export class ApiError extends Error {
  readonly status: number
  readonly code?: string
  readonly requestId?: string
  readonly fieldErrors: FieldError[]
  readonly problem?: ProblemDetail

  constructor(status: number, message: string, problem?: ProblemDetail) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
    this.code = problem?.code ?? problem?.error?.code ?? undefined
    this.requestId = problem?.request_id
    this.fieldErrors = Array.isArray(problem?.errors) ? problem!.errors : []
  }

  /** Field errors whose text the message does not already carry. */
  get extraFieldErrors(): FieldError[] {
    return this.fieldErrors.filter((e) => e.message && !this.message.includes(e.message))
  }

  /** The message plus the field errors, one per line, for validation failures. */
  get fullMessage(): string {
    const lines = this.extraFieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
    return [this.message, ...lines].join('\n')
  }
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Do not clear the session on 401 (e.g. a wrong current password). */
  noAuthRedirect?: boolean
}

type Handler = () => void
let onUnauthorized: Handler = () => {}
let onPasswordChangeRequired: Handler = () => {}

/** The app registers navigation to /login here (keeps this module free of the router). */
export function setUnauthorizedHandler(handler: Handler): void {
  onUnauthorized = handler
}

/** Called when the server refuses a call until the password is changed (403 password_change_required). */
export function setPasswordChangeHandler(handler: Handler): void {
  onPasswordChangeRequired = handler
}

export const PASSWORD_CHANGE_REQUIRED = 'password_change_required'

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

function authHeaders(): Record<string, string> {
  const token = useAuthStore().token
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** Reads a failed response into an ApiError (problem detail when present). */
export async function toApiError(res: Response): Promise<ApiError> {
  let problem: ProblemDetail | undefined
  const text = await res.text().catch(() => '')
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object') problem = parsed as ProblemDetail
    } catch {
      // not JSON: fall through to the status text
    }
  }
  // problem details (`/api`) or OpenAI's `{error: {message}}` (`/v1`)
  const openAi = problem?.error && typeof problem.error === 'object' ? problem.error : undefined
  const message =
    problem?.detail || problem?.title || openAi?.message || res.statusText || `HTTP ${res.status}`
  return new ApiError(res.status, message, problem)
}

function handleUnauthorized(res: Response, sentToken: boolean, opts?: RequestOptions): void {
  if (res.status !== 401 || !sentToken || opts?.noAuthRedirect) return
  useAuthStore().clear()
  onUnauthorized()
}

/** Performs a fetch with auth and error handling; returns the raw successful Response. */
export async function rawRequest(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // lets the server word its problem details in the portal's language where it can
    'Accept-Language': currentLocale(),
    ...authHeaders(),
    ...opts.headers,
  }
  const init: RequestInit = { method, headers, signal: opts.signal }
  if (opts.body instanceof FormData) {
    init.body = opts.body // multipart upload: the browser sets the content type with its boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), init)
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError(0, (e as Error)?.message || 'Network error')
  }
  if (!res.ok) {
    handleUnauthorized(res, 'Authorization' in headers, opts)
    const error = await toApiError(res)
    if (res.status === 403 && error.code === PASSWORD_CHANGE_REQUIRED) {
      useAuthStore().setPasswordChange('required')
      onPasswordChangeRequired()
    }
    throw error
  }
  return res
}

/** JSON request; 204 and empty bodies resolve to undefined. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await rawRequest(method, path, opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (!text) return undefined as T
  return JSON.parse(text) as T
}

export const http = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}

/** Downloads a file with the bearer token (fetch → blob) and saves it under the server's name. */
export async function download(path: string, query?: Query, fallbackName = 'download'): Promise<void> {
  const res = await rawRequest('GET', path, { query, headers: { Accept: '*/*' } })
  const blob = await res.blob()
  const name = fileNameFrom(res.headers.get('Content-Disposition')) ?? fallbackName
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function fileNameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1].trim() : undefined
}
