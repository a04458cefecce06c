/**
 * Definition ⇄ Vue Flow graph. The definition is the stored truth; the canvas works on Vue Flow nodes whose data
 * carries the node spec. Positions are kept in the definition (the engine ignores them); nodes without one are
 * laid out left to right by depth, wrapping into bands when deeper than the canvas is wide.
 */
import { CURRENT_FORMAT, type EdgeSpec, type NodeSpec, type WorkflowDefinition } from '@/api/agent'
import type { FieldError } from '@/api/http'
import { handlesOf } from './nodeTypes'

/** What a canvas node carries besides its position. */
export interface FlowNodeData {
  spec: NodeSpec
  status?: string
  error?: string
}

export interface FlowNode {
  id: string
  type: 'jz'
  position: { x: number; y: number }
  data: FlowNodeData
}

export interface FlowEdge {
  id: string
  source: string
  target: string
  sourceHandle?: string | null
  targetHandle?: string | null
  type?: string
  animated?: boolean
}

export const COLUMN_WIDTH = 270
export const ROW_HEIGHT = 130
/** Space between two bands of a wrapped layout, room for the edge that leads back to the left. */
export const BAND_GAP = 50

export function emptyDefinition(): WorkflowDefinition {
  return {
    format: CURRENT_FORMAT,
    environment: [],
    conversation_variables: [],
    nodes: [
      { id: 'start', type: 'start', title: '开始', config: { inputs: [{ name: 'question', type: 'string', label: '问题', required: true, max_length: 2000 }] }, position: { x: 40, y: 160 } },
      { id: 'answer', type: 'answer', title: '回答', config: { text: '{{start.question}}' }, position: { x: 40 + COLUMN_WIDTH, y: 160 } },
    ],
    edges: [{ id: 'e-start-answer', source: 'start', target: 'answer' }],
  }
}

/** Reads a definition as it came from the server, filling absent lists so the editor never sees undefined. */
export function normalizeDefinition(raw: Partial<WorkflowDefinition> | null | undefined): WorkflowDefinition {
  return {
    format: raw?.format || CURRENT_FORMAT,
    environment: raw?.environment ?? [],
    conversation_variables: raw?.conversation_variables ?? [],
    nodes: (raw?.nodes ?? []).map((n) => ({ ...n, config: n.config ?? {} })),
    edges: raw?.edges ?? [],
  }
}

export function edgeId(e: Pick<EdgeSpec, 'source' | 'target' | 'source_handle'>): string {
  return `e-${e.source}${e.source_handle ? `.${e.source_handle}` : ''}-${e.target}`
}

/** Depth of each node from the nodes without incoming edges (longest path), for nodes without a position. */
function depths(nodes: NodeSpec[], edges: EdgeSpec[]): Map<string, number> {
  const incoming = new Map<string, string[]>()
  for (const n of nodes) incoming.set(n.id, [])
  for (const e of edges) incoming.get(e.target)?.push(e.source)
  const depth = new Map<string, number>()
  const visiting = new Set<string>()
  const of = (id: string): number => {
    const known = depth.get(id)
    if (known !== undefined) return known
    if (visiting.has(id)) return 0 // a cycle: the validator reports it; layout just stops
    visiting.add(id)
    const d = Math.max(-1, ...(incoming.get(id) ?? []).filter((s) => incoming.has(s)).map(of)) + 1
    visiting.delete(id)
    depth.set(id, d)
    return d
  }
  for (const n of nodes) of(n.id)
  return depth
}

/**
 * The canvas graph of a definition. Nodes without a stored position are laid out by depth, left to right; a chain
 * deeper than `maxColumns` wraps into further bands below (like lines of text), so a long workflow opened in a
 * narrow canvas stays readable instead of being zoomed down to a thin strip.
 */
export function toFlow(definition: WorkflowDefinition, maxColumns = Number.POSITIVE_INFINITY): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const depth = depths(definition.nodes, definition.edges)
  const columns = Math.max(1, Math.floor(maxColumns))
  const unplaced = definition.nodes.filter((n) => !n.position)
  // nodes per depth decide each band's height
  const perDepth = new Map<number, number>()
  for (const n of unplaced) {
    const d = depth.get(n.id) ?? 0
    perDepth.set(d, (perDepth.get(d) ?? 0) + 1)
  }
  const bandTop = new Map<number, number>()
  const bands = Math.ceil((Math.max(-1, ...perDepth.keys()) + 1) / columns)
  for (let b = 0, top = 60; b < bands; b++) {
    bandTop.set(b, top)
    let tallest = 1
    for (let d = b * columns; d < (b + 1) * columns; d++) tallest = Math.max(tallest, perDepth.get(d) ?? 0)
    top += tallest * ROW_HEIGHT + BAND_GAP
  }
  const rows = new Map<number, number>()
  const nodes = definition.nodes.map((spec): FlowNode => {
    let position = spec.position ?? null
    if (!position) {
      const d = depth.get(spec.id) ?? 0
      const row = rows.get(d) ?? 0
      rows.set(d, row + 1)
      position = { x: 40 + (d % columns) * COLUMN_WIDTH, y: (bandTop.get(Math.floor(d / columns)) ?? 60) + row * ROW_HEIGHT }
    }
    return { id: spec.id, type: 'jz', position: { x: position.x, y: position.y }, data: { spec } }
  })
  const edges = definition.edges.map((e): FlowEdge => ({
    id: e.id || edgeId(e),
    source: e.source,
    target: e.target,
    sourceHandle: e.source_handle ?? null,
    type: 'smoothstep',
  }))
  return { nodes, edges }
}

/**
 * The canvas back into a definition: positions rounded, edges whose source handle no longer exists (a case was
 * removed) dropped, environment and conversation variables taken from `base`.
 */
export function fromFlow(nodes: FlowNode[], edges: FlowEdge[], base: Pick<WorkflowDefinition, 'format' | 'environment' | 'conversation_variables'>): WorkflowDefinition {
  const specs = nodes.map((n): NodeSpec => {
    const spec: NodeSpec = { ...n.data.spec, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } }
    if (!spec.policy || Object.values(spec.policy).every((v) => v === null || v === undefined || v === '')) delete spec.policy
    return spec
  })
  const byId = new Map(specs.map((s) => [s.id, s]))
  const kept = edges.filter((e) => {
    const source = byId.get(e.source)
    if (!source || !byId.has(e.target)) return false
    return handlesOf(source).includes(e.sourceHandle ?? null)
  })
  return {
    format: base.format || CURRENT_FORMAT,
    environment: base.environment,
    conversation_variables: base.conversation_variables,
    nodes: specs,
    edges: kept.map((e) => {
      const spec: EdgeSpec = { id: e.id, source: e.source, target: e.target }
      if (e.sourceHandle) spec.source_handle = e.sourceHandle
      return spec
    }),
  }
}

/** Whether a new connection is allowed: no self loops, no duplicate, end nodes have no exit, start no entry. */
export function canConnect(
  connection: { source: string; target: string; sourceHandle?: string | null },
  nodes: Pick<FlowNode, 'id' | 'data'>[],
  edges: Pick<FlowEdge, 'source' | 'target' | 'sourceHandle'>[],
): boolean {
  if (connection.source === connection.target) return false
  const target = nodes.find((n) => n.id === connection.target)
  if (!target || target.data.spec.type === 'start') return false
  const handle = connection.sourceHandle ?? null
  return !edges.some((e) => e.source === connection.source && e.target === connection.target && (e.sourceHandle ?? null) === handle)
}

/** A 422's field errors grouped by node: `nodes.<id>.config.<field>` → {id: [{field, message}]}; others under ''. */
export function errorsByNode(errors: FieldError[]): Record<string, { field: string; message: string }[]> {
  const out: Record<string, { field: string; message: string }[]> = {}
  for (const e of errors) {
    const m = /^nodes\.([^.[\]]+)(?:\.(.*))?$/.exec(e.field ?? '')
    const node = m ? m[1] : ''
    const field = m ? (m[2] ?? '').replace(/^config\./, '') : e.field ?? ''
    ;(out[node] ??= []).push({ field, message: e.message })
  }
  return out
}

/** Ids of the nodes upstream of `id` (what it may reference), nearest first. */
export function upstreamOf(id: string, edges: Pick<EdgeSpec, 'source' | 'target'>[]): string[] {
  const seen: string[] = []
  let frontier = [id]
  while (frontier.length) {
    const next: string[] = []
    for (const t of frontier) {
      for (const e of edges) {
        if (e.target === t && !seen.includes(e.source) && e.source !== id) {
          seen.push(e.source)
          next.push(e.source)
        }
      }
    }
    frontier = next
  }
  return seen
}
