import { http } from './http'
import type { Id, OrgRef } from './types'

export interface Me {
  id: Id
  username: string
  display_name: string
  phone?: string | null
  email?: string | null
  org?: OrgRef | null
  tenant?: OrgRef | null
  roles: string[]
  permissions: string[]
  auth_type: 'user' | 'api_key'
  source: 'local' | 'ldap' | 'oidc'
  password_expires_at?: string | null
  /** server extension: the session may only change the password until this is false */
  must_change_password?: boolean | null
  /** server extension: the key behind an api_key caller */
  api_key?: { id: Id; name: string; prefix: string; app_id: Id; app_code: string; project_id: Id } | null
}

export interface MePatch {
  display_name?: string
  phone?: string
  email?: string
}

export const meApi = {
  get: () => http.get<Me>('/api/v1/me'),
  update: (patch: MePatch) => http.patch<Me>('/api/v1/me', patch),
  // A wrong current password must not end the session, whatever status the server uses.
  changePassword: (current_password: string, new_password: string) =>
    http.post<void>('/api/v1/me/password', { current_password, new_password }, { noAuthRedirect: true }),
}
