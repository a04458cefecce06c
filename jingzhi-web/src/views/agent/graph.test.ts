import { describe, expect, it } from 'vitest'
import type { WorkflowDefinition } from '@/api/agent'
import { canConnect, emptyDefinition, errorsByNode, fromFlow, normalizeDefinition, toFlow, upstreamOf } from './graph'
import { handlesOf, nextNodeId, outputsOf } from './nodeTypes'

const def = (): WorkflowDefinition => ({
  format: 'jingzhi-workflow/1',
  environment: [{ name: 'API_BASE', type: 'string', value: 'http://127.0.0.1:9400' }],
  conversation_variables: [],
  nodes: [
    { id: 'start', type: 'start', config: { inputs: [{ name: 'question', type: 'string' }] }, position: { x: 0, y: 0 } },
    { id: 'route', type: 'if_else', config: { cases: [{ id: 'urgent', logical: 'and', conditions: [] }] } },
    { id: 'llm', type: 'llm', config: { model: 'm', prompt: '{{start.question}}' }, policy: { on_error: 'branch' } },
    { id: 'answer', type: 'answer', config: { text: '{{llm.text}}' } },
    { id: 'sorry', type: 'answer', config: { text: '稍后再试' } },
  ],
  edges: [
    { source: 'start', target: 'route' },
    { source: 'route', source_handle: 'urgent', target: 'llm' },
    { source: 'route', source_handle: 'else', target: 'answer' },
    { source: 'llm', target: 'answer' },
    { source: 'llm', source_handle: 'error', target: 'sorry' },
  ],
})

describe('definition ⇄ Vue Flow graph', () => {
  it('round-trips nodes, handles and variables; positions come back rounded', () => {
    const d = def()
    const flow = toFlow(d)
    expect(flow.edges.find((e) => e.source === 'llm' && e.target === 'sorry')?.sourceHandle).toBe('error')
    flow.nodes[0].position = { x: 10.4, y: 20.6 }
    const back = fromFlow(flow.nodes, flow.edges, d)
    expect(back.nodes.map((n) => n.id)).toEqual(d.nodes.map((n) => n.id))
    expect(back.nodes[0].position).toEqual({ x: 10, y: 21 })
    expect(back.edges.map((e) => [e.source, e.source_handle ?? null, e.target])).toEqual(d.edges.map((e) => [e.source, e.source_handle ?? null, e.target]))
    expect(back.environment).toEqual(d.environment)
    expect(back.nodes[2].policy).toEqual({ on_error: 'branch' })
  })

  it('lays out nodes without a position left to right by depth', () => {
    const flow = toFlow(def())
    const x = (id: string) => flow.nodes.find((n) => n.id === id)!.position.x
    expect(x('route')).toBeGreaterThan(x('start'))
    expect(x('llm')).toBeGreaterThan(x('route'))
    expect(x('answer')).toBeGreaterThan(x('llm')) // longest path: start → route → llm → answer
  })

  it('wraps a chain deeper than the canvas is wide into bands below, without overlapping nodes', () => {
    const ids = ['start', 'kb', 'today', 'stats', 'llm', 'answer']
    const chain: WorkflowDefinition = {
      format: 'jingzhi-workflow/1', environment: [], conversation_variables: [],
      nodes: ids.map((id) => ({ id, type: id === 'start' || id === 'answer' ? id : 'template', config: {} })),
      edges: ids.slice(1).map((id, i) => ({ source: ids[i], target: id })),
    }
    const at = (flow: ReturnType<typeof toFlow>, id: string) => flow.nodes.find((n) => n.id === id)!.position
    const wrapped = toFlow(chain, 3)
    expect(at(wrapped, 'stats').x).toBe(at(wrapped, 'start').x) // the fourth node starts the second band
    expect(at(wrapped, 'stats').y).toBeGreaterThan(at(wrapped, 'today').y)
    expect(at(wrapped, 'answer').x).toBeGreaterThan(at(wrapped, 'llm').x)
    expect(new Set(wrapped.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(ids.length)
    const wide = toFlow(chain)
    expect(new Set(wide.nodes.map((n) => n.position.y)).size).toBe(1) // no limit: one row
    // a stored position is kept as it is
    chain.nodes[3].position = { x: 5, y: 7 }
    expect(at(toFlow(chain, 3), 'stats')).toEqual({ x: 5, y: 7 })
  })

  it('drops edges whose exit disappeared (a removed case, on_error no longer branch) and empty policies', () => {
    const d = def()
    const flow = toFlow(d)
    const llm = flow.nodes.find((n) => n.id === 'llm')!
    llm.data.spec.policy = { on_error: null, timeout_ms: null }
    const route = flow.nodes.find((n) => n.id === 'route')!
    route.data.spec.config = { cases: [] }
    const back = fromFlow(flow.nodes, flow.edges, d)
    expect(back.edges.some((e) => e.source_handle === 'error')).toBe(false)
    expect(back.edges.some((e) => e.source_handle === 'urgent')).toBe(false)
    expect(back.edges.some((e) => e.source_handle === 'else')).toBe(true)
    expect(back.nodes.find((n) => n.id === 'llm')!.policy).toBeUndefined()
  })

  it('fills absent lists of a server definition and starts new apps with start → answer', () => {
    const d = normalizeDefinition({ nodes: [{ id: 'start', type: 'start', config: undefined as never }] })
    expect(d).toMatchObject({ format: 'jingzhi-workflow/1', environment: [], conversation_variables: [], edges: [] })
    expect(d.nodes[0].config).toEqual({})
    expect(emptyDefinition().edges).toEqual([{ id: 'e-start-answer', source: 'start', target: 'answer' }])
  })

  it('refuses self loops, edges into start and duplicate edges', () => {
    const flow = toFlow(def())
    expect(canConnect({ source: 'llm', target: 'llm' }, flow.nodes, flow.edges)).toBe(false)
    expect(canConnect({ source: 'llm', target: 'start' }, flow.nodes, flow.edges)).toBe(false)
    expect(canConnect({ source: 'start', target: 'route' }, flow.nodes, flow.edges)).toBe(false)
    expect(canConnect({ source: 'start', target: 'sorry' }, flow.nodes, flow.edges)).toBe(true)
    expect(canConnect({ source: 'route', sourceHandle: 'urgent', target: 'answer' }, flow.nodes, flow.edges)).toBe(true)
  })

  it('groups 422 field errors by node and keeps the field inside the config', () => {
    const grouped = errorsByNode([
      { field: 'nodes.llm.config.model', message: 'required' },
      { field: 'nodes.kb.config.query', message: 'unknown node x' },
      { field: 'nodes.llm', message: 'unreachable' },
      { field: 'edges[0].target', message: 'dangling' },
    ])
    expect(grouped.llm).toEqual([{ field: 'model', message: 'required' }, { field: '', message: 'unreachable' }])
    expect(grouped.kb).toEqual([{ field: 'query', message: 'unknown node x' }])
    expect(grouped['']).toEqual([{ field: 'edges[0].target', message: 'dangling' }])
  })

  it('lists upstream nodes nearest first', () => {
    expect(upstreamOf('answer', def().edges)).toEqual(['route', 'llm', 'start'])
    expect(upstreamOf('start', def().edges)).toEqual([])
  })
})

describe('node types', () => {
  it('gives branch nodes one exit per case/class plus else/default, and error when failures branch', () => {
    expect(handlesOf({ type: 'if_else', config: { cases: [{ id: 'a' }, { id: 'b' }] } })).toEqual(['a', 'b', 'else'])
    expect(handlesOf({ type: 'switch', config: { cases: [{ id: 'x' }] } })).toEqual(['x', 'default'])
    expect(handlesOf({ type: 'classifier', config: { classes: [{ id: 'c1' }, { id: 'c2' }] } })).toEqual(['c1', 'c2'])
    expect(handlesOf({ type: 'llm', config: {}, policy: { on_error: 'branch' } })).toEqual([null, 'error'])
    expect(handlesOf({ type: 'end', config: {} })).toEqual([])
  })

  it('derives outputs of start, extractor and human input from their config', () => {
    expect(outputsOf({ type: 'start', config: { inputs: [{ name: 'q' }, { name: 'district' }] } })).toEqual(['q', 'district'])
    expect(outputsOf({ type: 'extractor', config: { parameters: [{ name: 'date' }] } })).toEqual(['date', 'missing'])
    expect(outputsOf({ type: 'knowledge', config: {} })).toEqual(['result', 'context'])
    expect(outputsOf({ type: 'http', config: {}, policy: { on_error: 'branch' } })).toContain('error')
  })

  it('numbers new node ids per type', () => {
    expect(nextNodeId('llm', ['start'])).toBe('llm')
    expect(nextNodeId('llm', ['llm', 'llm2'])).toBe('llm3')
    expect(nextNodeId('sub_workflow', [])).toBe('sub_workflow')
  })
})
