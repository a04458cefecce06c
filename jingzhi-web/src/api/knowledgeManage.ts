/**
 * Knowledge management beyond documents: dictionaries (`/api/v1/knowledge-dictionaries`), knowledge trees
 * (`/api/v1/knowledge-trees`) and the per-base knowledge graph (`/api/v1/knowledge-bases/{id}/graph`), as in
 * docs/knowledge-api.md.
 */
import { ApiError, download, http } from './http'
import type { Id, Page } from './types'

export type DictionaryEntryKind = 'term' | 'synonym' | 'abbreviation' | 'escape'
export const DICTIONARY_ENTRY_KINDS: DictionaryEntryKind[] = ['term', 'synonym', 'abbreviation', 'escape']

export interface Dictionary {
  id: Id
  name: string
  description?: string | null
  tenant_id?: Id | null
  /** 'starter' for the shipped government dictionary */
  origin?: string | null
  entry_count: number
  kb_ids?: Id[]
  updated_at?: string
}

export interface DictionaryEntry {
  id: Id
  term: string
  kind: DictionaryEntryKind
  targets: string[]
}

export interface DictionaryImportResult {
  imported: number
  created?: number
  updated?: number
  unchanged?: number
  errors?: { row: number; message: string }[]
}

export interface KnowledgeTree {
  id: Id
  name: string
  description?: string | null
  project?: string | null
  node_count: number
  updated_at?: string
  nodes?: TreeNode[]
}

export interface TreeNode {
  id: Id
  parent_id?: Id | null
  name: string
  path?: string | null
  parameters?: Record<string, string> | null
  answer?: string | null
  position?: number | null
  children?: TreeNode[]
}

export interface TreeNodeBody {
  parent_id?: Id | null
  name: string
  parameters?: Record<string, string>
  answer?: string | null
  position?: number | null
}

export interface TreeHealthProblem {
  node_id?: Id | null
  path?: string | null
  kind: 'orphan' | 'missing_data' | 'contradiction' | 'duplicate' | string
  detail?: string | null
}

export interface EntityType {
  name: string
  description?: string | null
  attributes: string[]
}

export interface RelationType {
  name: string
  from: string
  to: string
  description?: string | null
}

export interface Ontology {
  entity_types: EntityType[]
  relation_types: RelationType[]
}

export interface Entity {
  id: Id
  name: string
  type: string
  attributes?: Record<string, unknown> | null
  source_document_id?: Id | null
}

export interface Relation {
  id: Id
  from_id: Id
  from_name: string
  type: string
  to_id: Id
  to_name: string
  attributes?: Record<string, unknown> | null
  source_document_id?: Id | null
}

export interface GraphPath {
  nodes: { id: Id; name: string; type: string }[]
  edges: { type: string; from_id: Id; to_id: Id }[]
}

export interface GraphQuery {
  from: string
  to?: string
  relation_types?: string[]
  max_hops: number
  limit?: number
}

export interface GraphQueryResult {
  paths: GraphPath[]
  /** more paths exist than the limit allowed */
  truncated?: boolean
  took_ms?: number
}

/**
 * The row errors of a rejected import. The server answers either 200 `{imported, errors}` or a problem detail whose
 * `errors` name the rows (`row`, or `field` holding the row number); anything else yields no rows.
 */
export function importErrorsOf(e: unknown): { row: number; message: string }[] {
  if (!(e instanceof ApiError)) return []
  const raw = (e.problem as { errors?: unknown } | undefined)?.errors
  if (!Array.isArray(raw)) return []
  return raw
    .filter((r): r is { row?: unknown; field?: unknown; message?: unknown } => !!r && typeof r === 'object')
    .map((r, i) => {
      const row = Number(r.row ?? String(r.field ?? '').replace(/\D+/g, ''))
      return { row: Number.isFinite(row) && row > 0 ? row : i + 1, message: String(r.message ?? '') }
    })
}

const dicts = '/api/v1/knowledge-dictionaries'
const trees = '/api/v1/knowledge-trees'
const graph = (kbId: Id) => `/api/v1/knowledge-bases/${kbId}/graph`

function fileForm(file: File): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  return form
}

/** Lists may come as a page or a plain array; the portal reads both. */
export function itemsOf<T>(answer: Page<T> | T[] | undefined | null): T[] {
  if (!answer) return []
  return Array.isArray(answer) ? answer : (answer.items ?? [])
}

export const dictionariesApi = {
  list: () => http.get<Page<Dictionary> | Dictionary[]>(dicts, { size: 500 }).then(itemsOf),
  create: (body: { name: string; description?: string }) => http.post<Dictionary>(dicts, body),
  update: (id: Id, body: { name: string; description?: string }) => http.put<Dictionary>(`${dicts}/${id}`, body),
  remove: (id: Id) => http.delete(`${dicts}/${id}`),
  entries: (id: Id, query: { q?: string; kind?: string; page?: number; size?: number }) => http.get<Page<DictionaryEntry>>(`${dicts}/${id}/entries`, query),
  addEntry: (id: Id, body: Omit<DictionaryEntry, 'id'>) => http.post<DictionaryEntry>(`${dicts}/${id}/entries`, body),
  updateEntry: (id: Id, entryId: Id, body: Omit<DictionaryEntry, 'id'>) => http.put<DictionaryEntry>(`${dicts}/${id}/entries/${entryId}`, body),
  removeEntry: (id: Id, entryId: Id) => http.delete(`${dicts}/${id}/entries/${entryId}`),
  /** merge: same term and kind updated, others added; replace: entries not in the file are dropped */
  importFile: (id: Id, file: File, mode: 'merge' | 'replace' = 'merge') =>
    http.post<DictionaryImportResult>(`${dicts}/${id}/import?mode=${mode}`, fileForm(file)),
  /** Loads the shipped government dictionary for the caller's tenant (or answers the one loaded before). */
  loadStarter: () => http.post<Dictionary>(`${dicts}/starter`, {}),
  exportFile: (id: Id, format: 'csv' | 'xlsx') => download(`${dicts}/${id}/export`, { format }, `dictionary-${id}.${format}`),
}

export const treesApi = {
  list: () => http.get<Page<KnowledgeTree> | KnowledgeTree[]>(trees, { size: 500 }).then(itemsOf),
  get: (id: Id) => http.get<KnowledgeTree>(`${trees}/${id}`),
  create: (body: { name: string; description?: string; project?: string }) => http.post<KnowledgeTree>(trees, body),
  update: (id: Id, body: { name: string; description?: string }) => http.put<KnowledgeTree>(`${trees}/${id}`, body),
  remove: (id: Id) => http.delete(`${trees}/${id}`),
  addNode: (id: Id, body: TreeNodeBody) => http.post<TreeNode>(`${trees}/${id}/nodes`, body),
  updateNode: (id: Id, nodeId: Id, body: TreeNodeBody) => http.put<TreeNode>(`${trees}/${id}/nodes/${nodeId}`, body),
  removeNode: (id: Id, nodeId: Id) => http.delete(`${trees}/${id}/nodes/${nodeId}`),
  importFile: (id: Id, file: File) => http.post<{ imported: number }>(`${trees}/${id}/import`, fileForm(file)),
  exportFile: (id: Id, format: 'xlsx' | 'yaml') => download(`${trees}/${id}/export`, { format }, `tree-${id}.${format}`),
  health: (id: Id) => http.get<{ problems: TreeHealthProblem[] }>(`${trees}/${id}/health`),
}

export const graphApi = {
  ontology: (kbId: Id) => http.get<Ontology>(`${graph(kbId)}/ontology`),
  saveOntology: (kbId: Id, body: Ontology) => http.put<Ontology>(`${graph(kbId)}/ontology`, body),
  entities: (kbId: Id, query: { q?: string; type?: string; page?: number; size?: number }) => http.get<Page<Entity>>(`${graph(kbId)}/entities`, query),
  addEntity: (kbId: Id, body: { name: string; type: string; attributes?: Record<string, unknown> }) => http.post<Entity>(`${graph(kbId)}/entities`, body),
  removeEntity: (kbId: Id, entityId: Id) => http.delete(`${graph(kbId)}/entities/${entityId}`),
  relations: (kbId: Id, query: { entity_id?: Id | null; type?: string; page?: number; size?: number }) =>
    http.get<Page<Relation>>(`${graph(kbId)}/relations`, query as Record<string, string | number | undefined>),
  addRelation: (kbId: Id, body: { from_id: Id; type: string; to_id: Id }) => http.post<Relation>(`${graph(kbId)}/relations`, body),
  removeRelation: (kbId: Id, relationId: Id) => http.delete(`${graph(kbId)}/relations/${relationId}`),
  extract: (kbId: Id, body: { document_ids?: Id[]; use_model?: boolean; model?: string }) =>
    http.post<{ entities: number; relations: number }>(`${graph(kbId)}/extract`, body),
  query: (kbId: Id, body: GraphQuery) => http.post<GraphQueryResult>(`${graph(kbId)}/query`, body),
  importFile: (kbId: Id, file: File) => http.post<Record<string, number>>(`${graph(kbId)}/import`, fileForm(file)),
  exportFile: (kbId: Id) => download(`${graph(kbId)}/export`, undefined, `graph-${kbId}.json`),
}
