/**
 * What agent workflows call: MCP servers (`/api/v1/mcp-servers`), database connections (`/api/v1/db-connections`)
 * and the component catalog (`/api/v1/components`), as in docs/agent-api.md "Tools" and "Database connections".
 */
import { http } from './http'
import { itemsOf } from './agent'
import type { Id, Page } from './types'

export type McpTransport = 'streamable_http' | 'stdio'
export const MCP_TRANSPORTS: McpTransport[] = ['streamable_http', 'stdio']

export interface McpServerInput {
  name: string
  project: string
  description?: string
  transport: McpTransport
  url?: string
  headers?: Record<string, string>
  command?: string
  args?: string[]
  env?: Record<string, string>
}

export interface McpServer extends McpServerInput {
  id: Id
  version?: number | null
  tool_count?: number | null
  refreshed_at?: string | null
  global?: boolean
  created_at?: string | null
}

export interface McpTool {
  name: string
  title?: string | null
  description?: string | null
  input_schema?: Record<string, unknown> | null
  validation?: { level?: string; message: string; field?: string }[]
}

export interface McpToolResult {
  text?: string | null
  content?: unknown[]
  structured?: unknown
  is_error?: boolean
  elapsed_ms?: number
}

export type DbKind = 'mysql' | 'mariadb' | 'postgresql' | 'sqlserver' | 'opengauss' | 'hive' | 'h2'
export const DB_KINDS: DbKind[] = ['mysql', 'mariadb', 'postgresql', 'opengauss', 'sqlserver', 'hive', 'h2']

export interface DbConnectionInput {
  name: string
  project: string
  kind: DbKind
  url: string
  username?: string
  /** write-only: never answered by the server; leave empty to keep the stored one */
  password?: string
  read_only?: boolean
  description?: string
}

export interface DbConnection extends Omit<DbConnectionInput, 'password'> {
  id: Id
  created_at?: string | null
}

export interface DbColumn {
  name: string
  type?: string | null
  comment?: string | null
  nullable?: boolean
  primary_key?: boolean
}

export interface DbTable {
  name: string
  schema?: string | null
  comment?: string | null
  columns: DbColumn[]
}

export interface ChartSpec {
  type: 'bar' | 'line' | 'pie' | 'table'
  x?: string | null
  y?: string[]
  title?: string | null
  option?: Record<string, unknown> | null
}

export interface QueryResult {
  sql: string
  columns: { name: string; type?: string | null }[] | string[]
  rows: Record<string, unknown>[] | unknown[][]
  truncated?: boolean
  chart?: ChartSpec | null
  explanation?: string | null
  elapsed_ms?: number
}

/** One entry of `GET /api/v1/components` (the server's ComponentItem). */
export interface Component {
  /** `node_type`, `mcp_tool`, `db_connection` or `app` */
  kind: string
  /** unique within the kind: the node type, `<server>/<tool>`, the connection or the app code */
  key: string
  /** display names (zh-CN, en-US) */
  name: string
  name_en?: string | null
  category: string
  description?: string | null
  description_en?: string | null
  tags?: string[]
  /** what a node using it needs: `type`, `server`/`tool`/`input_schema`, `app`, `node_type` */
  attributes?: Record<string, unknown> | null
}

const mcp = '/api/v1/mcp-servers'
const db = '/api/v1/db-connections'

export const mcpApi = {
  list: () => http.get<McpServer[] | Page<McpServer>>(mcp).then(itemsOf),
  get: (id: Id) => http.get<McpServer>(`${mcp}/${id}`),
  create: (body: McpServerInput) => http.post<McpServer>(mcp, body),
  update: (id: Id, patch: Partial<McpServerInput>) => http.patch<McpServer>(`${mcp}/${id}`, patch),
  remove: (id: Id) => http.delete(`${mcp}/${id}`),
  refresh: (id: Id) => http.post<{ version?: number; changed?: boolean; tools?: McpTool[] }>(`${mcp}/${id}/refresh`),
  tools: (id: Id) => http.get<McpTool[] | Page<McpTool>>(`${mcp}/${id}/tools`).then(itemsOf),
  versions: (id: Id) => http.get<{ version: number; created_at?: string; tool_count?: number }[] | Page<{ version: number }>>(`${mcp}/${id}/versions`).then(itemsOf),
  debug: (id: Id, tool: string, args: Record<string, unknown>) =>
    http.post<McpToolResult>(`${mcp}/${id}/tools/${encodeURIComponent(tool)}/debug`, { arguments: args }),
}

export const dbApi = {
  list: () => http.get<DbConnection[] | Page<DbConnection>>(db).then(itemsOf),
  get: (id: Id) => http.get<DbConnection>(`${db}/${id}`),
  create: (body: DbConnectionInput) => http.post<DbConnection>(db, body),
  update: (id: Id, patch: Partial<DbConnectionInput>) => http.patch<DbConnection>(`${db}/${id}`, withoutEmptyPassword(patch)),
  remove: (id: Id) => http.delete(`${db}/${id}`),
  test: (id: Id) => http.post<{ ok?: boolean; version?: string; server_version?: string; elapsed_ms?: number }>(`${db}/${id}/test`),
  schema: (id: Id) => http.get<{ tables: DbTable[] } | DbTable[]>(`${db}/${id}/schema`).then((s) => (Array.isArray(s) ? s : s.tables ?? [])),
  query: (id: Id, body: { sql: string } | { question: string; model?: string }) => http.post<QueryResult>(`${db}/${id}/query`, body),
}

export const componentsApi = {
  list: (query: { q?: string; category?: string; tag?: string } = {}) =>
    http.get<Component[] | Page<Component> | { items: Component[] }>('/api/v1/components', query).then(itemsOf),
}

/** An edit that leaves the password empty keeps the stored one: do not send the field at all. */
export function withoutEmptyPassword<T extends { password?: string }>(patch: T): T {
  if (patch.password) return patch
  const { password: _ignored, ...rest } = patch
  return rest as T
}

/** Query results as rows of cells in column order, whether the server sent objects or arrays. */
export function resultTable(result: Pick<QueryResult, 'columns' | 'rows'>): { columns: string[]; rows: unknown[][] } {
  const columns = (result.columns ?? []).map((c) => (typeof c === 'string' ? c : c.name))
  const rows = (result.rows ?? []).map((r) => (Array.isArray(r) ? r : columns.map((c) => (r as Record<string, unknown>)[c])))
  return { columns, rows }
}
