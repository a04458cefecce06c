import { describe, expect, it } from 'vitest'
import type { GraphPath } from '@/api/knowledgeManage'
import { graphOf, pathText } from './graphData'

const unit = { id: 1, name: '市医保局', type: '机构' }
const doc = { id: 2, name: '沪医保〔2024〕1号', type: '文件' }
const old = { id: 3, name: '沪医保〔2019〕5号', type: '文件' }

describe('graph query paths', () => {
  it('merges paths into one graph: each entity and edge once, types as categories', () => {
    const paths: GraphPath[] = [
      { nodes: [unit, doc], edges: [{ type: '发布', from_id: 1, to_id: 2 }] },
      { nodes: [unit, doc, old], edges: [{ type: '发布', from_id: 1, to_id: 2 }, { type: '废止', from_id: 2, to_id: 3 }] },
    ]
    const g = graphOf(paths)
    expect(g.nodes.map((n) => n.id)).toEqual(['1', '2', '3'])
    expect(g.nodes.find((n) => n.id === '2')!.endpoint).toBe(true)
    expect(g.links).toHaveLength(2)
    expect(g.categories).toEqual(['机构', '文件'])
  })

  it('writes a path in its walking order, arrows against the direction where an edge is walked backwards', () => {
    const path: GraphPath = { nodes: [old, doc, unit], edges: [{ type: '废止', from_id: 2, to_id: 3 }, { type: '发布', from_id: 1, to_id: 2 }] }
    expect(pathText(path)).toBe('沪医保〔2019〕5号 ←废止— 沪医保〔2024〕1号 ←发布— 市医保局')
    expect(pathText({ nodes: [unit, doc], edges: [{ type: '发布', from_id: 1, to_id: 2 }] })).toBe('市医保局 —发布→ 沪医保〔2024〕1号')
  })
})
