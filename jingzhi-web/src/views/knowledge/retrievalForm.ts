import type { FilterValue, RetrievalDefaults, RetrievalMode, RetrieveRequest } from '@/api/knowledge'

/** One metadata filter row of the retrieval console. */
export interface FilterRow {
  field: string
  /** eq: one value; in: comma-separated values; range: from/to (dates or numbers) */
  op: 'eq' | 'in' | 'range'
  value: string
  from: string
  to: string
}

/** The retrieval console's form. */
export interface RetrievalForm {
  query: string
  mode: RetrievalMode
  top_k: number
  /** null: no threshold */
  score_threshold: number | null
  rerank: boolean
  neighbours: number
  parent: boolean
  filters: FilterRow[]
}

export function defaultRetrievalForm(defaults?: RetrievalDefaults | null): RetrievalForm {
  return {
    query: '',
    mode: defaults?.mode ?? 'hybrid',
    top_k: defaults?.top_k ?? 10,
    score_threshold: defaults?.score_threshold ?? null,
    rerank: !!defaults?.rerank_model,
    neighbours: defaults?.context?.neighbours ?? 0,
    parent: defaults?.context?.parent ?? false,
    filters: [],
  }
}

export const newFilterRow = (): FilterRow => ({ field: 'issuing_unit', op: 'eq', value: '', from: '', to: '' })

/** Filter rows → the contract's `filters` object; incomplete rows are skipped, the same field twice: last wins. */
export function filtersOf(rows: FilterRow[]): Record<string, FilterValue> | undefined {
  const out: Record<string, FilterValue> = {}
  for (const row of rows) {
    const field = row.field.trim()
    if (!field) continue
    if (row.op === 'eq' && row.value.trim()) out[field] = row.value.trim()
    else if (row.op === 'in') {
      const values = row.value.split(/[,，]/).map((v) => v.trim()).filter(Boolean)
      if (values.length) out[field] = values
    } else if (row.op === 'range' && (row.from.trim() || row.to.trim())) {
      const range: { from?: string; to?: string } = {}
      if (row.from.trim()) range.from = row.from.trim()
      if (row.to.trim()) range.to = row.to.trim()
      out[field] = range
    }
  }
  return Object.keys(out).length ? out : undefined
}

/** The retrieve request of the form; options the user left at "none" are not sent, so the base's defaults apply. */
export function retrieveRequest(form: RetrievalForm): RetrieveRequest {
  const body: RetrieveRequest = { query: form.query.trim(), mode: form.mode, top_k: form.top_k, rerank: form.rerank }
  if (form.score_threshold !== null && form.score_threshold !== undefined) body.score_threshold = form.score_threshold
  if (form.neighbours > 0 || form.parent) body.context = { neighbours: form.neighbours, parent: form.parent }
  const filters = filtersOf(form.filters)
  if (filters) body.filters = filters
  return body
}
