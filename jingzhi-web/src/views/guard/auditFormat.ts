/** Small presentation helpers shared by the guard audit pages. */
import type { EvalRate, GuardEventAction } from '@/api/guardAudit'

export type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary'

export function actionTag(action: GuardEventAction | string): TagType {
  switch (action) {
    case 'block':
      return 'danger'
    case 'answer':
      return 'warning'
    case 'mask':
      return 'primary'
    default:
      return 'success'
  }
}

export function levelTag(level: string): TagType {
  return level === 'high' ? 'danger' : level === 'medium' ? 'warning' : level === 'low' ? 'primary' : 'info'
}

/** '12.5% (8.1–18.7%)' with its 95% Wilson interval; '—' without rows. */
export function fmtRate(r: EvalRate | null | undefined): string {
  if (!r || r.rows === 0) return '—'
  const p = (v: number) => `${(v * 100).toFixed(1)}%`
  return `${p(r.rate)} (${p(r.low)}–${p(r.high)})`
}

/** '+50.0%', '−25.0%', or '—' when there is no baseline to compare with. */
export function fmtChange(change: number | null | undefined): string {
  if (change === null || change === undefined || Number.isNaN(change)) return '—'
  const pct = (Math.abs(change) * 100).toFixed(1)
  return change > 0 ? `+${pct}%` : change < 0 ? `−${pct}%` : '0.0%'
}
