import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from './http'
import { dictionariesApi, importErrorsOf, itemsOf } from './knowledgeManage'

describe('dictionary import errors', () => {
  it('reads the rows of a rejected file from the problem detail', () => {
    const e = new ApiError(400, '第 3 行类型无效', {
      code: 'dictionary_import_invalid',
      errors: [
        { row: 3, message: '未知类型 foo' } as never,
        { field: 'rows[5]', message: '缺少词条' },
      ],
    })
    expect(importErrorsOf(e)).toEqual([
      { row: 3, message: '未知类型 foo' },
      { row: 5, message: '缺少词条' },
    ])
  })

  it('yields nothing for other failures', () => {
    expect(importErrorsOf(new Error('network'))).toEqual([])
    expect(importErrorsOf(new ApiError(500, 'boom'))).toEqual([])
  })

  it('reads lists sent as a page or as an array', () => {
    expect(itemsOf([1, 2])).toEqual([1, 2])
    expect(itemsOf({ items: [3], total: 1, page: 1, size: 20 })).toEqual([3])
    expect(itemsOf(undefined)).toEqual([])
  })
})

describe('dictionary calls', () => {
  const fetchMock = vi.fn()
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('imports a file as multipart under "file"', async () => {
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ imported: 2, errors: [] }), { status: 200 }))
    const file = new File(['医保,abbreviation,基本医疗保险'], 'dict.csv', { type: 'text/csv' })
    const result = await dictionariesApi.importFile(4, file)
    expect(result.imported).toBe(2)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/knowledge-dictionaries/4/import?mode=merge')
    expect((init.body as FormData).get('file')).toBeInstanceOf(File)
  })
})
