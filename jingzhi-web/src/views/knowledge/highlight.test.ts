import { describe, expect, it } from 'vitest'
import { createApp } from 'vue'
import { highlightPieces } from './highlight'
import HighlightText from './HighlightText.vue'

function render(text: string): HTMLElement {
  const root = document.createElement('div')
  createApp(HighlightText, { text }).mount(root)
  return root
}

describe('highlight rendering', () => {
  it('splits a highlight into marked and plain pieces', () => {
    expect(highlightPieces('办理<em>医保</em>转移需要<em>身份证</em>')).toEqual([
      { text: '办理', mark: false },
      { text: '医保', mark: true },
      { text: '转移需要', mark: false },
      { text: '身份证', mark: true },
    ])
  })

  it('treats an unclosed mark as running to the end and drops a stray closing tag', () => {
    expect(highlightPieces('a</em>b<em>c')).toEqual([
      { text: 'ab', mark: false },
      { text: 'c', mark: true },
    ])
    expect(highlightPieces(null)).toEqual([])
  })

  it('renders markup inside a document as text, never as elements', () => {
    const root = render('<em>医保</em><script>alert(1)</script><img src=x onerror="alert(2)">&lt;b&gt;')
    expect(root.querySelectorAll('mark')).toHaveLength(1)
    expect(root.querySelector('mark')!.textContent).toBe('医保')
    expect(root.querySelector('script')).toBeNull()
    expect(root.querySelector('img')).toBeNull()
    expect(root.querySelector('b')).toBeNull()
    expect(root.textContent).toContain('<script>alert(1)</script>')
    expect(root.textContent).toContain('<b>') // an escaped entity from the highlighter reads as the character
  })

  it('shows the fallback text when there is no highlight', () => {
    const root = document.createElement('div')
    createApp(HighlightText, { text: null, fallback: '<i>原文</i>' }).mount(root)
    expect(root.querySelector('i')).toBeNull()
    expect(root.textContent).toBe('<i>原文</i>')
  })
})
