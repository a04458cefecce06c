import { http } from './http'

export interface Role {
  code: string
  name: string
  description?: string | null
  builtin: boolean
  permissions: string[]
}

export interface Permission {
  code: string
  description?: string | null
}

export interface RoleCreate {
  code: string
  name: string
  description?: string
  permissions: string[]
}

export type RolePatch = Partial<Omit<RoleCreate, 'code'>>

export const rolesApi = {
  list: () => http.get<Role[]>('/api/v1/roles'),
  permissions: () => http.get<Permission[]>('/api/v1/permissions'),
  create: (body: RoleCreate) => http.post<Role>('/api/v1/roles', body),
  update: (code: string, patch: RolePatch) => http.patch<Role>(`/api/v1/roles/${encodeURIComponent(code)}`, patch),
  remove: (code: string) => http.delete(`/api/v1/roles/${encodeURIComponent(code)}`),
}
