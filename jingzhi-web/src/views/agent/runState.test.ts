import { describe, expect, it } from 'vitest'
import type { SseEvent } from '@/api/sse'
import { canvasStatuses, initialRunState, reduceRunEvent, statusTone } from './runState'

const ev = (event: string, data: unknown): SseEvent => ({ event, data: JSON.stringify(data) })
const fold = (events: SseEvent[]) => events.reduce(reduceRunEvent, initialRunState())

describe('SSE events → run state', () => {
  it('follows a run: node states, streamed answer, trace, final outcome', () => {
    const s = fold([
      ev('run_started', { run_id: 42, app: 'a', version: 0, conversation_id: 'c1' }),
      ev('node_started', { execution_id: 'start', node_id: 'start', type: 'start', title: '开始' }),
      ev('node_finished', { execution_id: 'start', node_id: 'start', status: 'succeeded', elapsed_ms: 1 }),
      ev('node_started', { execution_id: 'llm', node_id: 'llm', type: 'llm', title: '大模型' }),
      ev('message', { delta: '您好，' }),
      ev('message', { delta: '请携带身份证。' }),
      ev('node_finished', { execution_id: 'llm', node_id: 'llm', status: 'succeeded', elapsed_ms: 30, usage: { prompt_tokens: 5, completion_tokens: 7 } }),
      ev('run_finished', { run_id: 42, status: 'succeeded', answer: '您好，请携带身份证。', outputs: {}, usage: { total_tokens: 12 }, elapsed_ms: 35 }),
    ])
    expect(s).toMatchObject({ runId: 42, conversationId: 'c1', status: 'succeeded', answer: '您好，请携带身份证。', elapsedMs: 35 })
    expect(s.nodes).toEqual({ start: 'succeeded', llm: 'succeeded' })
    expect(s.traces.map((t) => [t.node_id, t.status, t.title])).toEqual([['start', 'succeeded', '开始'], ['llm', 'succeeded', '大模型']])
    expect(s.traces[1].usage).toEqual({ prompt_tokens: 5, completion_tokens: 7 })
  })

  it('shows a node running until it finishes, and keeps the first answer pieces if the final answer is shorter', () => {
    let s = fold([ev('run_started', { run_id: 1 }), ev('node_started', { execution_id: 'kb', node_id: 'kb' })])
    expect(s.nodes.kb).toBe('running')
    s = fold([ev('message', { delta: 'abc' }), ev('run_finished', { status: 'cancelled', answer: '' })])
    expect(s.answer).toBe('abc')
    expect(s.status).toBe('cancelled')
  })

  it('records failures with the node error and the run error', () => {
    const s = fold([
      ev('node_started', { execution_id: 'http', node_id: 'http' }),
      ev('node_finished', { execution_id: 'http', node_id: 'http', status: 'failed', error: { code: 'http.status_500', message: 'upstream 500' } }),
      ev('run_finished', { status: 'failed', error: { code: 'http.status_500', message: 'upstream 500' } }),
    ])
    expect(s.nodes.http).toBe('failed')
    expect(s.traces[0].error_message).toBe('http.status_500: upstream 500')
    expect(s.error).toBe('http.status_500: upstream 500')
  })

  it('keeps one trace per loop iteration but one canvas state per node', () => {
    const s = fold([
      ev('node_started', { execution_id: 'loop#0/t', node_id: 't' }),
      ev('node_finished', { execution_id: 'loop#0/t', node_id: 't', status: 'succeeded' }),
      ev('node_started', { execution_id: 'loop#1/t', node_id: 't' }),
      ev('node_finished', { execution_id: 'loop#1/t', node_id: 't', status: 'failed' }),
    ])
    expect(s.traces).toHaveLength(2)
    expect(s.nodes.t).toBe('failed')
  })

  it('pauses at a human-input node with its form and clears it when the run goes on', () => {
    let s = fold([ev('waiting', { node_id: 'approve', form: { prompt: '是否同意？', fields: [{ name: 'ok', type: 'boolean' }] } })])
    expect(s.status).toBe('waiting')
    expect(s.waiting?.form.prompt).toBe('是否同意？')
    expect(s.nodes.approve).toBe('waiting')
    s = reduceRunEvent(s, ev('run_finished', { status: 'succeeded', answer: '已同意' }))
    expect(s.waiting).toBeNull()
  })

  it('turns an error event before the run into a failed state with the problem text', () => {
    const s = fold([ev('error', { code: 'workflow.invalid', detail: 'nodes.llm.config.model: required' })])
    expect(s).toMatchObject({ status: 'failed', error: 'workflow.invalid: nodes.llm.config.model: required' })
  })

  it('ignores unknown events and unreadable data without losing state', () => {
    const s = fold([ev('message', { delta: 'a' }), { event: 'ping', data: 'x' }, { event: 'message', data: 'not json' }])
    expect(s.answer).toBe('a')
  })

  it('marks nodes that never ran in a finished run as skipped on the canvas', () => {
    const s = fold([ev('node_finished', { node_id: 'start', status: 'succeeded' }), ev('run_finished', { status: 'succeeded' })])
    expect(canvasStatuses(s, ['start', 'else_branch'])).toEqual({ start: 'succeeded', else_branch: 'skipped' })
    expect(canvasStatuses(initialRunState(), ['start'])).toEqual({})
    expect(statusTone('failed')).toBe('danger')
    expect(statusTone('skipped')).toBe('info')
  })
})
