import { describe, expect, it } from 'vitest'
import { buildTree, findNode, subtreeIds } from './tree'

const orgs = [
  { id: 1, parent_id: null, name: '市' },
  { id: 2, parent_id: 1, name: '委办局' },
  { id: 3, parent_id: 2, name: '处室' },
  { id: 4, parent_id: 1, name: '另一局' },
  { id: 5, parent_id: 99, name: '孤儿' },
]

describe('buildTree', () => {
  it('nests by parent id and keeps orphans as roots', () => {
    const roots = buildTree(orgs)
    expect(roots.map((r) => r.label)).toEqual(['市', '孤儿'])
    expect(roots[0].children.map((c) => c.label)).toEqual(['委办局', '另一局'])
  })

  it('finds subtrees for excluding move targets', () => {
    const roots = buildTree(orgs)
    const node = findNode(roots, 2)!
    expect([...subtreeIds(node)].sort()).toEqual(['2', '3'])
    expect(findNode(roots, '3')?.label).toBe('处室')
  })
})
