import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { parseStreamData, SseParser, StreamError } from './sse'
import { chatBody, cosine, openAiApi, type ChatChunk } from './openai'
import { ApiError } from './http'
import { useAuthStore } from '@/stores/auth'

const BROKEN =
  'data: {"error":{"message":"the model server closed the stream before it finished; the answer above is incomplete.","type":"api_error","param":null,"code":"upstream_stream_broken"}}\n\n'

function sseResponse(chunks: string[]): Response {
  const enc = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c))
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`

describe('the gateway error event in a stream', () => {
  it('parseStreamData turns {"error": …} into a StreamError with type and code', () => {
    const [ev] = new SseParser().feed(BROKEN)
    let caught: unknown
    try {
      parseStreamData(ev.data)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(StreamError)
    expect((caught as StreamError).code).toBe('upstream_stream_broken')
    expect((caught as StreamError).type).toBe('api_error')
    expect((caught as StreamError).message).toMatch(/incomplete/)
  })

  it('parseStreamData passes ordinary chunks and reports unreadable ones', () => {
    expect(parseStreamData<ChatChunk>('{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}').usage?.total_tokens).toBe(3)
    expect(() => parseStreamData('{not json')).toThrow(StreamError)
    expect(() => parseStreamData('{"error":"plain text"}')).toThrow('plain text')
    // an explicit null error is no error
    expect(parseStreamData<{ error: null; x: number }>('{"error":null,"x":1}').x).toBe(1)
  })

  describe('streamChat', () => {
    const fetchMock = vi.fn()
    beforeEach(() => {
      localStorage.clear()
      setActivePinia(createPinia())
      useAuthStore().setToken('portal-token')
      vi.stubGlobal('fetch', fetchMock)
      fetchMock.mockReset()
    })
    afterEach(() => vi.unstubAllGlobals())

    it('delivers the chunks before the error event, then rejects with StreamError', async () => {
      fetchMock.mockResolvedValue(sseResponse([chunk('你好'), chunk('，世'), BROKEN, chunk('never')]))
      const got: string[] = []
      const p = openAiApi.streamChat({ model: 'demo-chat', messages: [{ role: 'user', content: 'hi' }] }, (c) =>
        got.push(c.choices?.[0]?.delta?.content ?? ''),
      )
      await expect(p).rejects.toBeInstanceOf(StreamError)
      expect(got).toEqual(['你好', '，世'])
      const [url, init] = fetchMock.mock.calls[0]
      expect(url).toBe('/v1/chat/completions')
      expect((init.headers as Record<string, string>).Authorization).toBe('Bearer portal-token')
      expect(JSON.parse(init.body as string)).toMatchObject({ stream: true, stream_options: { include_usage: true } })
    })

    it('skips the keep-alive comments of a slow model, and rejects on an error event after them', async () => {
      const wait = ': waiting for the model\n\n'
      fetchMock.mockResolvedValueOnce(sseResponse([wait, wait, chunk('迟到'), 'data: [DONE]\n\n']))
      const got: string[] = []
      await openAiApi.streamChat({ model: 'slow', messages: [] }, (c) => got.push(c.choices?.[0]?.delta?.content ?? ''))
      expect(got).toEqual(['迟到'])
      const unavailable =
        'data: {"error":{"message":"The model server is unavailable: first-token timeout","type":"api_error","param":null,"code":"upstream_unavailable"}}\n\n'
      fetchMock.mockResolvedValueOnce(sseResponse([wait, unavailable]))
      await expect(openAiApi.streamChat({ model: 'slow', messages: [] }, () => {})).rejects.toMatchObject({
        code: 'upstream_unavailable',
      })
    })

    it('resolves on [DONE] and delivers the usage chunk', async () => {
      const usage = 'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}\n\n'
      fetchMock.mockResolvedValue(sseResponse([chunk('a'), usage, 'data: [DONE]\n\n']))
      const got: ChatChunk[] = []
      await openAiApi.streamChat({ model: 'm', messages: [] }, (c) => got.push(c))
      expect(got.at(-1)?.usage?.completion_tokens).toBe(2)
    })

    it('reads OpenAI-shaped errors of a non-2xx answer into ApiError', async () => {
      fetchMock.mockImplementation(
        async () =>
          new Response(JSON.stringify({ error: { message: 'The model nope does not exist', type: 'not_found_error', code: 'model_not_found' } }), {
            status: 404,
            headers: { 'Content-Type': 'application/json' },
          }),
      )
      const p = openAiApi.streamChat({ model: 'nope', messages: [] }, () => {})
      await expect(p).rejects.toBeInstanceOf(ApiError)
      await expect(openAiApi.streamChat({ model: 'nope', messages: [] }, () => {})).rejects.toMatchObject({
        status: 404,
        message: 'The model nope does not exist',
        code: 'model_not_found',
      })
    })
  })
})

describe('chatBody and cosine', () => {
  it('asks for usage and leaves out unset options', () => {
    expect(chatBody({ model: 'm', messages: [], temperature: null, max_tokens: 0 })).toEqual({
      model: 'm',
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(chatBody({ model: 'm', messages: [], temperature: 0, max_tokens: 64 })).toMatchObject({ temperature: 0, max_tokens: 64 })
  })

  it('computes cosine similarity', () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1)
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0)
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1)
    expect(cosine([0, 0], [1, 1])).toBeNaN()
    expect(cosine([1], [1, 2])).toBeNaN()
  })
})
