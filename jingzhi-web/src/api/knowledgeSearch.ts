/**
 * The search portal (政务知识智能检索, `/api/v1/knowledge-search`): one search over every base the caller may read,
 * rankings and the zombie-knowledge report, as in docs/knowledge-api.md.
 */
import { http } from './http'
import type { Id, Page } from './types'

export type SearchSort = 'relevance' | 'newest' | 'views' | 'downloads'
export type Validity = 'valid' | 'expired' | 'superseded' | 'unknown'
export type RankingPeriod = 'day' | 'week' | 'month' | 'total'
export type RankingBy = 'document' | 'domain' | 'owner'
export type RankingMetric = 'views' | 'downloads' | 'hits'

export const SEARCH_SORTS: SearchSort[] = ['relevance', 'newest', 'views', 'downloads']
export const RANKING_PERIODS: RankingPeriod[] = ['day', 'week', 'month', 'total']
export const RANKING_BYS: RankingBy[] = ['document', 'domain', 'owner']
export const RANKING_METRICS: RankingMetric[] = ['hits', 'views', 'downloads']

export interface SearchFilters {
  issuing_unit?: string
  domain?: string
  doc_type?: string
  /** 'YYYY-MM-DD': documents in force on that day */
  effective_on?: string
}

export interface SearchRequest {
  query: string
  kb_ids?: Id[]
  filters?: SearchFilters
  sort: SearchSort
  page: number
  size: number
}

export interface SearchHit {
  document_id: Id
  kb_id: Id
  kb_name: string
  title?: string | null
  filename: string
  highlight?: string | null
  score?: number | null
  metadata?: Record<string, unknown> | null
  owner_org?: string | null
  status: Validity
  views: number
  downloads: number
  updated_at?: string
}

export interface RankingItem {
  key: string
  label?: string | null
  count: number
}

export interface Zombie {
  document_id: Id
  kb_id: Id
  title?: string | null
  reason: 'never_retrieved' | 'expired' | 'superseded' | string
  last_hit_at?: string | null
  expiry_date?: string | null
}

/** The search form as the page holds it (empty strings for untouched fields). */
export interface SearchForm {
  query: string
  kb_ids: Id[]
  issuing_unit: string
  domain: string
  doc_type: string
  effective_on: string | null
  sort: SearchSort
  page: number
  size: number
}

/** Turns the form into the request body: untouched filters are left out rather than sent empty. */
export function searchBody(form: SearchForm): SearchRequest {
  const filters: SearchFilters = {}
  if (form.issuing_unit.trim()) filters.issuing_unit = form.issuing_unit.trim()
  if (form.domain.trim()) filters.domain = form.domain.trim()
  if (form.doc_type.trim()) filters.doc_type = form.doc_type.trim()
  if (form.effective_on) filters.effective_on = form.effective_on
  const body: SearchRequest = { query: form.query.trim(), sort: form.sort, page: form.page, size: form.size }
  if (form.kb_ids.length) body.kb_ids = [...form.kb_ids]
  if (Object.keys(filters).length) body.filters = filters
  return body
}

export const knowledgeSearchApi = {
  search: (body: SearchRequest) => http.post<Page<SearchHit>>('/api/v1/knowledge-search', body),
  rankings: (query: { period: RankingPeriod; by: RankingBy; metric: RankingMetric; limit?: number }) =>
    http.get<{ items: RankingItem[] }>('/api/v1/knowledge-search/rankings', query),
  zombies: (query: { days: number; kb_id?: Id | null }) =>
    http.get<{ items: Zombie[] }>('/api/v1/knowledge-search/zombies', query as Record<string, string | number | undefined>),
}
