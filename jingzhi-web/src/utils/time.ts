/**
 * The server speaks UTC ISO-8601; people read Asia/Shanghai. These helpers convert both ways
 * without depending on the browser's own time zone.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'
const OFFSET = '+08:00' // Asia/Shanghai has no daylight saving time

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function parts(value: string | number | Date): Record<string, string> | undefined {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return undefined
  const out: Record<string, string> = {}
  for (const p of formatter.formatToParts(date)) out[p.type] = p.value
  return out
}

/** '2024-05-01T02:03:04Z' → '2024-05-01 10:03:04' (Asia/Shanghai); '' for empty, input for garbage. */
export function formatTime(value: string | number | Date | null | undefined, withSeconds = true): string {
  if (value === null || value === undefined || value === '') return ''
  const p = parts(value)
  if (!p) return String(value)
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
  return `${p.year}-${p.month}-${p.day} ${time}`
}

/** The Asia/Shanghai calendar date of an instant: 'YYYY-MM-DD'. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const p = parts(value)
  return p ? `${p.year}-${p.month}-${p.day}` : String(value)
}

/** A Shanghai wall-clock time 'YYYY-MM-DDTHH:mm:ss' (or 'YYYY-MM-DD HH:mm:ss') → UTC ISO-8601. */
export function shanghaiToUtc(local: string | null | undefined): string | undefined {
  if (!local) return undefined
  const normalized = local.trim().replace(' ', 'T')
  const withTime = /T\d{2}:\d{2}/.test(normalized) ? normalized : `${normalized}T00:00:00`
  const withSeconds = /T\d{2}:\d{2}$/.test(withTime) ? `${withTime}:00` : withTime
  const date = new Date(`${withSeconds}${OFFSET}`)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** The end (23:59:59) of a Shanghai calendar day 'YYYY-MM-DD' as UTC ISO-8601 — for expiry dates. */
export function endOfShanghaiDay(day: string | null | undefined): string | undefined {
  return day ? shanghaiToUtc(`${day}T23:59:59`) : undefined
}
