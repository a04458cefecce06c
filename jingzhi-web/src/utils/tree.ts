import type { Id } from '@/api/types'

export interface TreeNode<T> {
  data: T
  id: Id
  label: string
  children: TreeNode<T>[]
}

/** Builds a forest from a flat list with parent ids; orphans become roots. */
export function buildTree<T extends { id: Id; parent_id: Id | null; name: string }>(items: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>()
  for (const item of items) nodes.set(String(item.id), { data: item, id: item.id, label: item.name, children: [] })
  const roots: TreeNode<T>[] = []
  for (const item of items) {
    const node = nodes.get(String(item.id))!
    const parent = item.parent_id === null || item.parent_id === undefined ? undefined : nodes.get(String(item.parent_id))
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** Ids of a node and all its descendants (to exclude them as a new parent when moving). */
export function subtreeIds<T>(node: TreeNode<T>): Set<string> {
  const ids = new Set<string>()
  const walk = (n: TreeNode<T>) => {
    ids.add(String(n.id))
    n.children.forEach(walk)
  }
  walk(node)
  return ids
}

export function findNode<T>(roots: TreeNode<T>[], id: Id): TreeNode<T> | undefined {
  for (const n of roots) {
    if (String(n.id) === String(id)) return n
    const hit = findNode(n.children, id)
    if (hit) return hit
  }
  return undefined
}
