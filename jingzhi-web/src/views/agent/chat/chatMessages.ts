/** The chat's message list, built from conversation turns and updated from a streaming run's state. */
import type { ConversationTurn } from '@/api/agent'
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
