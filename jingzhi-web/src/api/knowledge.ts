/**
 * Knowledge bases, documents, ingestion jobs, chunks and retrieval (`/api/v1/knowledge-bases`, `/api/v1/knowledge-jobs`),
 * as in docs/knowledge-api.md. Every field the portal reads is declared here, so a change of the contract touches
 * this file.
 */
import { http, type Query } from './http'
import type { Id, Page } from './types'

export type Sharing = 'private' | 'org' | 'global' | 'orgs'
export type ChunkStrategy = 'auto' | 'general' | 'policy' | 'service_guide' | 'faq' | 'table' | 'markdown' | 'jsonl'
export type RetrievalMode = 'hybrid' | 'vector' | 'fulltext'
export type ColumnRole = 'index' | 'metadata' | 'both'
export type SchemaFieldType = 'string' | 'number' | 'date' | 'enum'
export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed'
export type JobState = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled'
export type JobFileState = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped'

export const SHARINGS: Sharing[] = ['private', 'org', 'global', 'orgs']
export const CHUNK_STRATEGIES: ChunkStrategy[] = ['auto', 'general', 'policy', 'service_guide', 'faq', 'table', 'markdown', 'jsonl']
export const RETRIEVAL_MODES: RetrievalMode[] = ['hybrid', 'vector', 'fulltext']
export const COLUMN_ROLES: ColumnRole[] = ['index', 'metadata', 'both']
export const SCHEMA_FIELD_TYPES: SchemaFieldType[] = ['string', 'number', 'date', 'enum']
export const DOCUMENT_STATUSES: DocumentStatus[] = ['pending', 'processing', 'ready', 'failed']
export const DEFAULT_EMBEDDING_MODEL = 'bge-small-zh-v1.5'

/** The file types the upload accepts (the contract's formats; WPS and OFD included). */
export const ACCEPTED_EXTENSIONS = [
  'txt', 'md', 'html', 'htm', 'pdf', 'doc', 'docx', 'ppt', 'pptx', 'xls', 'xlsx', 'csv', 'jsonl', 'wps', 'et', 'dps', 'ofd',
] as const

/** The metadata fields every document may carry (and the retrieval filters offer). */
export const METADATA_FIELDS = [
  'issuing_unit', 'domain', 'doc_type', 'doc_number', 'publish_date', 'effective_date', 'expiry_date', 'tags',
] as const
export type MetadataField = (typeof METADATA_FIELDS)[number]

export interface SchemaField {
  name: string
  type: SchemaFieldType
  max_length?: number | null
  values?: string[]
  required?: boolean
}

export interface ChunkingSettings {
  strategy: ChunkStrategy
  max_chars: number
  overlap_chars: number
  parent_chars: number
  columns: Record<string, ColumnRole>
  schema?: SchemaField[]
}

export interface RetrievalDefaults {
  mode: RetrievalMode
  top_k: number
  score_threshold?: number | null
  fusion: 'rrf' | 'weighted'
  vector_weight?: number | null
  rerank_model?: string | null
  context: { neighbours: number; parent: boolean }
}

export interface KnowledgeBaseInput {
  code?: string
  name: string
  description?: string | null
  project?: string
  group?: string | null
  sharing?: Sharing
  shared_org_ids?: Id[]
  embedding_model?: string
  chunking?: ChunkingSettings
  retrieval?: RetrievalDefaults
  dictionary_ids?: Id[]
  cleaning?: CleaningOptions
}

/** What the cleaner may change in a base's documents (invisible characters and NFKC always). */
export interface CleaningOptions {
  traditional_to_simplified: boolean
  remove_headers_and_footers: boolean
  remove_page_numbers: boolean
  remove_duplicates: boolean
  repair_mojibake: boolean
}

export const CLEANING_OPTIONS = [
  'traditional_to_simplified',
  'remove_headers_and_footers',
  'remove_page_numbers',
  'remove_duplicates',
  'repair_mojibake',
] as const satisfies readonly (keyof CleaningOptions)[]

export interface KnowledgeBase extends KnowledgeBaseInput {
  id: Id
  code: string
  project_id: Id
  project_code: string
  org_id: Id
  tenant_id: Id
  embedding_dimension?: number | null
  document_count: number
  chunk_count: number
  created_at: string
  updated_at: string
  created_by?: string | null
}

export type DocumentMetadata = Partial<Record<Exclude<MetadataField, 'tags'>, string>> & { tags?: string[] } & Record<string, unknown>

export interface KnowledgeDocument {
  id: Id
  kb_id: Id
  filename: string
  title?: string | null
  format?: string | null
  media_type?: string | null
  size_bytes: number
  content_hash?: string | null
  status: DocumentStatus
  chunk_count: number
  error?: string | null
  error_code?: string | null
  metadata?: DocumentMetadata | null
  quality_score?: number | null
  duplicate_of?: Id | null
  views?: number
  downloads?: number
  created_at: string
  updated_at?: string
}

export interface UploadedFile {
  id?: Id | null
  filename: string
  status: DocumentStatus | string
  error?: string | null
  duplicate_of?: Id | null
}

export interface UploadResult {
  job_id?: Id | null
  documents: UploadedFile[]
}

export interface QualityProblem {
  kind: string
  count: number
  detail?: string | null
  suggestion?: string | null
}

export interface QualityReport {
  document_id: Id
  score: number
  characters: number
  problems: QualityProblem[]
  fixed: string[]
}

export interface DocumentPreview {
  title?: string | null
  format?: string | null
  text: string
  pages?: number | null
}

export interface JobFile {
  document_id?: Id | null
  filename: string
  state: JobFileState
  error_code?: string | null
  error?: string | null
}

export interface Job {
  id: Id
  kb_id: Id
  kind: 'upload' | 'import_url' | 'import_jdbc' | 'rebuild' | 'reprocess' | string
  state: JobState
  total: number
  done: number
  failed: number
  progress: number
  error?: string | null
  created_at: string
  started_at?: string | null
  finished_at?: string | null
  files?: JobFile[]
}

export type ImportRequest =
  | { kind: 'url'; url: string }
  | {
      kind: 'jdbc'
      jdbc_url: string
      username?: string
      password?: string
      query: string
      text_columns: string[]
      metadata_columns?: string[]
      id_column?: string
    }

export interface Chunk {
  id: Id
  kb_id: Id
  document_id: Id
  ordinal: number
  text: string
  match_text?: string | null
  heading_path: string[]
  metadata: Record<string, unknown>
  enabled: boolean
  parent_id?: Id | null
  char_count: number
}

export type FilterValue = string | string[] | { from?: string; to?: string }

export interface RetrieveRequest {
  query: string
  top_k?: number
  mode?: RetrievalMode
  filters?: Record<string, FilterValue>
  score_threshold?: number
  rerank?: boolean
  context?: { neighbours: number; parent: boolean }
}

export interface RetrievedChunk {
  id: Id
  text: string
  score: number
  document_id: Id
  kb_id?: Id
  metadata: Record<string, unknown>
  heading_path?: string[]
  highlight?: string | null
  context?: { id: Id; text: string; ordinal: number }[]
}

export interface RetrieveResult {
  chunks: RetrievedChunk[]
  expanded_query?: string | null
  mode?: RetrievalMode
  took_ms?: number
}

/** Job states after which nothing changes any more (polling stops). */
export const FINAL_JOB_STATES: JobState[] = ['succeeded', 'failed', 'cancelled']
export const isJobFinal = (job: Pick<Job, 'state'>) => FINAL_JOB_STATES.includes(job.state)

/** The multipart body of an upload: every file as `file`, the metadata (when any is set) as one JSON part. */
export function uploadForm(files: File[], metadata?: DocumentMetadata | null): FormData {
  const form = new FormData()
  for (const f of files) form.append('file', f, f.name)
  const meta = compactMetadata(metadata)
  // a plain text part: a Blob part would carry a file name and arrive as a file instead of a value
  if (meta) form.append('metadata', JSON.stringify(meta))
  return form
}

/** Drops empty values so an untouched metadata form sends nothing; null when nothing is left. */
export function compactMetadata(metadata?: DocumentMetadata | null): DocumentMetadata | null {
  if (!metadata) return null
  const out: DocumentMetadata = {}
  for (const [k, v] of Object.entries(metadata)) {
    if (v === undefined || v === null) continue
    if (typeof v === 'string' && !v.trim()) continue
    if (Array.isArray(v) && v.length === 0) continue
    out[k] = typeof v === 'string' ? v.trim() : v
  }
  return Object.keys(out).length ? out : null
}

const bases = '/api/v1/knowledge-bases'
const kb = (id: Id) => `${bases}/${id}`

export const knowledgeApi = {
  list: (query: { q?: string; group?: string; page?: number; size?: number }) => http.get<Page<KnowledgeBase>>(bases, query),
  get: (id: Id) => http.get<KnowledgeBase>(kb(id)),
  create: (body: KnowledgeBaseInput) => http.post<KnowledgeBase>(bases, body),
  update: (id: Id, body: KnowledgeBaseInput) => http.put<KnowledgeBase>(kb(id), body),
  remove: (id: Id) => http.delete(kb(id)),
  rebuild: (id: Id) => http.post<Job>(`${kb(id)}/rebuild`),

  upload: (id: Id, files: File[], metadata?: DocumentMetadata | null) => http.post<UploadResult>(`${kb(id)}/documents`, uploadForm(files, metadata)),
  importSource: (id: Id, body: ImportRequest) => http.post<Job>(`${kb(id)}/imports`, body),
  documents: (id: Id, query: { status?: string; q?: string; page?: number; size?: number }) =>
    http.get<Page<KnowledgeDocument>>(`${kb(id)}/documents`, query as Query),
  document: (id: Id, docId: Id) => http.get<KnowledgeDocument>(`${kb(id)}/documents/${docId}`),
  updateDocument: (id: Id, docId: Id, body: { metadata?: DocumentMetadata; title?: string }) =>
    http.patch<KnowledgeDocument>(`${kb(id)}/documents/${docId}`, body),
  removeDocument: (id: Id, docId: Id) => http.delete(`${kb(id)}/documents/${docId}`),
  quality: (id: Id, docId: Id) => http.get<QualityReport>(`${kb(id)}/documents/${docId}/quality`),
  preview: (id: Id, docId: Id) => http.get<DocumentPreview>(`${kb(id)}/documents/${docId}/preview`),
  originalPath: (id: Id, docId: Id) => `${kb(id)}/documents/${docId}/original`,
  reprocess: (id: Id, docId: Id) => http.post<Job>(`${kb(id)}/documents/${docId}/reprocess`),

  jobs: (id: Id, query: { page?: number; size?: number }) => http.get<Page<Job>>(`${kb(id)}/jobs`, query),
  job: (jobId: Id) => http.get<Job>(`/api/v1/knowledge-jobs/${jobId}`),
  jobAction: (jobId: Id, action: 'pause' | 'resume' | 'cancel' | 'retry') => http.post<Job>(`/api/v1/knowledge-jobs/${jobId}/${action}`),

  chunks: (id: Id, query: { document_id?: Id | null; q?: string; enabled?: boolean | null; page?: number; size?: number }) =>
    http.get<Page<Chunk>>(`${kb(id)}/chunks`, query as Query),
  updateChunk: (id: Id, chunkId: Id, body: { text?: string; metadata?: Record<string, unknown>; enabled?: boolean }) =>
    http.patch<Chunk>(`${kb(id)}/chunks/${chunkId}`, body),

  retrieve: (id: Id, body: RetrieveRequest) => http.post<RetrieveResult>(`${kb(id)}/retrieve`, body),
}
