/** Shared shapes of the platform API (snake_case as on the wire). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface OrgRef {
  id: string
  code: string
  name: string
}

/** Ids may be numbers or strings depending on the server; the portal treats them opaquely. */
export type Id = string | number
