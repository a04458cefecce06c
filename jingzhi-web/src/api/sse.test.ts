import { describe, expect, it } from 'vitest'
import { SseParser } from './sse'

describe('SseParser', () => {
  it('parses data lines across chunk boundaries', () => {
    const p = new SseParser()
    expect(p.feed('data: {"a":')).toEqual([])
    expect(p.feed('1}\n\nda')).toEqual([{ data: '{"a":1}', event: undefined, id: undefined }])
    expect(p.feed('ta: [DONE]\n\n')).toEqual([{ data: '[DONE]', event: undefined, id: undefined }])
  })

  it('handles CRLF, comments, event names and multi-line data', () => {
    const p = new SseParser()
    const events = p.feed(': keep-alive\r\n\r\nevent: delta\r\nid: 7\r\ndata: one\r\ndata: two\r\n\r\n')
    expect(events).toEqual([{ event: 'delta', id: '7', data: 'one\ntwo' }])
  })

  it('flushes a trailing event without a blank line', () => {
    const p = new SseParser()
    p.feed('data: last')
    expect(p.end()).toEqual([{ data: 'last', event: undefined, id: undefined }])
  })
})
