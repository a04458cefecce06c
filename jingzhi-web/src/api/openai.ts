/**
 * The OpenAI-compatible API under `/v1`, called with the portal session token (it works there like an API
 * key). Errors come back OpenAI-shaped `{error: {message, type, code}}`; http.ts reads them into ApiError.
 */
import { http } from './http'
import { streamJson } from './sse'

export interface OpenAiModel {
  id: string
  object: 'model'
  created: number
  owned_by: string
  kind: 'chat' | 'embedding' | 'rerank'
  simulated: boolean
}

export type ChatRole = 'system' | 'user' | 'assistant'

export interface ChatMessage {
  role: ChatRole
  content: string
}

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

/** One `chat.completion.chunk`; the last one (with include_usage) has no choices and carries usage. */
export interface ChatChunk {
  id?: string
  model?: string
  choices?: { index: number; delta?: { role?: string; content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }[]
  usage?: Usage | null
}

export interface ChatParams {
  model: string
  messages: ChatMessage[]
  temperature?: number | null
  max_tokens?: number | null
}

/** The body of a streaming chat request: usage is asked for so the portal can show real token counts. */
export function chatBody(p: ChatParams): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: p.model,
    messages: p.messages,
    stream: true,
    stream_options: { include_usage: true },
  }
  if (p.temperature !== undefined && p.temperature !== null) body.temperature = p.temperature
  if (p.max_tokens !== undefined && p.max_tokens !== null && p.max_tokens > 0) body.max_tokens = p.max_tokens
  return body
}

export interface EmbeddingResponse {
  data: { index: number; embedding: number[] }[]
  model: string
  usage?: { prompt_tokens: number; total_tokens: number }
}

export const openAiApi = {
  models: () => http.get<{ data: OpenAiModel[] }>('/v1/models').then((r) => r.data ?? []),
  /** Streams a chat completion; rejects with StreamError on the gateway's mid-stream error event. */
  streamChat: (p: ChatParams, onChunk: (c: ChatChunk) => void, signal?: AbortSignal) =>
    streamJson<ChatChunk>('/v1/chat/completions', { body: chatBody(p), signal, onData: onChunk }),
  embeddings: (model: string, input: string[]) => http.post<EmbeddingResponse>('/v1/embeddings', { model, input }),
}

/** Cosine similarity of two vectors (NaN when a vector is all zeros or the lengths differ). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return NaN
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return na === 0 || nb === 0 ? NaN : dot / Math.sqrt(na * nb)
}
