import { http } from './http'
import type { Id } from './types'

export interface Group {
  id: Id
  name: string
  description?: string | null
  org_id: Id
  member_count: number
}

export interface GroupMember {
  id: Id
  username: string
  display_name: string
}

export interface GroupDetail extends Group {
  members: GroupMember[]
}

export interface GroupBody {
  name: string
  description?: string
  org_id: Id
}

const base = '/api/v1/groups'

export const groupsApi = {
  list: () => http.get<Group[]>(base),
  get: (id: Id) => http.get<GroupDetail>(`${base}/${id}`),
  create: (body: GroupBody) => http.post<Group>(base, body),
  update: (id: Id, patch: { name?: string; description?: string }) => http.patch<Group>(`${base}/${id}`, patch),
  remove: (id: Id) => http.delete(`${base}/${id}`),
  setMembers: (id: Id, user_ids: Id[]) => http.put<GroupDetail>(`${base}/${id}/members`, { user_ids }),
}
