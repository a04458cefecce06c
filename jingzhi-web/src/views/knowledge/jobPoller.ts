import { isJobFinal, type Job } from '@/api/knowledge'

/**
 * Polls a running job until it ends (succeeded, failed, cancelled). Each answer goes to `onUpdate`; the poller
 * stops by itself at a final state, after `stop()`, and after three failed calls in a row (the page shows the
 * error once instead of every interval).
 */
export interface JobPoller {
  stop(): void
  readonly running: boolean
}

export function pollJob(
  fetchJob: () => Promise<Job>,
  onUpdate: (job: Job) => void,
  options: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): JobPoller {
  const interval = options.intervalMs ?? 1500
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  let failures = 0

  async function tick() {
    timer = undefined
    if (stopped) return
    try {
      const job = await fetchJob()
      failures = 0
      if (stopped) return
      onUpdate(job)
      if (isJobFinal(job)) {
        stopped = true
        return
      }
    } catch (e) {
      failures += 1
      if (failures >= 3) {
        stopped = true
        options.onError?.(e)
        return
      }
    }
    if (!stopped) timer = setTimeout(tick, interval)
  }

  timer = setTimeout(tick, 0)
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
    get running() {
      return !stopped
    },
  }
}
