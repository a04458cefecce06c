/** Helpers that let row editors work in place on a node's config. */
import { reactive, watch } from 'vue'

/** The array under `key`, created when absent (so a new row lands in the config). */
export function rowsOf(config: Record<string, unknown>, key: string): Record<string, unknown>[] {
  if (!Array.isArray(config[key])) config[key] = []
  return config[key] as Record<string, unknown>[]
}

/** An object `{name: value}` under `key` edited as rows; every row change writes the object back. */
export function mapRows(config: Record<string, unknown>, key: string): { rows: { name: string; value: unknown }[] } {
  const current = (config[key] && typeof config[key] === 'object' ? config[key] : {}) as Record<string, unknown>
  const state = reactive({ rows: Object.entries(current).map(([name, value]) => ({ name, value })) })
  watch(
    () => state.rows.map((r) => [r.name, r.value]),
    () => {
      config[key] = rowsToMap(state.rows)
    },
    { deep: true },
  )
  return state
}

export function rowsToMap(rows: { name: string; value: unknown }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const r of rows) if (r.name.trim()) out[r.name.trim()] = r.value
  return out
}
