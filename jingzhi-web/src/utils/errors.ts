import { ElMessage, ElMessageBox } from 'element-plus'
import { ApiError } from '@/api/http'
import { i18n } from '@/i18n'

/** Shows an API failure (problem detail message plus field errors) to the user. */
export function showError(e: unknown): void {
  if ((e as Error)?.name === 'AbortError') return
  const message = e instanceof ApiError ? e.fullMessage : (e as Error)?.message || String(e)
  ElMessage({ type: 'error', message, showClose: true, duration: 6000, customClass: 'jz-error-message' })
}

/** The record a detail page shows does not exist, or the caller may not see it (the server answers 404 for both). */
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404
}

/** Element Plus confirm dialogs reject with 'cancel'/'close'; those are not errors. */
export function isCancel(e: unknown): boolean {
  return e === 'cancel' || e === 'close'
}

/**
 * Asks the user to confirm a removal, runs it and reports success; failures are shown, a cancel is silent.
 * Resolves true when the removal was done, so the caller can refresh.
 */
export async function confirmRemoval(message: string, remove: () => Promise<unknown>): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(message, t('common.confirm'), { type: 'warning' })
    await remove()
    ElMessage.success(t('common.deleted'))
    return true
  } catch (e) {
    if (!isCancel(e)) showError(e)
    return false
  }
}
