/**
 * Escaping for the job summary. The summary is written as HTML blocks (core.summary writes one
 * element a line): CommonMark passes an HTML block through without reading Markdown in it, until a
 * blank line ends the block. So text from ECS or the user must (1) have its HTML special characters
 * escaped, and (2) never bring a line break of its own, since `a\n\nb` (or `a\r\rb`: a lone `\r` ends
 * a line too) would end the block and let the rest be read as Markdown. As a second line of defence
 * the Markdown that works mid-line is escaped too (code spans, emphasis, links, table pipes): the
 * entities render the same inside HTML. `_`, `#` and `~` are left as they are, so identifiers such
 * as DATABASE_URL stay readable and searchable; they only act outside an HTML block, or at a line
 * start, which (2) rules out.
 */

const ENTITIES = /[&<>"'`*[\]|]/g
const LINE_BREAK = /\r\n|\r|\n/

const entity = (c: string): string => `&#${String(c.charCodeAt(0))};`

/** Text for an element's content or an attribute; its line breaks become `<br>`. */
export function escapeHtml(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(ENTITIES, entity))
    .join('<br>')
}

/**
 * The inside of a `<pre><code>` block: one escaped line per line, without blank ones (a blank line
 * would end the HTML block, and `<details>` around it is a block that ends so).
 */
export function codeLines(lines: readonly string[]): string {
  return lines
    .flatMap((line) => line.split(LINE_BREAK))
    .filter((line) => line.trim() !== '')
    .map((line) => line.replace(ENTITIES, entity))
    .join('\n')
}

/**
 * A link to a console page. Only `https:` URLs become links (never `javascript:` or `data:`); the
 * URL is escaped for the attribute, the text for the content. Anything else shows as text.
 */
export function link(url: string, text: string): string {
  if (!/^https:\/\/[^\s"<>`]+$/.test(url)) return `${escapeHtml(text)} (${escapeHtml(url)})`
  return `<a href="${url.replace(/[&"'<>]/g, entity)}">${escapeHtml(text)}</a>`
}
