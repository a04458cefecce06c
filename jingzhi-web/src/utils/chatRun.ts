/**
 * The state of one streamed answer (one playground reply, or one column of a comparison) and the metrics the
 * portal shows for it: time to first token, output tokens per second and usage. Plain mutating functions so
 * they work on Vue reactive objects and can be unit-tested without a component.
 */
import type { ChatChunk, Usage } from '@/api/openai'

export type RunStatus = 'idle' | 'streaming' | 'done' | 'error' | 'stopped'

export interface ChatRun {
  model: string
  content: string
  status: RunStatus
  error?: string
  /** the answer ended with the gateway's mid-stream error event: what is shown is incomplete */
  incomplete?: boolean
  startedAt?: number
  firstTokenAt?: number
  endedAt?: number
  /** content-bearing chunks, the fallback for tokens/s when the server sent no usage */
  chunks: number
  usage?: Usage
  finishReason?: string
}

export interface RunMetrics {
  ttftMs: number | null
  durationMs: number | null
  tokensPerSecond: number | null
  completionTokens: number | null
  promptTokens: number | null
  /** completion tokens are counted from chunks, not reported by the server */
  estimated: boolean
}

export function newRun(model: string): ChatRun {
  return { model, content: '', status: 'idle', chunks: 0 }
}

export function startRun(run: ChatRun, now: number): void {
  run.content = ''
  run.status = 'streaming'
  run.error = undefined
  run.incomplete = false
  run.startedAt = now
  run.firstTokenAt = undefined
  run.endedAt = undefined
  run.chunks = 0
  run.usage = undefined
  run.finishReason = undefined
}

export function applyChunk(run: ChatRun, chunk: ChatChunk, now: number): void {
  for (const c of chunk.choices ?? []) {
    const text = c.delta?.content ?? ''
    if (text) {
      if (run.firstTokenAt === undefined) run.firstTokenAt = now
      run.content += text
      run.chunks += 1
    }
    if (c.finish_reason) run.finishReason = c.finish_reason
  }
  if (chunk.usage && typeof chunk.usage.completion_tokens === 'number') run.usage = chunk.usage
}

/** Ends a run: done, stopped by the user (abort) or failed; a StreamError marks the text incomplete. */
export function finishRun(run: ChatRun, now: number, outcome: unknown = null): void {
  run.endedAt = now
  if (outcome === null || outcome === undefined) {
    run.status = 'done'
    return
  }
  const err = outcome as { name?: string; message?: string }
  if (err?.name === 'AbortError') {
    run.status = 'stopped'
    return
  }
  run.status = 'error'
  run.error = err?.message || String(outcome)
  run.incomplete = err?.name === 'StreamError' && run.content.length > 0
}

export function runMetrics(run: ChatRun): RunMetrics {
  const ttftMs = run.startedAt !== undefined && run.firstTokenAt !== undefined ? run.firstTokenAt - run.startedAt : null
  const durationMs = run.startedAt !== undefined && run.endedAt !== undefined ? run.endedAt - run.startedAt : null
  const estimated = !run.usage
  const completionTokens = run.usage ? run.usage.completion_tokens : run.chunks || null
  let tokensPerSecond: number | null = null
  // decode speed: tokens after the first one over the time since the first one
  if (run.firstTokenAt !== undefined && run.endedAt !== undefined && completionTokens) {
    const seconds = (run.endedAt - run.firstTokenAt) / 1000
    tokensPerSecond = seconds > 0 ? Math.max(completionTokens - 1, 1) / seconds : null
  }
  return { ttftMs, durationMs, tokensPerSecond, completionTokens, promptTokens: run.usage?.prompt_tokens ?? null, estimated }
}

export const isRunning = (run: ChatRun) => run.status === 'streaming'
