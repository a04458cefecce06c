/**
 * Side-by-side comparison: the same prompt sent to up to four models at once, each in its own column
 * with its own stream, stop and metrics.
 */
import { newRun, runMetrics, type ChatRun } from './chatRun'

export const MAX_COMPARE = 4

export interface Comparison {
  columns: ChatRun[]
}

export function newComparison(models: readonly string[] = []): Comparison {
  const cmp: Comparison = { columns: [] }
  setModels(cmp, models)
  return cmp
}

/**
 * Sets the compared models: duplicates and blanks dropped, at most MAX_COMPARE, order kept. A column whose
 * model stays keeps its output; new models get empty columns.
 */
export function setModels(cmp: Comparison, models: readonly string[]): void {
  const wanted = [...new Set(models.map((m) => m.trim()).filter(Boolean))].slice(0, MAX_COMPARE)
  const old = new Map(cmp.columns.map((c) => [c.model, c]))
  cmp.columns = wanted.map((m) => old.get(m) ?? newRun(m))
}

export function canAdd(cmp: Comparison): boolean {
  return cmp.columns.length < MAX_COMPARE
}

export function anyRunning(cmp: Comparison): boolean {
  return cmp.columns.some((c) => c.status === 'streaming')
}

/** A comparison can start with at least one model, something to ask, and nothing still streaming. */
export function canStart(cmp: Comparison, prompt: string): boolean {
  return cmp.columns.length > 0 && prompt.trim().length > 0 && !anyRunning(cmp)
}

/** The best column per metric (lowest TTFT, highest tokens/s) among finished columns, for highlighting. */
export function leaders(cmp: Comparison): { ttft?: string; speed?: string } {
  let ttft: { model: string; v: number } | undefined
  let speed: { model: string; v: number } | undefined
  for (const c of cmp.columns) {
    if (c.status !== 'done') continue
    const m = runMetrics(c)
    if (m.ttftMs !== null && (!ttft || m.ttftMs < ttft.v)) ttft = { model: c.model, v: m.ttftMs }
    if (m.tokensPerSecond !== null && (!speed || m.tokensPerSecond > speed.v)) speed = { model: c.model, v: m.tokensPerSecond }
  }
  // a single finished column leads nothing
  const done = cmp.columns.filter((c) => c.status === 'done').length
  return done < 2 ? {} : { ttft: ttft?.model, speed: speed?.model }
}
