import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { appsApi, interventionsApi, itemsOf, runError, runInputText, runsApi, runTrace, totalTokens, traceElapsedMs } from './agent'
import { ApiError } from './http'
import { useAuthStore } from '@/stores/auth'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const sse = (text: string) => new Response(text, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })

describe('agent API helpers', () => {
  it('reads pages and bare lists alike', () => {
    expect(itemsOf({ items: [1, 2], total: 2, page: 1, size: 20 })).toEqual([1, 2])
    expect(itemsOf([3])).toEqual([3])
    expect(itemsOf(undefined)).toEqual([])
  })

  it('reads run errors, traces and usage whichever names the answer uses', () => {
    expect(runError({ error: { code: 'llm.timeout', message: 'too slow' } })).toBe('llm.timeout: too slow')
    expect(runError({ error_code: 'x', error_message: 'y' })).toBe('x: y')
    expect(runError({ error: null })).toBe('')
    expect(runTrace({ trace: [{ execution_id: 'a', node_id: 'a', status: 'succeeded' }] })).toHaveLength(1)
    expect(totalTokens({ prompt_tokens: 3, completion_tokens: 4 })).toBe(7)
    expect(totalTokens({ total_tokens: 9, prompt_tokens: 1 })).toBe(9)
    expect(traceElapsedMs({ elapsed_micros: 12345 })).toBe(12.3)
    expect(traceElapsedMs({ elapsed_ms: 5 })).toBe(5)
    // a stored node trace (GET /runs/{id}) answers its error as {code, message}
    expect(runError({ error: { code: 'db.timeout', message: 'slow' }, error_code: null })).toBe('db.timeout: slow')
    expect(runInputText({ query: '如何参保？', inputs: { question: '如何参保？' } })).toBe('如何参保？')
    expect(runInputText({ query: null, inputs: { question: '补贴有哪些？', district: '东城区', page: 2, empty: '' } })).toBe('补贴有哪些？ · 东城区 · 2')
    expect(runInputText({ query: null, inputs: null })).toBe('')
    expect(traceElapsedMs({})).toBeUndefined()
  })
})

describe('agent API calls', () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    useAuthStore().setToken('tok-agent')
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('lists the catalog with filters in the query and skips empty ones', async () => {
    fetchMock.mockResolvedValue(json({ items: [], total: 0, page: 1, size: 24 }))
    await appsApi.list({ q: '社保', tag: '', type: 'workflow', sort: 'popular', mine: true, page: 2 })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/apps?q=%E7%A4%BE%E4%BF%9D&type=workflow&sort=popular&mine=true&page=2')
    expect(init.headers.Authorization).toBe('Bearer tok-agent')
  })

  it('saves a workflow draft as {definition} and surfaces a 422 with its field errors', async () => {
    fetchMock.mockResolvedValue(
      json({ status: 422, code: 'workflow.invalid', detail: 'The workflow is not valid', errors: [{ field: 'nodes.llm.config.model', message: 'required' }] }, 422),
    )
    const definition = { format: 'jingzhi-workflow/1', environment: [], conversation_variables: [], nodes: [], edges: [] }
    const err = await appsApi.saveWorkflow('rsj-flow', definition).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.code).toBe('workflow.invalid')
    expect(err.fieldErrors).toEqual([{ field: 'nodes.llm.config.model', message: 'required' }])
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/apps/rsj-flow/draft')
    expect(init.method).toBe('PUT')
    expect(JSON.parse(init.body)).toEqual({ definition })
  })

  it('publishes with a note, toggles favourites with PUT/DELETE and imports as multipart', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(json({ version: 3 })))
    await appsApi.publish('a', '首次发布')
    await appsApi.favourite('a', true)
    await appsApi.favourite('a', false)
    await appsApi.importTar(new File(['x'], 'a.tar'), 'rsj', 'a-2')
    const calls = fetchMock.mock.calls.map(([url, init]) => [init.method, url])
    expect(calls).toEqual([
      ['POST', '/api/v1/apps/a/publish'],
      ['PUT', '/api/v1/apps/a/favourite'],
      ['DELETE', '/api/v1/apps/a/favourite'],
      ['POST', '/api/v1/apps/import'],
    ])
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ note: '首次发布' })
    const form = fetchMock.mock.calls[3][1].body as FormData
    expect([form.get('project'), form.get('code'), (form.get('file') as File).name]).toEqual(['rsj', 'a-2', 'a.tar'])
  })

  it('streams a run with stream=true, the draft version and the conversation, delivering events in order', async () => {
    fetchMock.mockResolvedValue(sse('event: run_started\ndata: {"run_id":7}\n\nevent: message\ndata: {"delta":"你好"}\n\nevent: run_finished\ndata: {"status":"succeeded"}\n\n'))
    const events: string[] = []
    await runsApi.stream('a', { query: '你好', version: 'draft', conversation_id: 'c9' }, (ev) => events.push(ev.event ?? ''))
    expect(events).toEqual(['run_started', 'message', 'run_finished'])
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/apps/a/run')
    expect(init.headers.Accept).toBe('text/event-stream')
    expect(JSON.parse(init.body)).toEqual({ query: '你好', version: 'draft', conversation_id: 'c9', stream: true })
  })

  it('debug-runs the unsaved definition', async () => {
    fetchMock.mockResolvedValue(sse('event: run_finished\ndata: {"status":"succeeded"}\n\n'))
    const definition = { format: 'jingzhi-workflow/1', environment: [], conversation_variables: [], nodes: [], edges: [] }
    await runsApi.debug('a', { definition, inputs: { question: 'q' } }, () => {})
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/apps/a/debug')
    expect(JSON.parse(init.body)).toEqual({ definition, inputs: { question: 'q' } })
  })

  it('sends feedback and intervention settings to their paths', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(json({})))
    await runsApi.feedback(5, { rating: 'down', corrected_answer: '正确答案' })
    await interventionsApi.saveSettings('a', { enabled: true, threshold: 0.85 })
    await interventionsApi.adopt('a', 11)
    expect(fetchMock.mock.calls.map(([url, init]) => [init.method, url])).toEqual([
      ['POST', '/api/v1/runs/5/feedback'],
      ['PUT', '/api/v1/apps/a/interventions/settings'],
      ['POST', '/api/v1/apps/a/feedback/11/adopt'],
    ])
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ rating: 'down', corrected_answer: '正确答案' })
  })

  it('encodes app codes in paths', async () => {
    fetchMock.mockResolvedValue(json({ code: 'a b' }))
    await appsApi.get('a b')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/apps/a%20b')
  })
})
