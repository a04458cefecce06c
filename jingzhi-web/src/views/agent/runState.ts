/**
 * Folds the SSE events of a run (docs/agent-api.md "Runs") into what the pages show: the run's status, the answer
 * as it streams, each node's status for the canvas colours, the trace list and a waiting form. Pure, so the
 * canvas, the chat page and the tests share it.
 */
import type { SseEvent } from '@/api/sse'
import type { NodeTrace, RunStatus, Usage, VariableSpec } from '@/api/agent'

export interface LiveTrace extends Partial<NodeTrace> {
  execution_id: string
  node_id: string
  status: string
}

export interface RunState {
  runId?: string | number
  conversationId?: string | null
  status: RunStatus | 'idle'
  answer: string
  outputs?: Record<string, unknown> | null
  usage?: Usage | null
  elapsedMs?: number | null
  error?: string | null
  /** latest status per node id (a loop body node shows its last iteration) */
  nodes: Record<string, string>
  /** one entry per node execution, in start order */
  traces: LiveTrace[]
  waiting?: { nodeId: string; form: { prompt?: string; fields?: VariableSpec[] } & Record<string, unknown> } | null
  intervened?: boolean
}

export function initialRunState(): RunState {
  return { status: 'idle', answer: '', nodes: {}, traces: [] }
}

function parse(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data)
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function errorText(e: unknown): string | null {
  if (!e) return null
  if (typeof e === 'string') return e
  const o = e as { code?: string; message?: string; detail?: string }
  return [o.code, o.message ?? o.detail].filter(Boolean).join(': ') || null
}

/** Applies one event; returns a new state (the input is not changed). */
export function reduceRunEvent(state: RunState, ev: SseEvent): RunState {
  const d = parse(ev.data)
  const s: RunState = { ...state, nodes: { ...state.nodes }, traces: [...state.traces] }
  switch (ev.event) {
    case 'run_started':
      s.runId = d.run_id as string | number
      s.conversationId = (d.conversation_id as string | null) ?? s.conversationId
      s.status = 'running'
      break
    case 'node_started': {
      const id = String(d.node_id)
      s.nodes[id] = 'running'
      s.traces.push({ execution_id: String(d.execution_id ?? id), node_id: id, type: d.type as string, title: d.title as string, status: 'running' })
      break
    }
    case 'node_finished': {
      const id = String(d.node_id)
      const status = String(d.status ?? 'succeeded')
      s.nodes[id] = status
      const exec = String(d.execution_id ?? id)
      const i = s.traces.findIndex((t) => t.execution_id === exec)
      const finished: LiveTrace = {
        ...(i >= 0 ? s.traces[i] : { execution_id: exec, node_id: id }),
        ...(d as Partial<NodeTrace>),
        execution_id: exec,
        node_id: id,
        status,
        error_message: errorText(d.error) ?? (d.error_message as string | undefined) ?? null,
      }
      if (i >= 0) s.traces[i] = finished
      else s.traces.push(finished)
      if (status === 'intervention' || d.type === 'intervention') s.intervened = true
      break
    }
    case 'message':
      s.answer += typeof d.delta === 'string' ? d.delta : ''
      break
    case 'waiting':
      s.status = 'waiting'
      s.nodes[String(d.node_id)] = 'waiting'
      s.waiting = { nodeId: String(d.node_id), form: (d.form ?? {}) as NonNullable<RunState['waiting']>['form'] }
      break
    case 'run_finished':
      s.runId = (d.run_id as string | number | undefined) ?? s.runId
      s.status = (d.status as RunStatus) ?? 'succeeded'
      // the final answer wins over the streamed pieces (an intervened or non-streamed answer arrives only here)
      if (typeof d.answer === 'string' && d.answer.length >= s.answer.length) s.answer = d.answer
      s.outputs = (d.outputs as Record<string, unknown>) ?? null
      s.usage = (d.usage as Usage) ?? null
      s.elapsedMs = (d.elapsed_ms as number) ?? null
      s.error = errorText(d.error)
      if (d.intervened || d.intervention) s.intervened = true
      if (s.status !== 'waiting') s.waiting = null
      break
    case 'error':
      s.status = 'failed'
      s.error = [d.code, d.detail ?? d.message].filter(Boolean).join(': ') || 'error'
      break
    default:
      break
  }
  return s
}

/** Node statuses for the canvas, with every node that did not run in a finished run shown as skipped. */
export function canvasStatuses(state: RunState, nodeIds: string[]): Record<string, string> {
  if (state.status === 'idle') return {}
  const out: Record<string, string> = { ...state.nodes }
  if (state.status === 'succeeded' || state.status === 'failed' || state.status === 'cancelled') {
    for (const id of nodeIds) if (!out[id]) out[id] = 'skipped'
  }
  return out
}

/** The colour family of a node or run status (Element Plus tag types). */
export function statusTone(status?: string | null): 'primary' | 'success' | 'danger' | 'warning' | 'info' {
  switch (status) {
    case 'running':
    case 'queued':
      return 'primary'
    case 'succeeded':
      return 'success'
    case 'failed':
      return 'danger'
    case 'fallback':
    case 'error_branch':
    case 'waiting':
      return 'warning'
    default:
      return 'info'
  }
}
