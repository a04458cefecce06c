/**
 * Permission checks for showing navigation and guarding routes. The server is the authority;
 * this only hides what the user could not use anyway.
 *
 * A requirement ending in ':' (e.g. 'org:') is met by any permission with that prefix
 * ('org:read', 'org:write'); otherwise the code must match exactly. '*' grants everything.
 */
export function hasPermission(granted: readonly string[] | undefined, required?: string | readonly string[]): boolean {
  if (!required || (Array.isArray(required) && required.length === 0)) return true
  const list = granted ?? []
  if (list.includes('*')) return true
  const needs = typeof required === 'string' ? [required] : required
  return needs.some((need) =>
    need.endsWith(':') ? list.some((p) => p.startsWith(need) || p === need.slice(0, -1) + ':*') : list.includes(need),
  )
}

/** Groups permission codes by their prefix before the first ':' (for the role editor). */
export function groupByPrefix<T extends { code: string }>(items: readonly T[]): { prefix: string; items: T[] }[] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const i = item.code.indexOf(':')
    const prefix = i > 0 ? item.code.slice(0, i) : item.code
    if (!groups.has(prefix)) groups.set(prefix, [])
    groups.get(prefix)!.push(item)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([prefix, list]) => ({ prefix, items: [...list].sort((a, b) => a.code.localeCompare(b.code)) }))
}

