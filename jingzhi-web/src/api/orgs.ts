import { http } from './http'
import type { Id } from './types'

export interface Org {
  id: Id
  code: string
  name: string
  parent_id: Id | null
  tenant: boolean
  enabled: boolean
  path?: string
}

export interface OrgCreate {
  code: string
  name: string
  parent_id: Id | null
  tenant: boolean
}

export interface OrgPatch {
  name?: string
  enabled?: boolean
  tenant?: boolean
}

export const orgsApi = {
  list: () => http.get<Org[]>('/api/v1/orgs'),
  create: (body: OrgCreate) => http.post<Org>('/api/v1/orgs', body),
  update: (id: Id, patch: OrgPatch) => http.patch<Org>(`/api/v1/orgs/${id}`, patch),
  move: (id: Id, parent_id: Id | null) => http.post<Org>(`/api/v1/orgs/${id}/move`, { parent_id }),
  remove: (id: Id) => http.delete(`/api/v1/orgs/${id}`),
}
