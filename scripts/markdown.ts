/**
 * Markdown for the generated docs: descriptions from action.yml shown as typed (never as HTML or
 * emphasis), code spans, and the anchors GitHub gives headings.
 */

/** `text` as a code span, with a fence longer than any run of backticks inside it. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** Prose shown as typed: HTML-looking text, emphasis and backslashes escaped. */
function escapeProse(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\*/g, '\\*')
}

/** Escapes prose and leaves `inline code` as it is. */
export function escapeInline(text: string): string {
  let out = ''
  let rest = text
  for (;;) {
    const open = /`+/.exec(rest)
    if (!open) break
    const close = rest.indexOf(open[0], open.index + open[0].length)
    if (close < 0) break
    out += escapeProse(rest.slice(0, open.index))
    out += rest.slice(open.index, close + open[0].length)
    rest = rest.slice(close + open[0].length)
  }
  return out + escapeProse(rest)
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/

/**
 * A description of any shape as Markdown paragraphs: lines of a paragraph are joined with spaces,
 * as in a folded YAML scalar, except that a list item starts on its own line.
 */
export function paragraphs(description: string): string {
  return description
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => {
      let block = ''
      for (const line of paragraph.split('\n')) {
        const item = LIST_ITEM.test(line)
        const text = escapeInline(line.replace(LIST_ITEM, '').trim())
        if (text === '') continue
        if (item) block += `${block === '' ? '' : '\n'}- ${text}`
        else block += block === '' ? text : ` ${text}`
      }
      return block
    })
    .filter((block) => block !== '')
    .join('\n\n')
}

/**
 * The first sentence of a description, for a one-line summary: it ends at a period followed by a
 * capital letter, never at "e.g." or "i.e.".
 */
export function firstSentence(description: string): string {
  const text = description.trim().replace(/\s+/g, ' ')
  const end = /(?<!\b(?:e\.g|i\.e))\.\s+(?=[A-Z])/.exec(text)
  return end === null ? text : text.slice(0, end.index + 1)
}

/** GitHub's anchor for a heading: lowercased, punctuation but `-` and `_` dropped, spaces `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}
