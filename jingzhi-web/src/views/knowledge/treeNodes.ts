import type { Id } from '@/api/types'
import type { TreeNode } from '@/api/knowledgeManage'

/** Finds a node anywhere in a nested tree. */
export function findNode(nodes: TreeNode[] | undefined, id: Id): TreeNode | undefined {
  for (const n of nodes ?? []) {
    if (String(n.id) === String(id)) return n
    const hit = findNode(n.children, id)
    if (hit) return hit
  }
  return undefined
}

/** Parameters as editable rows, in the order they came. */
export function paramRows(params: Record<string, string> | null | undefined): { key: string; value: string }[] {
  return Object.entries(params ?? {}).map(([key, value]) => ({ key, value: String(value ?? '') }))
}

/** Rows back to the parameter map: blank keys dropped, keys trimmed, a repeated key keeps its last value. */
export function paramsOf(rows: { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const row of rows) if (row.key.trim()) out[row.key.trim()] = row.value
  return out
}

/**
 * Where a node lands after el-tree drag and drop: 'inner' makes it the last child of the target, 'before'/'after'
 * put it beside the target under the target's parent, at the target's position (or one after). The top level is
 * parent 0: on an update a left-out (or null) parent keeps the node where it is.
 */
export function dropPlacement(
  target: TreeNode,
  type: 'before' | 'after' | 'inner',
  siblingsOfTarget: TreeNode[],
): { parent_id: Id; position: number } {
  if (type === 'inner') return { parent_id: target.id, position: target.children?.length ?? 0 }
  const index = Math.max(0, siblingsOfTarget.findIndex((n) => String(n.id) === String(target.id)))
  return { parent_id: target.parent_id ?? 0, position: type === 'before' ? index : index + 1 }
}
