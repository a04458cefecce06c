import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { componentsApi, dbApi, mcpApi, resultTable, withoutEmptyPassword } from './agentTools'
import { useAuthStore } from '@/stores/auth'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('agent tools helpers', () => {
  it('does not send an empty password on edit (the stored one is kept)', () => {
    expect(withoutEmptyPassword({ name: 'a', password: '' })).toEqual({ name: 'a' })
    expect(withoutEmptyPassword({ name: 'a', password: 's3cret' })).toEqual({ name: 'a', password: 's3cret' })
  })

  it('reads query results as rows of cells whether rows are objects or arrays', () => {
    expect(resultTable({ columns: [{ name: 'district' }, { name: 'n' }], rows: [{ district: '东城', n: 3 }] })).toEqual({ columns: ['district', 'n'], rows: [['东城', 3]] })
    expect(resultTable({ columns: ['a'], rows: [[1], [2]] })).toEqual({ columns: ['a'], rows: [[1], [2]] })
  })
})

describe('agent tools calls', () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    useAuthStore().setToken('tok')
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('debug-runs an MCP tool with {arguments}', async () => {
    fetchMock.mockResolvedValue(json({ text: '2025-01-01', is_error: false, elapsed_ms: 3 }))
    const r = await mcpApi.debug(4, 'current_time', { tz: 'Asia/Shanghai' })
    expect(r.text).toBe('2025-01-01')
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/mcp-servers/4/tools/current_time/debug')
    expect(JSON.parse(init.body)).toEqual({ arguments: { tz: 'Asia/Shanghai' } })
  })

  it('patches a connection without an empty password and reads the schema from {tables} or a list', async () => {
    fetchMock.mockResolvedValueOnce(json({ id: 1 }))
    await dbApi.update(1, { name: 'stats', password: '' })
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ name: 'stats' })
    fetchMock.mockResolvedValueOnce(json({ tables: [{ name: 't', columns: [] }] }))
    expect((await dbApi.schema(1)).map((t) => t.name)).toEqual(['t'])
    fetchMock.mockResolvedValueOnce(json([{ name: 'u', columns: [] }]))
    expect((await dbApi.schema(1)).map((t) => t.name)).toEqual(['u'])
  })

  it('asks the component catalog with its filters', async () => {
    fetchMock.mockResolvedValue(json({ items: [{ name: 'llm', category: 'model' }] }))
    const list = await componentsApi.list({ q: '检索', category: 'model' })
    expect(list).toHaveLength(1)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/components?q=%E6%A3%80%E7%B4%A2&category=model')
  })
})
