import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/http'

/** Shows an API failure (problem detail message plus field errors) to the user. */
export function showError(e: unknown): void {
  if ((e as Error)?.name === 'AbortError') return
  const message = e instanceof ApiError ? e.fullMessage : (e as Error)?.message || String(e)
  ElMessage({ type: 'error', message, showClose: true, duration: 6000, customClass: 'jz-error-message' })
}

/** Element Plus confirm dialogs reject with 'cancel'/'close'; those are not errors. */
export function isCancel(e: unknown): boolean {
  return e === 'cancel' || e === 'close'
}
