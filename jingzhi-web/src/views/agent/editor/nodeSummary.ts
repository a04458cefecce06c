/** The one line a canvas node shows under its title: the setting that tells nodes of one type apart. */
import type { NodeSpec } from '@/api/agent'

function clip(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

export function nodeSummary(spec: Pick<NodeSpec, 'type' | 'config'>): string {
  const c = (spec.config ?? {}) as Record<string, unknown>
  const str = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : '')
  const names = (k: string) => (Array.isArray(c[k]) ? (c[k] as { name?: string }[]).map((v) => v.name).filter(Boolean).join(', ') : '')
  switch (spec.type) {
    case 'start':
      return clip(names('inputs'))
    case 'answer':
      return clip(str('text'))
    case 'llm':
    case 'agent':
      return clip([str('model'), str('prompt')].filter(Boolean).join(' · '))
    case 'knowledge':
      return clip(Array.isArray(c.knowledge_bases) ? (c.knowledge_bases as string[]).join(', ') : '')
    case 'classifier':
      return clip(str('model'))
    case 'extractor':
      return clip(names('parameters'))
    case 'http':
      return clip(`${str('method') || 'GET'} ${str('url')}`)
    case 'mcp':
      return clip([str('server'), str('tool')].filter(Boolean).join(' / '))
    case 'database':
      return clip([str('connection'), c.mode === 'nl2sql' ? str('question') : str('sql')].filter(Boolean).join(' · '))
    case 'template':
      return clip(str('template'))
    case 'sub_workflow':
      return clip(str('app'))
    case 'human_input':
      return clip(str('prompt'))
    case 'switch':
      return clip(str('value'))
    case 'loop':
      return clip(str('items'))
    default:
      return ''
  }
}
