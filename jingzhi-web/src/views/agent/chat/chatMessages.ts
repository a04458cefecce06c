/** The chat's message list, built from conversation turns and updated from a streaming run's state. */
import type { ConversationTurn, VariableSpec } from '@/api/agent'
import type { RunState } from '../runState'

export interface ChatMessage {
  role: 'user' | 'assistant'
  content: string
  runId?: string | number
  status?: string
  error?: string | null
  intervened?: boolean
  rating?: 'up' | 'down' | null
  waiting?: RunState['waiting']
}

export function messagesOf(turns: ConversationTurn[]): ChatMessage[] {
  return turns.flatMap((turn): ChatMessage[] => [
    { role: 'user', content: turn.query ?? '' },
    { role: 'assistant', content: turn.answer ?? '', runId: turn.run_id, status: turn.status, intervened: !!turn.intervened, rating: turn.feedback?.rating ?? null },
  ])
}

/** The assistant message as the run's state says now. */
export function applyState(message: ChatMessage, state: RunState): ChatMessage {
  return {
    ...message,
    content: state.answer,
    runId: state.runId ?? message.runId,
    status: state.status,
    error: state.error ?? null,
    intervened: message.intervened || !!state.intervened,
    waiting: state.status === 'waiting' ? state.waiting : null,
  }
}

/** Start inputs the chat box fills itself: the form does not ask for them again. */
export const QUERY_INPUTS = ['question', 'query']

/**
 * The inputs of a chat turn: the form's values, and the typed message as the start node's `question`/`query`
 * input when the workflow declares one (the server takes the message only as `sys.query`, so a start node that
 * requires `question` would otherwise refuse every chat turn).
 */
export function chatInputs(declared: VariableSpec[] | undefined, values: Record<string, unknown>, query: string): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...values }
  for (const v of declared ?? []) {
    if (QUERY_INPUTS.includes(v.name) && (inputs[v.name] === undefined || inputs[v.name] === '')) inputs[v.name] = query
  }
  return inputs
}
