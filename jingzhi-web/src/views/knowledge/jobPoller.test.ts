import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Job, JobState } from '@/api/knowledge'
import { pollJob } from './jobPoller'

const job = (state: JobState, done = 0): Job => ({ id: 1, kb_id: 2, kind: 'upload', state, total: 3, done, failed: 0, progress: done / 3, created_at: '' })

describe('job progress polling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('polls until the job ends and then stops by itself', async () => {
    const answers = [job('running', 1), job('running', 2), job('succeeded', 3), job('succeeded', 3)]
    const fetchJob = vi.fn(async () => answers.shift()!)
    const seen: number[] = []
    const poller = pollJob(fetchJob, (j) => seen.push(j.done), { intervalMs: 1000 })

    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(seen).toEqual([1, 2, 3])
    expect(poller.running).toBe(false)
    await vi.advanceTimersByTimeAsync(10000)
    expect(fetchJob).toHaveBeenCalledTimes(3)
  })

  it('keeps polling a paused job and stops when told to', async () => {
    const fetchJob = vi.fn(async () => job('paused'))
    const poller = pollJob(fetchJob, () => {}, { intervalMs: 500 })
    await vi.advanceTimersByTimeAsync(1200)
    expect(fetchJob).toHaveBeenCalledTimes(3)
    poller.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchJob).toHaveBeenCalledTimes(3)
    expect(poller.running).toBe(false)
  })

  it('gives up after three failed calls in a row and reports the error once', async () => {
    const fetchJob = vi.fn(async () => {
      throw new Error('503')
    })
    const onError = vi.fn()
    const poller = pollJob(fetchJob, () => {}, { intervalMs: 100, onError })
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetchJob).toHaveBeenCalledTimes(3)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(poller.running).toBe(false)
  })

  it('does not deliver an answer that arrives after stop()', async () => {
    let release: (j: Job) => void = () => {}
    const fetchJob = vi.fn(() => new Promise<Job>((resolve) => (release = resolve)))
    const onUpdate = vi.fn()
    const poller = pollJob(fetchJob, onUpdate)
    await vi.advanceTimersByTimeAsync(0)
    poller.stop()
    release(job('running', 1))
    await vi.advanceTimersByTimeAsync(0)
    expect(onUpdate).not.toHaveBeenCalled()
  })
})
