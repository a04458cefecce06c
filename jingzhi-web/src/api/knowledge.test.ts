import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { compactMetadata, isJobFinal, knowledgeApi, uploadForm } from './knowledge'
import { useAuthStore } from '@/stores/auth'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('knowledge API helpers', () => {
  it('puts every file under the repeatable "file" part and the metadata as one JSON part', async () => {
    const a = new File(['第一条 总则'], '条例.txt', { type: 'text/plain' })
    const b = new File(['问：如何办理？'], 'faq.md', { type: 'text/markdown' })
    const form = uploadForm([a, b], { issuing_unit: ' 市医保局 ', domain: '', tags: ['医保'], doc_number: undefined })
    const files = form.getAll('file') as File[]
    expect(files.map((f) => f.name)).toEqual(['条例.txt', 'faq.md'])
    expect(JSON.parse(form.get('metadata') as string)).toEqual({ issuing_unit: '市医保局', tags: ['医保'] })
  })

  it('sends no metadata part when the metadata form was left empty', () => {
    const form = uploadForm([new File(['x'], 'a.txt')], { issuing_unit: '  ', tags: [] })
    expect(form.has('metadata')).toBe(false)
    expect(compactMetadata(null)).toBeNull()
  })

  it('knows which job states are final', () => {
    expect(['succeeded', 'failed', 'cancelled'].every((state) => isJobFinal({ state: state as never }))).toBe(true)
    expect(['queued', 'running', 'paused'].some((state) => isJobFinal({ state: state as never }))).toBe(false)
  })
})

describe('knowledge API calls', () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    useAuthStore().setToken('tok-kb')
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('uploads as multipart with the token and without a JSON content type', async () => {
    fetchMock.mockResolvedValue(json({ job_id: 7, documents: [{ id: 1, filename: 'a.txt', status: 'pending' }] }, 202))
    const result = await knowledgeApi.upload(42, [new File(['x'], 'a.txt')], null)
    expect(result.job_id).toBe(7)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/knowledge-bases/42/documents')
    expect(init.method).toBe('POST')
    expect(init.body).toBeInstanceOf(FormData)
    expect(init.headers.Authorization).toBe('Bearer tok-kb')
    expect(init.headers['Content-Type']).toBeUndefined() // the browser adds the multipart boundary
  })

  it('retrieves with a JSON body and reads the chunks', async () => {
    fetchMock.mockResolvedValue(json({ chunks: [{ id: 'c1', text: 't', score: 0.8, document_id: 3, metadata: {} }], expanded_query: 'q', took_ms: 4 }))
    const result = await knowledgeApi.retrieve(5, { query: '医保', mode: 'hybrid', top_k: 3 })
    expect(result.chunks[0].score).toBe(0.8)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/knowledge-bases/5/retrieve')
    expect(JSON.parse(init.body)).toEqual({ query: '医保', mode: 'hybrid', top_k: 3 })
  })

  it('lists chunks with only the filters that are set', async () => {
    fetchMock.mockResolvedValue(json({ items: [], total: 0, page: 1, size: 20 }))
    await knowledgeApi.chunks(5, { document_id: null, q: '', enabled: false, page: 2, size: 20 })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/knowledge-bases/5/chunks?enabled=false&page=2&size=20')
  })

  it('posts job actions to the job resource', async () => {
    fetchMock.mockResolvedValue(json({ id: 9, state: 'paused' }))
    await knowledgeApi.jobAction(9, 'pause')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/knowledge-jobs/9/pause')
  })
})
