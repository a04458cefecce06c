/**
 * Server-sent events over fetch (EventSource cannot send a bearer token or a POST body).
 * Parses `data:` lines; a `[DONE]` payload (OpenAI style) ends the stream.
 */
import { rawRequest, type RequestOptions } from './http'

export interface SseEvent {
  event?: string
  id?: string
  data: string
}

/** Incremental SSE parser: feed text chunks, get complete events. */
export class SseParser {
  private buffer = ''

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk
    const events: SseEvent[] = []
    // Events end with a blank line; accept \n, \r\n and \r line endings.
    const normalized = this.buffer.replace(/\r\n?/g, '\n')
    const blocks = normalized.split('\n\n')
    this.buffer = blocks.pop() ?? ''
    for (const block of blocks) {
      const ev = parseBlock(block)
      if (ev) events.push(ev)
    }
    return events
  }

  /** Flushes a last event that was not followed by a blank line. */
  end(): SseEvent[] {
    const rest = this.buffer
    this.buffer = ''
    const ev = rest.trim() ? parseBlock(rest.replace(/\r\n?/g, '\n')) : undefined
    return ev ? [ev] : []
  }
}

function parseBlock(block: string): SseEvent | undefined {
  const data: string[] = []
  let event: string | undefined
  let id: string | undefined
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id') id = value
  }
  if (data.length === 0) return undefined
  return { event, id, data: data.join('\n') }
}

export interface StreamOptions extends RequestOptions {
  method?: string
  onEvent: (event: SseEvent) => void
}

/**
 * Streams an SSE response. Resolves when the stream ends or `[DONE]` arrives; errors before the
 * stream starts are ApiErrors (problem details) like any other call.
 */
export async function streamSse(path: string, opts: StreamOptions): Promise<void> {
  const res = await rawRequest(opts.method ?? 'POST', path, {
    ...opts,
    headers: { Accept: 'text/event-stream', ...opts.headers },
  })
  if (!res.body) return
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  const parser = new SseParser()
  try {
    for (;;) {
      const { value, done } = await reader.read()
      const events = done ? parser.end() : parser.feed(value)
      for (const ev of events) {
        if (ev.data === '[DONE]') return
        opts.onEvent(ev)
      }
      if (done) return
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

/**
 * An error that arrives inside an open stream: the gateway sends `data: {"error": {message, type, code}}`
 * (code `upstream_stream_broken`) when the model server breaks off mid-answer, instead of a clean `[DONE]`.
 * What was streamed before it stays valid but incomplete.
 */
export class StreamError extends Error {
  readonly type?: string
  readonly code?: string

  constructor(message: string, type?: string, code?: string) {
    super(message)
    this.name = 'StreamError'
    this.type = type
    this.code = code
  }
}

/** Parses one event's JSON data; an `{"error": …}` payload becomes a thrown StreamError. */
export function parseStreamData<T>(data: string): T {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    throw new StreamError(`Unreadable event in the stream: ${data.slice(0, 200)}`, 'api_error', 'unreadable_event')
  }
  if (parsed && typeof parsed === 'object' && 'error' in parsed && (parsed as { error: unknown }).error) {
    const err = (parsed as { error: unknown }).error
    if (typeof err === 'string') throw new StreamError(err)
    const e = err as { message?: unknown; type?: unknown; code?: unknown }
    throw new StreamError(
      typeof e.message === 'string' && e.message ? e.message : 'The stream ended with an error',
      typeof e.type === 'string' ? e.type : undefined,
      typeof e.code === 'string' ? e.code : undefined,
    )
  }
  return parsed as T
}

/**
 * Convenience: parse each event's data as JSON. An error event rejects with a StreamError (after the
 * events before it were delivered) and closes the stream.
 */
export async function streamJson<T>(path: string, opts: Omit<StreamOptions, 'onEvent'> & { onData: (data: T) => void }): Promise<void> {
  await streamSse(path, { ...opts, onEvent: (ev) => opts.onData(parseStreamData<T>(ev.data)) })
}
