import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { isNotFound } from './errors'

describe('isNotFound', () => {
  it('is true for a 404 problem, which detail pages show as an empty state instead of an error toast', () => {
    expect(isNotFound(new ApiError(404, 'project 1 does not exist', { status: 404, title: 'Not Found', code: 'project.not_found' }))).toBe(true)
  })

  it('is false for other failures, which stay errors', () => {
    expect(isNotFound(new ApiError(403, 'forbidden'))).toBe(false)
    expect(isNotFound(new ApiError(500, 'boom'))).toBe(false)
    expect(isNotFound(new Error('network'))).toBe(false)
  })
})
