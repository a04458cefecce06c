import { describe, expect, it } from 'vitest'
import { searchBody, type SearchForm } from './knowledgeSearch'

const form = (over: Partial<SearchForm> = {}): SearchForm => ({
  query: '  新生儿医保  ',
  kb_ids: [],
  issuing_unit: '',
  domain: '',
  doc_type: '',
  effective_on: null,
  sort: 'relevance',
  page: 1,
  size: 10,
  ...over,
})

describe('search portal request body', () => {
  it('leaves untouched filters and an empty base list out', () => {
    expect(searchBody(form())).toEqual({ query: '新生儿医保', sort: 'relevance', page: 1, size: 10 })
  })

  it('sends the filters that are set, trimmed, and the chosen bases', () => {
    const body = searchBody(form({ kb_ids: [3, 'b7'], issuing_unit: ' 市医保局 ', domain: '医疗保障', effective_on: '2025-01-01', sort: 'downloads', page: 3 }))
    expect(body).toEqual({
      query: '新生儿医保',
      kb_ids: [3, 'b7'],
      filters: { issuing_unit: '市医保局', domain: '医疗保障', effective_on: '2025-01-01' },
      sort: 'downloads',
      page: 3,
      size: 10,
    })
  })
})
