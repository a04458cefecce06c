/** The assistant builder's form ⇄ the assistant config of the API (docs/agent-api.md, `assistant`). */
import type { AssistantConfig } from '@/api/agent'

export interface AssistantForm {
  model: string
  system_prompt: string
  opening_statement: string
  questionsText: string
  bases: string[]
  top_k: number
  score_threshold: number | undefined
  mode: 'hybrid' | 'vector' | 'fulltext'
  tools: { kind: 'mcp'; server: string; tool: string }[]
  temperature: number
  memory_turns: number
}

export function assistantForm(a: AssistantConfig | null): AssistantForm {
  return {
    model: a?.model ?? '',
    system_prompt: a?.system_prompt ?? '',
    opening_statement: a?.opening_statement ?? '',
    questionsText: (a?.opening_questions ?? []).join('\n'),
    bases: [...(a?.knowledge?.bases ?? [])],
    top_k: a?.knowledge?.top_k ?? 5,
    score_threshold: a?.knowledge?.score_threshold ?? undefined,
    mode: a?.knowledge?.mode ?? 'hybrid',
    tools: (a?.tools ?? []).map((tool) => ({ kind: 'mcp', server: tool.server, tool: tool.tool })),
    temperature: a?.temperature ?? 0.7,
    memory_turns: a?.memory_turns ?? 5,
  }
}

/** The config to save: empty opening questions and half-filled tools dropped, knowledge only when bases are chosen. */
export function assistantOf(f: AssistantForm): AssistantConfig {
  return {
    model: f.model.trim(),
    system_prompt: f.system_prompt,
    opening_statement: f.opening_statement.trim() || null,
    opening_questions: f.questionsText.split('\n').map((q) => q.trim()).filter(Boolean),
    knowledge: f.bases.length ? { bases: f.bases, top_k: f.top_k, score_threshold: f.score_threshold ?? null, mode: f.mode } : null,
    tools: f.tools.filter((tool) => tool.server.trim() && tool.tool.trim()),
    temperature: f.temperature,
    memory_turns: f.memory_turns,
  }
}
