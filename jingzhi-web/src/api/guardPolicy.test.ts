import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { guardAnswersApi, splitList } from './guardPolicy'

describe('guard policy api', () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('splits lists on commas (ASCII and full-width) and new lines, dropping blanks', () => {
    expect(splitList('10.0.0.0/8, 192.168.1.1，\n  fd00::/8\n\n')).toEqual(['10.0.0.0/8', '192.168.1.1', 'fd00::/8'])
    expect(splitList('   ')).toEqual([])
  })

  it('uploads a CSV as multipart form data, not as JSON', async () => {
    fetchMock.mockResolvedValue(new Response('{"created":1,"updated":0,"unchanged":0}', { status: 200 }))
    const file = new File(['question,answer\n问,答\n'], 'a.csv', { type: 'text/csv' })
    const res = await guardAnswersApi.importCsv(file)
    expect(res.created).toBe(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/guard/answers/import')
    expect(init.body).toBeInstanceOf(FormData)
    expect((init.body as FormData).get('file')).toBeInstanceOf(File)
    expect(init.headers['Content-Type']).toBeUndefined()
  })
})
