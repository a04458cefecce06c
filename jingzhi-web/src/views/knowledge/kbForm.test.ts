import { describe, expect, it } from 'vitest'
import type { KnowledgeBase } from '@/api/knowledge'
import { emptyKbForm, kbFormOf, kbInputOf } from './kbForm'

const base: KnowledgeBase = {
  id: 1,
  code: 'yb-policy',
  name: '医保政策',
  project: 'health',
  project_id: 3,
  project_code: 'health',
  org_id: 2,
  tenant_id: 2,
  group: '政策法规',
  sharing: 'orgs',
  shared_org_ids: [5, 6],
  embedding_model: 'bge-small-zh-v1.5',
  chunking: { strategy: 'table', max_chars: 400, overlap_chars: 40, parent_chars: 0, columns: { 事项: 'index', 部门: 'metadata' }, schema: [{ name: '级别', type: 'enum', values: ['市级', '区级'], required: true }] },
  retrieval: { mode: 'hybrid', top_k: 8, fusion: 'weighted', vector_weight: 0.7, score_threshold: 0.3, context: { neighbours: 1, parent: false } },
  dictionary_ids: [9],
  cleaning: { traditional_to_simplified: true, remove_headers_and_footers: true, remove_page_numbers: false, remove_duplicates: true, repair_mojibake: true },
  document_count: 0,
  chunk_count: 0,
  created_at: '',
  updated_at: '',
}

describe('knowledge base form', () => {
  it('round-trips a base through the form without losing settings (code is not sent on update)', () => {
    const body = kbInputOf(kbFormOf(base), false)
    expect(body.code).toBeUndefined()
    expect(body).toMatchObject({
      name: '医保政策',
      project: 'health',
      group: '政策法规',
      sharing: 'orgs',
      shared_org_ids: [5, 6],
      chunking: { strategy: 'table', max_chars: 400, overlap_chars: 40, columns: { 事项: 'index', 部门: 'metadata' }, schema: [{ name: '级别', type: 'enum', values: ['市级', '区级'], required: true }] },
      retrieval: { mode: 'hybrid', top_k: 8, fusion: 'weighted', vector_weight: 0.7, score_threshold: 0.3 },
      dictionary_ids: [9],
      cleaning: { traditional_to_simplified: true, remove_page_numbers: false, remove_duplicates: true },
    })
  })

  it('gives a base made before cleaning options the defaults', () => {
    const { cleaning, ...older } = base
    expect(cleaning).toBeDefined()
    const body = kbInputOf(kbFormOf(older as KnowledgeBase), false)
    expect(body.cleaning).toEqual({ traditional_to_simplified: false, remove_headers_and_footers: true, remove_page_numbers: true, remove_duplicates: true, repair_mojibake: true })
  })

  it('drops blank columns and fields, named orgs unless sharing is "orgs", and the vector weight under RRF', () => {
    const form = emptyKbForm()
    Object.assign(form, { name: ' 办事指南 ', code: ' guide ', project: 'p1', sharing: 'org', shared_org_ids: [5] })
    form.columns.push({ column: ' ', role: 'both' }, { column: '材料', role: 'both' })
    form.schema.push({ name: '', type: 'string', values_text: '' }, { name: '时限', type: 'number', max_length: 0, values_text: 'x' })
    const body = kbInputOf(form, true)
    expect(body.name).toBe('办事指南')
    expect(body.code).toBe('guide')
    expect(body.shared_org_ids).toEqual([])
    expect(body.chunking?.columns).toEqual({ 材料: 'both' })
    expect(body.chunking?.schema).toEqual([{ name: '时限', type: 'number', required: false }])
    expect(body.retrieval?.vector_weight).toBeUndefined()
  })
})
