/**
 * The node palette: the built-in node types by category, plus what `GET /components` offers (MCP tools, database
 * connections, apps usable as sub-workflows, descriptions of node types). Without the catalog (not reachable, or
 * not built yet) the static node types remain.
 */
import type { Component } from '@/api/agentTools'
import { NODE_CATEGORIES, NODE_TYPES, isKnownType, nodeType, type NodeCategory } from '../nodeTypes'

export interface PaletteItem {
  key: string
  /** the node type placed on the canvas */
  type: string
  /** the catalog's title (MCP tool, connection, app); null for plain node types, which are named by i18n */
  title: string | null
  description?: string | null
  tags: string[]
  config: Record<string, unknown>
}

export interface PaletteGroup {
  category: NodeCategory
  items: PaletteItem[]
}

function kindOf(c: Component): string {
  const kind = (c.kind ?? c.category ?? '').toLowerCase()
  if (kind.includes('mcp')) return 'mcp'
  if (kind.includes('database') || kind.includes('db')) return 'database'
  if (kind === 'app' || kind.includes('sub') || kind.includes('apps')) return 'app'
  return 'node'
}

/** One palette item of a catalog component, or null when it names no node the canvas can place. */
export function itemOf(c: Component, locale = 'zh-CN'): PaletteItem | null {
  const description = (locale.startsWith('zh') ? c.description_zh : c.description_en) ?? c.description ?? null
  const tags = c.tags ?? []
  switch (kindOf(c)) {
    case 'mcp': {
      const [server, tool] = c.server && c.tool ? [c.server, c.tool] : c.name.split('/', 2)
      if (!server || !tool) return null
      return { key: `mcp:${server}/${tool}`, type: 'mcp', title: c.title ?? tool, description, tags, config: { ...nodeType('mcp').defaults(), server, tool, ...(c.config ?? {}) } }
    }
    case 'database':
      return { key: `db:${c.name}`, type: 'database', title: c.title ?? c.name, description, tags, config: { ...nodeType('database').defaults(), connection: c.name, ...(c.config ?? {}) } }
    case 'app':
      return { key: `app:${c.name}`, type: 'sub_workflow', title: c.title ?? c.name, description, tags, config: { ...nodeType('sub_workflow').defaults(), app: c.name, ...(c.config ?? {}) } }
    default: {
      const type = c.type ?? c.name
      if (!isKnownType(type)) return null
      return { key: `node:${type}`, type, title: null, description, tags, config: nodeType(type).defaults() }
    }
  }
}

/** The palette: built-in types first (with the catalog's descriptions), then the catalog's tools and apps. */
export function buildPalette(components: Component[], locale = 'zh-CN'): PaletteGroup[] {
  const items = new Map<string, PaletteItem>()
  for (const n of NODE_TYPES) items.set(`node:${n.type}`, { key: `node:${n.type}`, type: n.type, title: null, tags: [], config: n.defaults() })
  for (const c of components) {
    const item = itemOf(c, locale)
    if (item) items.set(item.key, { ...items.get(item.key), ...item })
  }
  return NODE_CATEGORIES.map((category) => ({ category, items: [...items.values()].filter((i) => nodeType(i.type).category === category) }))
}

/** Case-insensitive match of a palette item against the search box (type, title, description, tags). */
export function matches(item: PaletteItem, label: string, q: string): boolean {
  const needle = q.trim().toLowerCase()
  if (!needle) return true
  return [item.type, item.title ?? '', label, item.description ?? '', ...item.tags].some((s) => s.toLowerCase().includes(needle))
}

export const DRAG_MIME = 'application/x-jingzhi-node'
