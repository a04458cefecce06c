import { describe, expect, it } from 'vitest'
import { codeFromName, splitList } from './appForm'
import { assistantForm, assistantOf } from './assistantForm'
import { applyState, chatInputs, messagesOf } from './chat/chatMessages'
import { buildPalette, itemOf, matches } from './editor/palette'
import { referencesFor } from './editor/references'
import { nodeSummary } from './editor/nodeSummary'
import { rowsToMap } from './editor/configRows'
import { chartOption } from './tools/queryChart'
import { statsSeries } from './runs/statsChart'
import { initialRunState } from './runState'

describe('app form helpers', () => {
  it('suggests a valid code from a name, and one for Chinese names', () => {
    expect(codeFromName('RSJ Policy Helper!')).toBe('rsj-policy-helper')
    expect(codeFromName('2024 survey')).toBe('survey')
    expect(codeFromName('人社助手', () => 36 ** 3)).toBe('app-1000')
    expect(codeFromName('  ')).toBe('')
    expect(splitList('a, b，a\nc')).toEqual(['a', 'b', 'c'])
  })
})

describe('assistant form', () => {
  it('round-trips the config, dropping empty questions, half tools and knowledge without bases', () => {
    const f = assistantForm({ model: 'qwen', opening_questions: ['如何参保？'], knowledge: { bases: ['rsj'], top_k: 3, mode: 'vector' }, tools: [{ kind: 'mcp', server: 's', tool: 't' }] })
    f.questionsText += '\n \n'
    f.tools.push({ kind: 'mcp', server: 's', tool: ' ' })
    const a = assistantOf(f)
    expect(a.opening_questions).toEqual(['如何参保？'])
    expect(a.tools).toEqual([{ kind: 'mcp', server: 's', tool: 't' }])
    expect(a.knowledge).toEqual({ bases: ['rsj'], top_k: 3, score_threshold: null, mode: 'vector' })
    f.bases = []
    expect(assistantOf(f).knowledge).toBeNull()
    expect(assistantForm(null)).toMatchObject({ model: '', temperature: 0.7, memory_turns: 5 })
  })
})

describe('chat messages', () => {
  it('builds the message list from turns and follows a streaming run', () => {
    const m = messagesOf([{ run_id: 1, query: '问', answer: '答', intervened: true, feedback: { rating: 'up' } }])
    expect(m).toEqual([
      { role: 'user', content: '问' },
      { role: 'assistant', content: '答', runId: 1, status: undefined, intervened: true, rating: 'up' },
    ])
    const next = applyState({ role: 'assistant', content: '' }, { ...initialRunState(), status: 'running', answer: '部分', runId: 9, intervened: true })
    expect(next).toMatchObject({ content: '部分', runId: 9, status: 'running', intervened: true, waiting: null })
  })
})

describe('chat inputs', () => {
  it('fills a declared question or query input with the typed message, keeping the form values', () => {
    const declared = [{ name: 'question', type: 'string' as const, required: true }, { name: 'district', type: 'string' as const }]
    expect(chatInputs(declared, { district: '东城区' }, '如何参保？')).toEqual({ district: '东城区', question: '如何参保？' })
    expect(chatInputs([{ name: 'query', type: 'string' }], {}, '你好')).toEqual({ query: '你好' })
    expect(chatInputs(declared, { question: '表单里填的' }, '消息')).toMatchObject({ question: '表单里填的' })
    expect(chatInputs([{ name: 'district', type: 'string' }], {}, '消息')).toEqual({})
    expect(chatInputs(undefined, {}, '消息')).toEqual({})
  })
})

describe('palette', () => {
  it('adds MCP tools, database connections and apps from the catalog to the built-in node types', () => {
    // the shapes of GET /api/v1/components (ComponentItem: kind, key, name, name_en, description(_en), attributes)
    const groups = buildPalette([
      { kind: 'node_type', key: 'llm', name: '大模型', name_en: 'LLM', category: 'model', description: '调用大模型', description_en: 'Calls a model', attributes: { type: 'llm' } },
      { kind: 'mcp_tool', key: 'jingzhi-tools/current_time', name: '当前时间', name_en: 'current_time', category: 'tool', attributes: { server: 'jingzhi-tools', tool: 'current_time', node_type: 'mcp' } },
      { kind: 'db_connection', key: 'demo-stats', name: '演示统计库', category: 'data' },
      { kind: 'app', key: 'rsj-assistant', name: '人社助手', category: 'app', attributes: { app: 'rsj-assistant', node_type: 'sub_workflow' } },
      { kind: 'node_type', key: 'unknown_type', name: 'unknown_type', category: 'other', attributes: { type: 'unknown_type' } },
    ])
    const all = groups.flatMap((g) => g.items)
    expect(all.find((i) => i.key === 'node:llm')?.description).toBe('调用大模型')
    expect(buildPalette([{ kind: 'node_type', key: 'llm', name: '大模型', category: 'model', description: '调用大模型', description_en: 'Calls a model' }], 'en-US')
      .flatMap((g) => g.items).find((i) => i.key === 'node:llm')?.description).toBe('Calls a model')
    const tool = all.find((i) => i.key === 'mcp:jingzhi-tools/current_time')
    expect(tool?.config).toMatchObject({ server: 'jingzhi-tools', tool: 'current_time' })
    expect(tool?.title).toBe('当前时间')
    expect(all.find((i) => i.key === 'db:demo-stats')?.config).toMatchObject({ connection: 'demo-stats', mode: 'sql' })
    expect(groups.find((g) => g.category === 'apps')?.items.map((i) => i.title)).toContain('人社助手')
    expect(all.find((i) => i.key === 'app:rsj-assistant')?.config).toMatchObject({ app: 'rsj-assistant' })
    expect(all.some((i) => i.type === 'unknown_type')).toBe(false)
    expect(itemOf({ kind: 'mcp_tool', key: 'broken', name: 'broken', category: 'tool' })).toBeNull()
    expect(buildPalette([]).flatMap((g) => g.items)).toHaveLength(20)
  })

  it('searches type, label, description and tags case-insensitively', () => {
    const item = { key: 'node:http', type: 'http', title: null, description: 'Calls an API', tags: ['接口'], config: {} }
    expect(matches(item, 'HTTP 请求', 'http')).toBe(true)
    expect(matches(item, 'HTTP 请求', '请求')).toBe(true)
    expect(matches(item, 'HTTP 请求', 'api')).toBe(true)
    expect(matches(item, 'HTTP 请求', '接口')).toBe(true)
    expect(matches(item, 'HTTP 请求', '数据库')).toBe(false)
  })
})

describe('editor helpers', () => {
  it('offers upstream outputs, sys, env and conversation references for a node', () => {
    const nodes = [
      { id: 'start', type: 'start', config: { inputs: [{ name: 'question' }] } },
      { id: 'kb', type: 'knowledge', config: {} },
      { id: 'llm', type: 'llm', config: {} },
    ]
    const refs = referencesFor('llm', nodes, {
      edges: [{ source: 'start', target: 'kb' }, { source: 'kb', target: 'llm' }],
      environment: [{ name: 'API_BASE', type: 'string' }],
      conversation_variables: [{ name: 'topic', type: 'string' }],
    })
    expect(refs.slice(0, 3)).toEqual(['kb.result', 'kb.context', 'start.question'])
    expect(refs).toContain('sys.query')
    expect(refs).toContain('env.API_BASE')
    expect(refs).toContain('conv.topic')
    expect(refs).not.toContain('llm.text')
  })

  it('summarises nodes in one clipped line', () => {
    expect(nodeSummary({ type: 'http', config: { method: 'POST', url: 'http://x/api' } })).toBe('POST http://x/api')
    expect(nodeSummary({ type: 'knowledge', config: { knowledge_bases: ['a', 'b'] } })).toBe('a, b')
    expect(nodeSummary({ type: 'answer', config: { text: 'x'.repeat(60) } })).toHaveLength(40)
    expect(nodeSummary({ type: 'end', config: {} })).toBe('')
  })

  it('turns key/value rows into an object, skipping unnamed rows', () => {
    expect(rowsToMap([{ name: ' a ', value: 1 }, { name: '', value: 2 }])).toEqual({ a: 1 })
  })
})

describe('charts', () => {
  it('builds a bar/line/pie option from the chart spec when the server sent no option', () => {
    const result = { columns: [{ name: 'district' }, { name: 'cases' }], rows: [{ district: '东城', cases: 12 }, { district: '西城', cases: '8' }] }
    const bar = chartOption({ ...result, chart: { type: 'bar', x: 'district', y: ['cases'] } }) as { series: { data: unknown[] }[]; xAxis: { data: string[] } }
    expect(bar.xAxis.data).toEqual(['东城', '西城'])
    expect(bar.series[0].data).toEqual([12, 8])
    const pie = chartOption({ ...result, chart: { type: 'pie', x: 'district', y: ['cases'] } }) as { series: { data: unknown[] }[] }
    expect(pie.series[0].data).toEqual([{ name: '东城', value: 12 }, { name: '西城', value: 8 }])
    expect(chartOption({ ...result, chart: { type: 'table' } })).toBeNull()
    expect(chartOption({ ...result, chart: { type: 'bar', option: { title: { text: 'server' } } } })).toEqual({ title: { text: 'server' } })
    expect(chartOption({ ...result, chart: null })).toBeNull()
  })

  it('sorts the per-day series', () => {
    expect(statsSeries({ calls: 2, errors: 0, days: [{ day: '2025-01-02', calls: 1, errors: 0 }, { day: '2025-01-01', calls: 1, errors: 0 }] }).map((d) => d.day)).toEqual(['2025-01-01', '2025-01-02'])
    expect(statsSeries(null)).toEqual([])
  })
})
