/** The references a node's fields may use, provided by the editor for the selected node. */
import type { InjectionKey } from 'vue'
import type { NodeSpec, WorkflowDefinition } from '@/api/agent'
import { outputsOf } from '../nodeTypes'
import { upstreamOf } from '../graph'

export const REFERENCES: InjectionKey<() => string[]> = Symbol('agent-references')

export const SYS_REFS = ['sys.query', 'sys.user_id', 'sys.username', 'sys.conversation_id', 'sys.app_code', 'sys.run_id']

/** `node.output` of every upstream node (nearest first), then sys, env and conversation variables. */
export function referencesFor(nodeId: string, nodes: Pick<NodeSpec, 'id' | 'type' | 'config' | 'policy'>[], def: Pick<WorkflowDefinition, 'edges' | 'environment' | 'conversation_variables'>): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out: string[] = []
  for (const id of upstreamOf(nodeId, def.edges)) {
    const node = byId.get(id)
    if (node) for (const o of outputsOf(node)) out.push(`${id}.${o}`)
  }
  out.push(...SYS_REFS)
  for (const v of def.environment) if (v.name) out.push(`env.${v.name}`)
  for (const v of def.conversation_variables) if (v.name) out.push(`conv.${v.name}`)
  return out
}
