import type { EvalStatus } from '@/api/guardAudit'
import type { TagType } from './auditFormat'

export function evalStatusTag(status: EvalStatus): TagType {
  switch (status) {
    case 'succeeded':
      return 'success'
    case 'failed':
      return 'danger'
    case 'cancelled':
      return 'info'
    case 'running':
      return 'primary'
    default:
      return 'warning'
  }
}
