import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import {
  CHUNK_STRATEGIES,
  COLUMN_ROLES,
  DOCUMENT_STATUSES,
  METADATA_FIELDS,
  RETRIEVAL_MODES,
  SCHEMA_FIELD_TYPES,
  SHARINGS,
} from '@/api/knowledge'
import { DICTIONARY_ENTRY_KINDS } from '@/api/knowledgeManage'
import { RANKING_BYS, RANKING_METRICS, RANKING_PERIODS, SEARCH_SORTS } from '@/api/knowledgeSearch'

// The pages build these keys at run time (`kb.modes.${mode}`), so the static key scan cannot see them.
const built: [string, readonly string[]][] = [
  ['kb.sharings', SHARINGS],
  ['kb.strategies', CHUNK_STRATEGIES],
  ['kb.strategyHints', CHUNK_STRATEGIES],
  ['kb.columnRoles', COLUMN_ROLES],
  ['kb.fieldTypes', SCHEMA_FIELD_TYPES],
  ['kb.modes', RETRIEVAL_MODES],
  ['kb.docStatus', DOCUMENT_STATUSES],
  ['kb.meta', METADATA_FIELDS],
  ['kb.job.states', ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled']],
  ['kb.job.fileStates', ['queued', 'running', 'succeeded', 'failed', 'skipped']],
  ['kb.job.done', ['pause', 'resume', 'cancel', 'retry']],
  ['kb.retrieve.ops', ['eq', 'in', 'range']],
  ['kb.tabs', ['documents', 'jobs', 'chunks', 'retrieval', 'graph', 'settings']],
  ['kbm.dict.kinds', DICTIONARY_ENTRY_KINDS],
  ['kbm.dict.kindHints', DICTIONARY_ENTRY_KINDS],
  ['kbs.sorts', SEARCH_SORTS],
  ['kbs.rankings.periods', RANKING_PERIODS],
  ['kbs.rankings.by', RANKING_BYS],
  ['kbs.rankings.metrics', RANKING_METRICS],
  ['kbs.validity', ['valid', 'expired', 'superseded', 'unknown']],
]

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((cur, part) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined), messages)
}

describe('knowledge labels built from values', () => {
  it.each(built)('%s names every value in both locales', (prefix, values) => {
    for (const [name, messages] of [['zh-CN', zhCN], ['en-US', enUS]] as const) {
      const missing = values.filter((v) => typeof lookup(messages, `${prefix}.${v}`) !== 'string')
      expect(missing, `${name} ${prefix}`).toEqual([])
    }
  })
})

describe('knowledge messages with literal braces', () => {
  it('shows the JSONL record shape instead of treating it as a parameter', async () => {
    const { i18n } = await import('@/i18n')
    expect(i18n.global.t('kb.strategyHints.jsonl', {}, { locale: 'zh-CN' })).toContain('{id, text, metadata}')
    expect(i18n.global.t('kb.strategyHints.jsonl', {}, { locale: 'en-US' })).toContain('{id, text, metadata}')
  })
})
