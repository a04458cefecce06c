/** Small pure helpers of the app forms. */

/**
 * A code suggestion from a name: ASCII letters and digits kept, lower case, dashes between words; a name without
 * any (Chinese) gives `app-<time>` so the user still gets a valid code to edit.
 */
export function codeFromName(name: string, now: () => number = Date.now): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64)
  if (ascii.length >= 2) return ascii
  return name.trim() ? `app-${now().toString(36)}` : ''
}

/** Splits "a, b，c" into trimmed non-empty unique parts. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，\n]+/).map((s) => s.trim()).filter(Boolean))]
}
