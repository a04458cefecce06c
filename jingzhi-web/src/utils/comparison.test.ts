import { describe, expect, it } from 'vitest'
import { anyRunning, canAdd, canStart, leaders, MAX_COMPARE, newComparison, setModels } from './comparison'
import { applyChunk, finishRun, newRun, runMetrics, startRun } from './chatRun'
import { StreamError } from '@/api/sse'

describe('chat run metrics', () => {
  it('measures TTFT, duration and tokens/s from usage', () => {
    const run = newRun('m')
    startRun(run, 1000)
    applyChunk(run, { choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }, 1100)
    applyChunk(run, { choices: [{ index: 0, delta: { content: '你' } }] }, 1250)
    applyChunk(run, { choices: [{ index: 0, delta: { content: '好' }, finish_reason: 'stop' }] }, 1300)
    applyChunk(run, { choices: [], usage: { prompt_tokens: 7, completion_tokens: 11, total_tokens: 18 } }, 1301)
    finishRun(run, 2250)
    const m = runMetrics(run)
    expect(run.content).toBe('你好')
    expect(run.status).toBe('done')
    expect(run.finishReason).toBe('stop')
    expect(m.ttftMs).toBe(250)
    expect(m.durationMs).toBe(1250)
    expect(m.completionTokens).toBe(11)
    expect(m.promptTokens).toBe(7)
    expect(m.estimated).toBe(false)
    expect(m.tokensPerSecond).toBeCloseTo(10 / 1) // 10 tokens after the first, 1 s after it
  })

  it('falls back to counting chunks without usage', () => {
    const run = newRun('m')
    startRun(run, 0)
    for (let i = 0; i < 5; i++) applyChunk(run, { choices: [{ index: 0, delta: { content: 'x' } }] }, 100 + i * 100)
    finishRun(run, 600)
    const m = runMetrics(run)
    expect(m.estimated).toBe(true)
    expect(m.completionTokens).toBe(5)
    expect(m.tokensPerSecond).toBeCloseTo(4 / 0.5)
  })

  it('marks a stop as stopped and a broken stream as an incomplete error', () => {
    const stopped = newRun('a')
    startRun(stopped, 0)
    finishRun(stopped, 5, new DOMException('aborted', 'AbortError'))
    expect(stopped.status).toBe('stopped')
    expect(stopped.error).toBeUndefined()

    const broken = newRun('b')
    startRun(broken, 0)
    applyChunk(broken, { choices: [{ index: 0, delta: { content: 'half' } }] }, 10)
    finishRun(broken, 20, new StreamError('the model server closed the stream', 'api_error', 'upstream_stream_broken'))
    expect(broken.status).toBe('error')
    expect(broken.incomplete).toBe(true)
    expect(broken.content).toBe('half')
    expect(broken.error).toMatch(/closed the stream/)
  })

  it('restarting clears the previous answer', () => {
    const run = newRun('m')
    startRun(run, 0)
    applyChunk(run, { choices: [{ index: 0, delta: { content: 'old' } }] }, 10)
    finishRun(run, 20, new Error('x'))
    startRun(run, 100)
    expect(run).toMatchObject({ content: '', status: 'streaming', chunks: 0, error: undefined, incomplete: false })
    expect(runMetrics(run).ttftMs).toBeNull()
  })
})

describe('comparison state', () => {
  it('keeps at most four distinct models, in order', () => {
    const cmp = newComparison(['a', 'b', 'a', ' ', 'c', 'd', 'e'])
    expect(cmp.columns.map((c) => c.model)).toEqual(['a', 'b', 'c', 'd'])
    expect(cmp.columns).toHaveLength(MAX_COMPARE)
    expect(canAdd(cmp)).toBe(false)
  })

  it('keeps the output of columns whose model stays', () => {
    const cmp = newComparison(['a', 'b'])
    cmp.columns[1].content = 'kept'
    setModels(cmp, ['b', 'c'])
    expect(cmp.columns.map((c) => c.model)).toEqual(['b', 'c'])
    expect(cmp.columns[0].content).toBe('kept')
    expect(cmp.columns[1].content).toBe('')
    expect(canAdd(cmp)).toBe(true)
  })

  it('starts only with models and a prompt, and not while a column streams', () => {
    const cmp = newComparison([])
    expect(canStart(cmp, 'hi')).toBe(false)
    setModels(cmp, ['a', 'b'])
    expect(canStart(cmp, '  ')).toBe(false)
    expect(canStart(cmp, 'hi')).toBe(true)
    startRun(cmp.columns[0], 0)
    expect(anyRunning(cmp)).toBe(true)
    expect(canStart(cmp, 'hi')).toBe(false)
    finishRun(cmp.columns[0], 10)
    expect(canStart(cmp, 'hi')).toBe(true)
  })

  it('names the leaders among finished columns only', () => {
    const cmp = newComparison(['fast', 'quick', 'broken'])
    const [fast, quick, broken] = cmp.columns
    for (const c of cmp.columns) startRun(c, 0)
    applyChunk(fast, { choices: [{ index: 0, delta: { content: 'a' } }] }, 50)
    applyChunk(fast, { choices: [], usage: { prompt_tokens: 1, completion_tokens: 11, total_tokens: 12 } }, 60)
    finishRun(fast, 1050) // 10 tokens / 1 s
    applyChunk(quick, { choices: [{ index: 0, delta: { content: 'a' } }] }, 100)
    applyChunk(quick, { choices: [], usage: { prompt_tokens: 1, completion_tokens: 41, total_tokens: 42 } }, 110)
    finishRun(quick, 1100) // 40 tokens / 1 s
    applyChunk(broken, { choices: [{ index: 0, delta: { content: 'a' } }] }, 1)
    finishRun(broken, 2, new StreamError('x'))
    expect(leaders(cmp)).toEqual({ ttft: 'fast', speed: 'quick' })
    setModels(cmp, ['fast'])
    expect(leaders(cmp)).toEqual({})
  })
})
