import { isCollection, isNode, isPair, Lexer } from 'yaml'

// Guards for JSON and YAML files named by inputs, run on the text before any parser or recursive
// walk sees it: a file nested thousands of levels deep must fail with a message, not with
// "Maximum call stack size exceeded" from whichever function happens to recurse first.

/**
 * The deepest nesting of lists and objects a file input may have. A task definition is about 8
 * levels deep (containerDefinitions → a container → environment → an entry), an AppSpec about 6;
 * 64 leaves room for anything real.
 */
export const MAX_NESTING_DEPTH = 64

/** 1-based line and column of an offset into the text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(Math.max(0, offset), text.length)
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: text.slice(lineStart, end).replace(/\r$/, '').length + 1 }
}

/** What one pass over a JSON text found, without parsing it. */
export interface JsonScan {
  /** Where the nesting first goes deeper than the limit. */
  readonly tooDeep?: { readonly offset: number }
  /** The first key that appears twice in one object: where, and where it appeared first. */
  readonly duplicate?: {
    readonly path: string
    readonly offset: number
    readonly firstOffset: number
  }
}

interface Frame {
  readonly object: boolean
  /** Objects: each key seen, with the offset of its first appearance. */
  readonly keys: Map<string, number>
  /** Objects: whether the next string is a key. */
  expectKey: boolean
  /** Objects: the current key; arrays: the current index. */
  key: string | number
}

/**
 * Measures nesting and finds duplicate keys in one loop over the characters, no recursion, so it is
 * safe on any text. JSON.parse keeps the last of two equal keys without a word; the file meant one of
 * them. On text that is not valid JSON the result is approximate (the parser's error is then the one
 * to report); the depth is still a safe upper bound.
 */
export function scanJson(text: string, maxDepth = MAX_NESTING_DEPTH): JsonScan {
  const frames: Frame[] = []
  let duplicate: JsonScan['duplicate']
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      const end = stringEnd(text, i)
      const top = frames[frames.length - 1]
      if (top?.object === true && top.expectKey) {
        const key = decodeKey(text.slice(i, end + 1))
        const first = top.keys.get(key)
        if (first !== undefined && duplicate === undefined) {
          duplicate = { path: pathOf(frames, key), offset: i, firstOffset: first }
        }
        if (first === undefined) top.keys.set(key, i)
        top.key = key
        top.expectKey = false
      }
      i = end
    } else if (c === '{' || c === '[') {
      frames.push({ object: c === '{', keys: new Map(), expectKey: c === '{', key: 0 })
      if (frames.length > maxDepth) return { tooDeep: { offset: i } }
    } else if (c === '}' || c === ']') {
      frames.pop()
    } else if (c === ',') {
      const top = frames[frames.length - 1]
      if (top?.object === true) top.expectKey = true
      else if (top !== undefined && typeof top.key === 'number') top.key++
    }
  }
  return duplicate === undefined ? {} : { duplicate }
}

/** The offset of the quote that closes the string opening at `start` (or the text's end). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') i++
    else if (c === '"' || c === '\n') return i
  }
  return text.length - 1
}

function decodeKey(token: string): string {
  try {
    const key: unknown = JSON.parse(token)
    return typeof key === 'string' ? key : token
  } catch {
    return token
  }
}

/** `containerDefinitions[0].environment[2].name`, the path of `key` in the innermost object. */
function pathOf(frames: readonly Frame[], key: string): string {
  let path = ''
  frames.forEach((frame, index) => {
    const step = index === frames.length - 1 ? key : frame.key
    if (typeof step === 'number') path += `[${step}]`
    else
      path += /^[A-Za-z_$][\w$]*$/.test(step)
        ? `${path === '' ? '' : '.'}${step}`
        : `[${JSON.stringify(step)}]`
  })
  return path
}

// Lexer tokens (yaml's CST): '\x1f' announces a scalar whose source is the next token, '\x02' and
// '\x18' mark document and flow errors; none of them is text of the source.
const SCALAR = '\x1f'
const MARKERS = new Set(['\x02', '\x18', SCALAR])

/** An open block collection: the column its entries start at, and whether it is a list. */
interface Level {
  readonly column: number
  readonly list: boolean
}

/**
 * Where a YAML (or JSON) text first nests deeper than the limit, from yaml's lexer: fast, not
 * recursive, and it stops at the first token too deep. Block collections are followed by the
 * columns their indicators stand at (`- - - x` is three lists on one line; a key at a smaller
 * column closes what was deeper), flow collections by their brackets. It counts what the
 * structure of the text opens, so it is the real depth for any YAML that parses.
 */
export function yamlTooDeep(
  text: string,
  maxDepth = MAX_NESTING_DEPTH
): { readonly offset: number } | undefined {
  const levels: Level[] = []
  let flow = 0
  let offset = 0
  let lineStart = 0
  let atLineStart = true
  let scalarNext = false
  // The column of the node that started last on this line: a key, when a ":" follows.
  let nodeColumn: number | undefined
  for (const token of new Lexer().lex(text)) {
    const at = offset
    if (!MARKERS.has(token)) offset += token.length
    if (scalarNext) {
      scalarNext = false
      passText(token, at)
      continue
    }
    if (token === '\n' || token === '\r\n') {
      newLine(offset)
      continue
    }
    const first = token[0]
    if (first === ' ' || first === '\t' || first === '#' || token === '\x02' || token === '\x18') {
      continue
    }
    if (token === '\uFEFF') continue
    if (token === '---' || token === '...') {
      levels.length = 0
      continue
    }
    const column = at - lineStart
    if (flow === 0) {
      if (atLineStart) {
        while ((levels[levels.length - 1]?.column ?? -1) > column) levels.pop()
        atLineStart = false
      }
      if (token === '-') open({ column, list: true })
      else if (token === '?') open({ column, list: false })
      else if (token === ':') open({ column: nodeColumn ?? column, list: false })
      else nodeColumn ??= column
    }
    if (token === SCALAR) scalarNext = true
    else if (token === '[' || token === '{') flow++
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1)
    else if (first === '"' || first === "'") passText(token, at)
    if (levels.length + flow > maxDepth) return { offset: at }
  }
  return undefined

  /** A block collection starts at this column, unless the one open there goes on. */
  function open(level: Level): void {
    nodeColumn = undefined
    // A key closes a list that was written at its own column (`a:` then `- x` then `b:`).
    for (;;) {
      const top = levels[levels.length - 1]
      if (top === undefined || top.column < level.column) break
      if (top.column === level.column && (top.list === level.list || !top.list)) break
      levels.pop()
    }
    const top = levels[levels.length - 1]
    if (top?.column !== level.column || top.list !== level.list) levels.push(level)
  }

  function newLine(at: number): void {
    lineStart = at
    atLineStart = true
    nodeColumn = undefined
  }

  /** Scalars may span lines: the next token's column counts from the last of them. */
  function passText(token: string, at: number): void {
    const last = token.lastIndexOf('\n')
    if (last === -1) return
    if (last === token.length - 1) newLine(at + token.length)
    else lineStart = at + last + 1
  }
}

/** The YAML 1.2 core schema's tags, and `!` (a plain string): everything a task definition needs. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`)
)

/**
 * Whether an explicit tag is outside the core schema: `!!js/function`, `!!binary`, `!!set`,
 * `!!timestamp`, a local `!thing`. yaml drops the ones it does not know (the text becomes a plain
 * string) and decodes some it does into values JSON cannot hold; neither belongs in an input file.
 */
function isUnsupportedTag(tag: string | undefined): boolean {
  return tag !== undefined && tag !== '!' && !CORE_TAGS.has(tag)
}

/** `tag:yaml.org,2002:js/function` → `!!js/function`, as it is written. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag
}

/** The first explicit tag outside the core schema in a composed YAML document, with its offset. */
export function firstUnsupportedTag(
  contents: unknown
): { readonly tag: string; readonly offset: number } | undefined {
  const stack: unknown[] = [contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isPair(node)) {
      stack.push(node.value, node.key)
      continue
    }
    if (!isNode(node)) continue
    if (isUnsupportedTag(node.tag))
      return { tag: shortTag(node.tag ?? ''), offset: node.range?.[0] ?? 0 }
    if (isCollection(node))
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i])
  }
  return undefined
}

/** Whether a parsed value nests lists and objects deeper than `maxDepth`, found without recursion. */
export function nestedDeeperThan(value: unknown, maxDepth = MAX_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop() ?? [undefined, 0]
    if (typeof item !== 'object' || item === null) continue
    if (depth + 1 > maxDepth) return true
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return false
}
