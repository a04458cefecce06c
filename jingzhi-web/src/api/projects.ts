import { http } from './http'
import type { Id } from './types'

export interface Project {
  id: Id
  code: string
  name: string
  description?: string | null
  org_id: Id
  org_name?: string
  created_at?: string
}

export interface ProjectBody {
  code: string
  name: string
  description?: string
  org_id: Id
}

export interface App {
  id: Id
  code: string
  name: string
  description?: string | null
  project_id: Id
  created_at?: string
}

export interface AppBody {
  code: string
  name: string
  description?: string
}

export interface KeyLimits {
  rpm?: number | null
  tpm?: number | null
  concurrency?: number | null
}

export interface ApiKey {
  id: Id
  name: string
  prefix: string
  models: string[]
  limits: KeyLimits
  expires_at?: string | null
  revoked_at?: string | null
  status: 'active' | 'revoked' | 'expired'
  last_used_at?: string | null
  created_at?: string
}

/** Only the creation response carries the full secret. */
export interface CreatedApiKey extends ApiKey {
  key: string
}

export interface ApiKeyCreate {
  name: string
  models: string[]
  limits: KeyLimits
  expires_at?: string | null
}

const projects = '/api/v1/projects'
const apps = (projectId: Id) => `${projects}/${projectId}/apps`
const keys = (projectId: Id, appId: Id) => `${apps(projectId)}/${appId}/keys`

export const projectsApi = {
  list: () => http.get<Project[]>(projects),
  get: (id: Id) => http.get<Project>(`${projects}/${id}`),
  create: (body: ProjectBody) => http.post<Project>(projects, body),
  update: (id: Id, patch: Partial<ProjectBody>) => http.patch<Project>(`${projects}/${id}`, patch),
  remove: (id: Id) => http.delete(`${projects}/${id}`),
}

export const appsApi = {
  list: (projectId: Id) => http.get<App[]>(apps(projectId)),
  get: (projectId: Id, appId: Id) => http.get<App>(`${apps(projectId)}/${appId}`),
  create: (projectId: Id, body: AppBody) => http.post<App>(apps(projectId), body),
  update: (projectId: Id, appId: Id, patch: Partial<AppBody>) => http.patch<App>(`${apps(projectId)}/${appId}`, patch),
  remove: (projectId: Id, appId: Id) => http.delete(`${apps(projectId)}/${appId}`),
}

export const keysApi = {
  list: (projectId: Id, appId: Id) => http.get<ApiKey[]>(keys(projectId, appId)),
  create: (projectId: Id, appId: Id, body: ApiKeyCreate) => http.post<CreatedApiKey>(keys(projectId, appId), body),
  revoke: (keyId: Id) => http.post<ApiKey>(`/api/v1/api-keys/${keyId}/revoke`),
}
