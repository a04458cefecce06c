import type { GraphPath } from '@/api/knowledgeManage'

export interface GraphNodeData {
  id: string
  name: string
  type: string
  /** the first or last entity of some path */
  endpoint: boolean
}

export interface GraphLinkData {
  source: string
  target: string
  type: string
}

/** Merges query paths into one graph: every entity once, every (from, type, to) edge once; types become categories. */
export function graphOf(paths: GraphPath[]): { nodes: GraphNodeData[]; links: GraphLinkData[]; categories: string[] } {
  const nodes = new Map<string, GraphNodeData>()
  const links = new Map<string, GraphLinkData>()
  for (const path of paths) {
    path.nodes.forEach((n, i) => {
      const id = String(n.id)
      const endpoint = i === 0 || i === path.nodes.length - 1
      const seen = nodes.get(id)
      if (seen) seen.endpoint ||= endpoint
      else nodes.set(id, { id, name: n.name, type: n.type, endpoint })
    })
    for (const e of path.edges) {
      const link = { source: String(e.from_id), target: String(e.to_id), type: e.type }
      links.set(`${link.source}\u0000${link.type}\u0000${link.target}`, link)
    }
  }
  const categories = [...new Set([...nodes.values()].map((n) => n.type))]
  return { nodes: [...nodes.values()], links: [...links.values()], categories }
}

/**
 * A path as one line of text, following its entities in order: 'A —发布→ B ←引用— C' (an arrow against the
 * reading direction where the path walks an edge backwards).
 */
export function pathText(path: GraphPath): string {
  if (!path.nodes.length) return ''
  let text = path.nodes[0].name
  path.edges.forEach((e, i) => {
    const next = path.nodes[i + 1]
    if (!next) return
    const forward = String(e.from_id) === String(path.nodes[i].id)
    text += forward ? ` —${e.type}→ ${next.name}` : ` ←${e.type}— ${next.name}`
  })
  return text
}
