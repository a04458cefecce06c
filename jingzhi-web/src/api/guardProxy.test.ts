import { describe, expect, it } from 'vitest'
import { pathLines } from './guardProxy'

describe('pathLines', () => {
  it('keeps one JSON path per non-blank line', () => {
    expect(pathLines(' $.query \n\n$.inputs.question\n  ')).toEqual(['$.query', '$.inputs.question'])
    expect(pathLines('')).toEqual([])
  })
})
