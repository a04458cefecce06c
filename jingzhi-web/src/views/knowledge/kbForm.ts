import {
  DEFAULT_EMBEDDING_MODEL,
  type ChunkingSettings,
  type CleaningOptions,
  type ColumnRole,
  type KnowledgeBase,
  type KnowledgeBaseInput,
  type RetrievalDefaults,
  type SchemaField,
} from '@/api/knowledge'
import type { Id } from '@/api/types'

/** The create/edit form of a knowledge base: every part filled, table columns as editable rows. */
export interface KbForm {
  code: string
  name: string
  description: string
  project: string
  group: string
  sharing: NonNullable<KnowledgeBaseInput['sharing']>
  shared_org_ids: Id[]
  embedding_model: string
  chunking: Omit<ChunkingSettings, 'columns' | 'schema'>
  columns: { column: string; role: ColumnRole }[]
  schema: (SchemaField & { values_text: string })[]
  retrieval: RetrievalDefaults
  dictionary_ids: Id[]
  cleaning: CleaningOptions
}

export const DEFAULT_CHUNKING = { strategy: 'auto', max_chars: 500, overlap_chars: 50, parent_chars: 0 } as const
export const DEFAULT_CLEANING: CleaningOptions = {
  traditional_to_simplified: false,
  remove_headers_and_footers: true,
  remove_page_numbers: true,
  remove_duplicates: true,
  repair_mojibake: true,
}
export const DEFAULT_RETRIEVAL: RetrievalDefaults = {
  mode: 'hybrid',
  top_k: 10,
  score_threshold: null,
  fusion: 'rrf',
  vector_weight: 0.5,
  rerank_model: null,
  context: { neighbours: 0, parent: false },
}

export function emptyKbForm(): KbForm {
  return {
    code: '',
    name: '',
    description: '',
    project: '',
    group: '',
    sharing: 'private',
    shared_org_ids: [],
    embedding_model: DEFAULT_EMBEDDING_MODEL,
    chunking: { ...DEFAULT_CHUNKING },
    columns: [],
    schema: [],
    retrieval: { ...DEFAULT_RETRIEVAL, context: { ...DEFAULT_RETRIEVAL.context } },
    dictionary_ids: [],
    cleaning: { ...DEFAULT_CLEANING },
  }
}

/** The form of an existing base (missing parts get the defaults). */
export function kbFormOf(kb: KnowledgeBase): KbForm {
  const form = emptyKbForm()
  const chunking = kb.chunking
  const retrieval = kb.retrieval
  return {
    ...form,
    code: kb.code,
    name: kb.name,
    description: kb.description ?? '',
    project: kb.project ?? kb.project_code ?? '',
    group: kb.group ?? '',
    sharing: kb.sharing ?? 'private',
    shared_org_ids: [...(kb.shared_org_ids ?? [])],
    embedding_model: kb.embedding_model ?? DEFAULT_EMBEDDING_MODEL,
    chunking: chunking
      ? { strategy: chunking.strategy, max_chars: chunking.max_chars, overlap_chars: chunking.overlap_chars, parent_chars: chunking.parent_chars ?? 0 }
      : form.chunking,
    columns: Object.entries(chunking?.columns ?? {}).map(([column, role]) => ({ column, role })),
    schema: (chunking?.schema ?? []).map((f) => ({ ...f, values_text: (f.values ?? []).join(', ') })),
    retrieval: retrieval ? { ...form.retrieval, ...retrieval, context: { ...form.retrieval.context, ...(retrieval.context ?? {}) } } : form.retrieval,
    dictionary_ids: [...(kb.dictionary_ids ?? [])],
    cleaning: { ...form.cleaning, ...(kb.cleaning ?? {}) },
  }
}

/** The request body of the form; the code goes only with a new base, named orgs only with 'orgs' sharing. */
export function kbInputOf(form: KbForm, creating: boolean): KnowledgeBaseInput {
  const columns: Record<string, ColumnRole> = {}
  for (const row of form.columns) if (row.column.trim()) columns[row.column.trim()] = row.role
  const schema: SchemaField[] = form.schema
    .filter((f) => f.name.trim())
    .map((f) => {
      const field: SchemaField = { name: f.name.trim(), type: f.type, required: !!f.required }
      if (f.max_length) field.max_length = f.max_length
      if (f.type === 'enum') field.values = f.values_text.split(/[,，]/).map((v) => v.trim()).filter(Boolean)
      return field
    })
  const retrieval: RetrievalDefaults = { ...form.retrieval, context: { ...form.retrieval.context } }
  if (retrieval.fusion !== 'weighted') delete retrieval.vector_weight
  if (!retrieval.rerank_model) retrieval.rerank_model = null
  const body: KnowledgeBaseInput = {
    name: form.name.trim(),
    description: form.description.trim() || null,
    project: form.project,
    group: form.group.trim() || null,
    sharing: form.sharing,
    shared_org_ids: form.sharing === 'orgs' ? [...form.shared_org_ids] : [],
    embedding_model: form.embedding_model,
    chunking: { ...form.chunking, columns, schema },
    retrieval,
    dictionary_ids: [...form.dictionary_ids],
    cleaning: { ...form.cleaning },
  }
  if (creating && form.code.trim()) body.code = form.code.trim()
  return body
}
