import { describe, expect, it } from 'vitest'
import { buildUrl, ApiError } from './http'
import { isMissing, totals, usageQuery } from './usage'
import { benchmarkBody, compareQuery, defaultBenchmarkForm, isActive } from './benchmarks'
import { emptyEndpoint, endpointBody, endpointToForm, type Endpoint } from './models'

describe('usage parameters', () => {
  it('drops empty filters and adds group_by / paging', () => {
    const q = usageQuery(
      { from: '2026-11-01T00:00:00.000Z', to: '', tenant_id: 3, project_id: null, app_id: undefined, model: ' demo-chat ' },
      { group_by: 'day' },
    )
    expect(q).toEqual({ from: '2026-11-01T00:00:00.000Z', tenant_id: 3, model: 'demo-chat', group_by: 'day' })
    expect(buildUrl('/api/v1/usage/records', usageQuery({ model: 'm' }, { page: 2, size: 20 }))).toBe(
      '/api/v1/usage/records?model=m&page=2&size=20',
    )
  })

  it('sums summary rows for the cards', () => {
    const row = { key: 'a', requests: 4, errors: 1, prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, estimated_requests: 2 }
    expect(totals([row, { ...row, key: 'b' }])).toMatchObject({ requests: 8, errors: 2, total_tokens: 60, error_rate: 0.25 })
    expect(totals([]).error_rate).toBe(0)
  })

  it('treats a missing route as "not available yet", not a missing resource', () => {
    expect(isMissing(new ApiError(404, 'No static resource', { code: 'not_found' }))).toBe(true)
    expect(isMissing(new ApiError(404, 'nope'))).toBe(true)
    expect(isMissing(new ApiError(404, 'Project 5 not found', { code: 'project.not_found' }))).toBe(false)
    expect(isMissing(new ApiError(403, 'forbidden'))).toBe(false)
    expect(isMissing(new Error('x'))).toBe(false)
  })
})

describe('benchmark parameters', () => {
  it('sends concurrency, not rate, in concurrency mode, and prompt_tokens for a synthetic prompt', () => {
    const f = { ...defaultBenchmarkForm(), model: 'demo-chat', concurrency: 8, rate: 3, requests: 100 }
    const body = benchmarkBody(f)
    expect(body).toMatchObject({ model: 'demo-chat', mode: 'concurrency', concurrency: 8, requests: 100, prompt_tokens: 256, stream: true })
    expect(body).not.toHaveProperty('rate')
    expect(body).not.toHaveProperty('prompt')
    expect(body).not.toHaveProperty('slo')
    expect(body).not.toHaveProperty('name')
  })

  it('sends rate in poisson mode, a prompt text, and only the SLOs that are set', () => {
    const f = {
      ...defaultBenchmarkForm(),
      name: ' run 1 ',
      model: 'm',
      mode: 'poisson' as const,
      rate: 2.5,
      promptSource: 'text' as const,
      prompt: '你好',
      slo_ttft_ms: 500,
      slo_e2e_ms: 8000,
    }
    const body = benchmarkBody(f)
    expect(body).toMatchObject({ name: 'run 1', mode: 'poisson', rate: 2.5, prompt: '你好', slo: { ttft_ms: 500, e2e_ms: 8000 } })
    expect(body).not.toHaveProperty('concurrency')
    expect(body).not.toHaveProperty('prompt_tokens')
    expect(body.slo).not.toHaveProperty('tpot_ms')
  })

  it('builds the compare query and knows active states', () => {
    expect(compareQuery([1, '2', 1, 3])).toEqual({ ids: '1,2,3' })
    expect(buildUrl('/api/v1/benchmarks/compare', compareQuery([4, 5]))).toBe('/api/v1/benchmarks/compare?ids=4%2C5')
    expect(isActive('queued')).toBe(true)
    expect(isActive('running')).toBe(true)
    expect(isActive('succeeded')).toBe(false)
  })
})

describe('model endpoint bodies', () => {
  it('never sends an empty key, so the stored key is kept', () => {
    const stored: Endpoint = {
      id: 1,
      url: 'http://10.0.0.5:8000/v1',
      upstream_model: 'qwen',
      weight: 2,
      priority: 0,
      max_concurrency: null,
      connect_timeout_ms: 3000,
      first_token_timeout_ms: 60000,
      idle_timeout_ms: 30000,
      total_timeout_ms: 600000,
      enabled: true,
      has_api_key: true,
    }
    const form = endpointToForm(stored)
    expect(form.api_key).toBe('')
    expect(endpointBody(form)).not.toHaveProperty('api_key')
    expect(endpointBody({ ...form, api_key: ' sk-new ' }).api_key).toBe('sk-new')
    expect(endpointBody({ ...emptyEndpoint(), url: ' http://h/v1 ', upstream_model: '' })).toMatchObject({
      url: 'http://h/v1',
      upstream_model: null,
      max_concurrency: null,
    })
  })
})
