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

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/** One palette item of a catalog component, or null when it names no node the canvas can place. */
export function itemOf(c: Component, locale = 'zh-CN'): PaletteItem | null {
  const zh = locale.startsWith('zh')
  const description = (zh ? c.description : c.description_en || c.description) || null
  const title = (zh ? c.name : c.name_en || c.name) || c.key
  const tags = c.tags ?? []
  const a = c.attributes ?? {}
  switch (c.kind) {
    case 'mcp_tool': {
      const [server, tool] = text(a.server) && text(a.tool) ? [text(a.server), text(a.tool)] : c.key.split('/', 2)
      if (!server || !tool) return null
      return { key: `mcp:${server}/${tool}`, type: 'mcp', title, description, tags, config: { ...nodeType('mcp').defaults(), server, tool } }
    }
    case 'db_connection':
      return { key: `db:${c.key}`, type: 'database', title, description, tags, config: { ...nodeType('database').defaults(), connection: c.key } }
    case 'app': {
      const app = text(a.app) ?? c.key
      return { key: `app:${app}`, type: 'sub_workflow', title, description, tags, config: { ...nodeType('sub_workflow').defaults(), app } }
    }
    case 'node_type': {
      const type = text(a.type) ?? c.key
      if (!isKnownType(type)) return null
      return { key: `node:${type}`, type, title: null, description, tags, config: nodeType(type).defaults() }
    }
    default:
      return null
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
