/**
 * The node types the canvas knows without asking the server (docs/agent-workflow.md "Node types"): category,
 * icon, colour, the config a new node starts with, its outputs (for the reference picker) and its exits.
 * `GET /components` adds descriptions, MCP tools, database connections and sub-workflow apps when available.
 */
import type { NodePolicy, NodeSpec } from '@/api/agent'

export type NodeCategory = 'control' | 'model' | 'tools' | 'apps'
export const NODE_CATEGORIES: NodeCategory[] = ['control', 'model', 'tools', 'apps']

export interface NodeTypeInfo {
  type: string
  category: NodeCategory
  /** Element Plus icon component name */
  icon: string
  color: string
  defaults: () => Record<string, unknown>
  /** fixed outputs; start/extractor/human_input derive theirs from config (see outputsOf) */
  outputs: string[]
}

const def = (type: string, category: NodeCategory, icon: string, color: string, outputs: string[], defaults: () => Record<string, unknown>): NodeTypeInfo =>
  ({ type, category, icon, color, outputs, defaults })

export const NODE_TYPES: NodeTypeInfo[] = [
  def('start', 'control', 'VideoPlay', '#2f7cf6', [], () => ({ inputs: [{ name: 'question', type: 'string', label: '问题', required: true, max_length: 2000 }] })),
  def('answer', 'control', 'ChatLineRound', '#f08a24', [], () => ({ text: '' })),
  def('end', 'control', 'CircleCheck', '#e5484d', [], () => ({ outputs: {} })),
  def('if_else', 'control', 'Share', '#0ea5a4', [], () => ({ cases: [{ id: 'case1', logical: 'and', conditions: [{ left: '', op: 'equals', right: '' }] }] })),
  def('switch', 'control', 'Switch', '#0ea5a4', [], () => ({ value: '', cases: [{ id: 'case1', equals: '' }] })),
  def('loop', 'control', 'RefreshRight', '#0ea5a4', ['results'], () => ({ items: '', body: { nodes: [], edges: [] }, output: '', parallelism: 1, max_items: 100 })),
  def('template', 'control', 'Document', '#64748b', ['text', 'json'], () => ({ template: '', format: 'text' })),
  def('aggregator', 'control', 'Connection', '#64748b', ['output'], () => ({ variables: [] })),
  def('assigner', 'control', 'EditPen', '#64748b', [], () => ({ assignments: [] })),
  def('llm', 'model', 'MagicStick', '#7c3aed', ['text', 'json'], () => ({ model: '', system: '', prompt: '{{sys.query}}', memory: { turns: 0 }, temperature: 0.7, max_tokens: 1024, json: false })),
  def('knowledge', 'model', 'Collection', '#16a34a', ['result', 'context'], () => ({ knowledge_bases: [], query: '{{sys.query}}', top_k: 5, score_threshold: null, mode: 'hybrid', rerank: false })),
  def('classifier', 'model', 'Filter', '#7c3aed', ['class_id', 'class_name'], () => ({ model: '', query: '{{sys.query}}', classes: [{ id: 'c1', name: '', description: '' }], instructions: '' })),
  def('extractor', 'model', 'Scissor', '#7c3aed', ['missing'], () => ({ model: '', query: '{{sys.query}}', parameters: [] })),
  def('agent', 'model', 'Cpu', '#7c3aed', ['text', 'steps'], () => ({ model: '', system: '', prompt: '{{sys.query}}', tools: [], max_iterations: 5 })),
  def('http', 'tools', 'Link', '#0284c7', ['status_code', 'headers', 'body', 'text'], () => ({
    method: 'GET', url: '', headers: {}, query: {}, body: { type: 'none', content: '' }, timeout_ms: 10000, auth: { type: 'none' },
  })),
  def('mcp', 'tools', 'Tools', '#0284c7', ['text', 'content', 'structured', 'is_error'], () => ({ server: '', tool: '', arguments: {} })),
  def('database', 'tools', 'Coin', '#0284c7', ['rows', 'columns', 'row_count', 'sql', 'truncated', 'chart', 'markdown'], () => ({
    connection: '', mode: 'sql', sql: '', question: '', model: '', row_limit: 100, tables: [],
  })),
  def('code', 'tools', 'Monitor', '#0284c7', ['result'], () => ({ language: 'javascript', code: '', inputs: {} })),
  def('sub_workflow', 'apps', 'Files', '#db2777', ['answer', 'outputs', 'run_id'], () => ({ app: '', version: null, inputs: {} })),
  def('human_input', 'apps', 'User', '#db2777', [], () => ({ prompt: '', fields: [{ name: 'approved', type: 'boolean', label: '同意', required: true }] })),
]

const BY_TYPE = new Map(NODE_TYPES.map((n) => [n.type, n]))

export function nodeType(type: string): NodeTypeInfo {
  return BY_TYPE.get(type) ?? { type, category: 'tools', icon: 'Box', color: '#64748b', outputs: [], defaults: () => ({}) }
}

export function isKnownType(type: string): boolean {
  return BY_TYPE.has(type)
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : []
}

/**
 * The exits of a node: branch nodes have one per case/class plus else/default; a node whose policy sends
 * failures to a branch has `error` too. Plain nodes have one unnamed exit (null); end nodes have none.
 */
export function handlesOf(node: Pick<NodeSpec, 'type' | 'config' | 'policy'>): (string | null)[] {
  const config = node.config ?? {}
  let handles: (string | null)[]
  switch (node.type) {
    case 'end':
      handles = []
      break
    case 'if_else':
      handles = [...list<{ id: string }>(config.cases).map((c) => c.id), 'else']
      break
    case 'switch':
      handles = [...list<{ id: string }>(config.cases).map((c) => c.id), 'default']
      break
    case 'classifier':
      handles = list<{ id: string }>(config.classes).map((c) => c.id)
      break
    default:
      handles = [null]
  }
  if (onError(node.policy) === 'branch') handles.push('error')
  return handles
}

export function onError(policy?: NodePolicy | null): string {
  return policy?.on_error ?? 'fail'
}

/** What `{{id.output}}` a node offers downstream nodes. */
export function outputsOf(node: Pick<NodeSpec, 'type' | 'config' | 'policy'>): string[] {
  const config = node.config ?? {}
  const named = (key: string) => list<{ name?: string }>(config[key]).map((v) => v.name).filter((n): n is string => !!n)
  let outs: string[]
  if (node.type === 'start') outs = named('inputs')
  else if (node.type === 'human_input') outs = named('fields')
  else if (node.type === 'extractor') outs = [...named('parameters'), 'missing']
  else outs = [...nodeType(node.type).outputs]
  if (onError(node.policy) === 'branch') outs.push('error')
  return outs
}

/** A fresh node id for a type: `llm`, then `llm2`, `llm3`… (ids are `[a-z][a-z0-9_]*`). */
export function nextNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = type.replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, '') || 'node'
  if (!used.has(base)) return base
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`
}

export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]*$/
