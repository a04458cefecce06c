import { http } from './http'
import type { Id, Page } from './types'

export interface User {
  id: Id
  username: string
  display_name: string
  phone?: string | null
  email?: string | null
  org_id: Id
  org_name?: string
  roles: string[]
  enabled: boolean
  locked: boolean
  must_change_password?: boolean
  expires_at?: string | null
  source?: string
  last_login_at?: string | null
  created_at?: string
}

export interface UserCreate {
  username: string
  display_name: string
  password: string
  phone?: string
  email?: string
  org_id: Id
  roles?: string[]
  expires_at?: string | null
}

export interface UserPatch {
  display_name?: string
  phone?: string
  email?: string
  org_id?: Id
  expires_at?: string | null
  /** server extension: set to true to remove an account expiry (expires_at: null leaves it unchanged) */
  clear_expiry?: boolean
  enabled?: boolean
}

export interface UserQuery {
  org_id?: Id | null
  q?: string
  page: number
  size: number
}

const base = '/api/v1/users'

export const usersApi = {
  list: (query: UserQuery) =>
    http.get<Page<User>>(base, { org_id: query.org_id ?? undefined, q: query.q, page: query.page, size: query.size }),
  get: (id: Id) => http.get<User>(`${base}/${id}`),
  create: (body: UserCreate) => http.post<User>(base, body),
  update: (id: Id, patch: UserPatch) => http.patch<User>(`${base}/${id}`, patch),
  resetPassword: (id: Id, new_password: string) => http.post<void>(`${base}/${id}/reset-password`, { new_password }),
  unlock: (id: Id) => http.post<void>(`${base}/${id}/unlock`),
  setRoles: (id: Id, roles: string[]) => http.put<User>(`${base}/${id}/roles`, { roles }),
}
