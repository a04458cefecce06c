/**
 * Search highlights come as text with `<em>…</em>` around the matched words. The portal never hands that string
 * to v-html: it splits it into plain-text pieces and marks, and the template renders each piece as text, so any
 * other markup in a document (`<script>`, `<img onerror>`) shows as the characters it is.
 */
export interface HighlightPiece {
  text: string
  mark: boolean
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'" }

/** Undoes the HTML escaping a highlighter applies to the text around its marks (so '&lt;' reads as '<'). */
function unescape(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (m) => ENTITIES[m] ?? m)
}

/** Splits a highlight into pieces; an unclosed `<em>` marks the rest, a stray `</em>` is dropped. */
export function highlightPieces(highlight: string | null | undefined): HighlightPiece[] {
  if (!highlight) return []
  const pieces: HighlightPiece[] = []
  let mark = false
  for (const part of highlight.split(/(<\/?em>)/i)) {
    const tag = part.toLowerCase()
    if (tag === '<em>') mark = true
    else if (tag === '</em>') mark = false
    else if (part) {
      const text = unescape(part)
      const last = pieces[pieces.length - 1]
      if (last && last.mark === mark) last.text += text
      else pieces.push({ text, mark })
    }
  }
  return pieces
}
