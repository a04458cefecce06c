import type { DocumentStatus, JobFileState, JobState } from '@/api/knowledge'

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** Element Plus tag colours of document, job and job-file states. */
export function stateType(state: DocumentStatus | JobState | JobFileState | string): TagType {
  switch (state) {
    case 'ready':
    case 'succeeded':
      return 'success'
    case 'failed':
      return 'danger'
    case 'processing':
    case 'running':
      return 'primary'
    case 'paused':
      return 'warning'
    default:
      return 'info'
  }
}

/** 1536 → '1.5 KB'. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '—'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** A quality score's colour: below 60 needs attention, below 80 is worth a look. */
export function scoreType(score: number | null | undefined): TagType {
  if (score === null || score === undefined) return 'info'
  return score >= 80 ? 'success' : score >= 60 ? 'warning' : 'danger'
}
