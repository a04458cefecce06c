import { describe, expect, it } from 'vitest'
import type { TreeNode } from '@/api/knowledgeManage'
import { dropPlacement, findNode, paramRows, paramsOf } from './treeNodes'

const tree: TreeNode[] = [
  { id: 1, name: '社保', children: [{ id: 2, parent_id: 1, name: '参保', children: [] }, { id: 3, parent_id: 1, name: '转移', children: [{ id: 4, parent_id: 3, name: '跨省' }] }] },
]

describe('knowledge tree helpers', () => {
  it('finds nested nodes by id of either type', () => {
    expect(findNode(tree, '4')?.name).toBe('跨省')
    expect(findNode(tree, 99)).toBeUndefined()
  })

  it('parameters survive the row editor; blank keys are dropped and keys trimmed', () => {
    const rows = paramRows({ 办理时限: '5个工作日', 收费: '免费' })
    rows.push({ key: '  ', value: 'lost' }, { key: ' 窗口 ', value: '1号' })
    expect(paramsOf(rows)).toEqual({ 办理时限: '5个工作日', 收费: '免费', 窗口: '1号' })
  })

  it('places a dropped node inside, before or after the target', () => {
    const siblings = tree[0].children!
    expect(dropPlacement(siblings[1], 'inner', siblings)).toEqual({ parent_id: 3, position: 1 })
    expect(dropPlacement(siblings[1], 'before', siblings)).toEqual({ parent_id: 1, position: 1 })
    expect(dropPlacement(siblings[0], 'after', siblings)).toEqual({ parent_id: 1, position: 1 })
    expect(dropPlacement(tree[0], 'after', tree)).toEqual({ parent_id: 0, position: 1 }) // 0: the top level
  })
})
