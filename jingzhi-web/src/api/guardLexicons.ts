/** Guard keyword banks (`/api/v1/guard/lexicons`), risk types, custom PII rules and clear-text roles. */
import { download, http, toApiError } from './http'
import { useAuthStore } from '@/stores/auth'
import { currentLocale } from '@/i18n'
import type { Id, Page } from './types'

export type EntryKind = 'term' | 'whitelist' | 'protective'
export type RiskLevel = 'low' | 'medium' | 'high'
export const ENTRY_KINDS: EntryKind[] = ['term', 'whitelist', 'protective']
export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high']
export const MASK_STRATEGIES = ['full', 'partial', 'token', 'hash', 'shuffle'] as const

export interface LexiconBank {
  id: Id
  tenant_id: Id | null
  scope: 'global' | 'tenant'
  name: string
  description?: string | null
  enabled: boolean
  current_version: number
  entry_count: number
  origin?: string | null
  created_at: string
  updated_at: string
}

export interface LexiconEntry {
  id: Id
  term: string
  risk_type: string | null
  level: RiskLevel | null
  requires: string[]
  kind: EntryKind
  note: string
}

export interface EntryBody {
  term: string
  risk_type?: string | null
  level?: RiskLevel | null
  requires?: string[]
  kind: EntryKind
  note?: string
}

export interface LexiconVersion {
  version: number
  created_by: string
  created_at: string
  entry_count: number
  summary: string
  restorable: boolean
}

export interface ImportResult {
  version: number
  added: number
  updated: number
  removed: number
  entry_count: number
}

export interface RiskTypes {
  classes: { code: string; name_zh: string; name_en: string }[]
  types: { code: string; class_code: string; name_zh: string; name_en: string }[]
}

export interface PiiRule {
  id: Id
  tenant_id: Id
  name: string
  kind: 'literal' | 'regex'
  pattern: string
  label?: string | null
  mask_strategy?: string | null
  enabled: boolean
}

export type PiiRuleBody = Omit<PiiRule, 'id' | 'tenant_id'>

export interface TryResult {
  matches: { start: number; end: number; value: string }[]
  masked_text: string
}

const base = '/api/v1/guard/lexicons'

/** Uploads a CSV or XLSX file as multipart (the JSON client does not send forms). */
async function upload<T>(path: string, file: File, query: Record<string, string>): Promise<T> {
  const form = new FormData()
  form.append('file', file)
  const token = useAuthStore().token
  const res = await fetch(`${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json', 'Accept-Language': currentLocale(), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  })
  if (!res.ok) throw await toApiError(res)
  return (await res.json()) as T
}

export const lexiconsApi = {
  list: () => http.get<LexiconBank[]>(base),
  create: (body: { name: string; description?: string; enabled?: boolean; scope?: string }) => http.post<LexiconBank>(base, body),
  update: (id: Id, body: Partial<{ name: string; description: string; enabled: boolean }>) => http.patch<LexiconBank>(`${base}/${id}`, body),
  remove: (id: Id) => http.delete(`${base}/${id}`),
  entries: (id: Id, query: { q?: string; risk_type?: string; kind?: string; page?: number; size?: number }) =>
    http.get<Page<LexiconEntry>>(`${base}/${id}/entries`, query),
  addEntry: (id: Id, body: EntryBody) => http.post<LexiconEntry>(`${base}/${id}/entries`, body),
  updateEntry: (id: Id, entryId: Id, body: EntryBody) => http.patch<LexiconEntry>(`${base}/${id}/entries/${entryId}`, body),
  removeEntry: (id: Id, entryId: Id) => http.delete(`${base}/${id}/entries/${entryId}`),
  importFile: (id: Id, file: File, mode: 'append' | 'replace') => upload<ImportResult>(`${base}/${id}/import`, file, { mode }),
  exportFile: (id: Id, format: 'csv' | 'xlsx') => download(`${base}/${id}/export`, { format }, `lexicon-${id}.${format}`),
  versions: (id: Id) => http.get<LexiconVersion[]>(`${base}/${id}/versions`),
  restore: (id: Id, version: number) => http.post<LexiconBank>(`${base}/${id}/versions/${version}/restore`),
  riskTypes: () => http.get<RiskTypes>('/api/v1/guard/risk-types'),
}

export const piiRulesApi = {
  list: () => http.get<PiiRule[]>('/api/v1/guard/pii-rules'),
  create: (body: PiiRuleBody) => http.post<PiiRule>('/api/v1/guard/pii-rules', body),
  update: (id: Id, body: Partial<PiiRuleBody>) => http.patch<PiiRule>(`/api/v1/guard/pii-rules/${id}`, body),
  remove: (id: Id) => http.delete(`/api/v1/guard/pii-rules/${id}`),
  tryRule: (body: { kind: string; pattern: string; label?: string | null; mask_strategy?: string | null; text: string }) =>
    http.post<TryResult>('/api/v1/guard/pii-rules/try', body),
  clearTextRoles: () => http.get<{ tenant_id: Id; roles: string[] }>('/api/v1/guard/clear-text-roles'),
  setClearTextRoles: (roles: string[]) => http.put<{ tenant_id: Id; roles: string[] }>('/api/v1/guard/clear-text-roles', { roles }),
}

