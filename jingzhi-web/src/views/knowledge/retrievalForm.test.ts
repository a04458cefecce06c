import { describe, expect, it } from 'vitest'
import { defaultRetrievalForm, filtersOf, newFilterRow, retrieveRequest } from './retrievalForm'

describe('retrieval console form', () => {
  it('turns filter rows into the contract filters: value, list, range; incomplete rows skipped', () => {
    const rows = [
      { ...newFilterRow(), field: 'issuing_unit', op: 'eq' as const, value: ' 市医保局 ' },
      { ...newFilterRow(), field: 'tags', op: 'in' as const, value: '医保，生育, ,转移' },
      { ...newFilterRow(), field: 'effective_date', op: 'range' as const, from: '2024-01-01', to: '' },
      { ...newFilterRow(), field: 'domain', op: 'eq' as const, value: '   ' },
      { ...newFilterRow(), field: ' ', op: 'eq' as const, value: 'x' },
    ]
    expect(filtersOf(rows)).toEqual({
      issuing_unit: '市医保局',
      tags: ['医保', '生育', '转移'],
      effective_date: { from: '2024-01-01' },
    })
    expect(filtersOf([])).toBeUndefined()
  })

  it('starts from the base defaults and sends only what is set', () => {
    const form = defaultRetrievalForm({ mode: 'vector', top_k: 5, fusion: 'rrf', context: { neighbours: 0, parent: false } })
    form.query = '  医保转移  '
    expect(retrieveRequest(form)).toEqual({ query: '医保转移', mode: 'vector', top_k: 5, rerank: false })
  })

  it('sends threshold, rerank, context and filters when chosen', () => {
    const form = defaultRetrievalForm(null)
    Object.assign(form, { query: 'q', score_threshold: 0, rerank: true, neighbours: 1, parent: true })
    form.filters.push({ ...newFilterRow(), field: 'doc_type', value: '通知' })
    expect(retrieveRequest(form)).toEqual({
      query: 'q',
      mode: 'hybrid',
      top_k: 10,
      rerank: true,
      score_threshold: 0, // zero is a threshold, not "none"
      context: { neighbours: 1, parent: true },
      filters: { doc_type: '通知' },
    })
  })
})
