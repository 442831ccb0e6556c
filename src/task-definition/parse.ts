import { LineCounter, parseDocument } from 'yaml'
import {
  firstUnsupportedTag,
  lineColumnAt,
  MAX_NESTING_DEPTH,
  scanJson,
  yamlTooDeep
} from '../input/document.js'
import { TaskDefinitionError } from './errors.js'
import { describeValue, isJsonObject, type JsonObject } from './json-value.js'

export interface ParseTaskDefinitionTextOptions {
  /** The file's content, as read by the caller. */
  readonly text: string
  /** Where the text came from (the input value, usually a path); named in every error. */
  readonly source: string
}

const INPUT = 'task-definition'
const EXPECTED = 'expected a task definition object with family and containerDefinitions'

// Friendlier wording for the yaml errors users actually hit; the rest keep yaml's message.
const YAML_MESSAGES: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS:
    'the file holds more than one YAML document (a second "---"); expected exactly one',
  DUPLICATE_KEY: 'the same key appears twice in one mapping; keys must be unique',
  BLOCK_AS_IMPLICIT_KEY:
    'a key already has a value here, yet the next line is indented deeper; check the indentation'
}

/**
 * Parses a task definition file (JSON or YAML) into a plain object. Format: `.yaml`/`.yml` files
 * are YAML; `.json` files and text starting with `{` or `[` are JSON (so errors cite JSON rules);
 * anything else is YAML. YAML merge keys (`<<: *anchor`) are honoured. Refused, with the line: nesting
 * deeper than MAX_NESTING_DEPTH (checked on the text, before any parser runs), a key twice in one
 * JSON object (YAML refuses its own), and YAML tags outside the core schema (`!!js/function`).
 */
export function parseTaskDefinitionText({
  text,
  source
}: ParseTaskDefinitionTextOptions): JsonObject {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const where = `task-definition file ${source}`
  if (body.trim() === '') {
    throw new TaskDefinitionError(`${where} is empty; ${EXPECTED} (JSON or YAML)`, { input: INPUT })
  }
  // A NUL byte never occurs in JSON or YAML text: this is an image, an archive or a compiled file.
  if (body.includes('\u0000')) {
    throw new TaskDefinitionError(
      `${where} is not a text file (it holds NUL bytes); ${EXPECTED} (JSON or YAML)`,
      { input: INPUT }
    )
  }

  const value = isJsonSource(source, body) ? parseJson(body, where) : parseYaml(body, where)

  if (value === null || value === undefined) {
    throw new TaskDefinitionError(`${where} holds no data (only comments or null); ${EXPECTED}`, {
      input: INPUT
    })
  }
  if (Array.isArray(value)) {
    throw new TaskDefinitionError(
      `${where} holds a list at the top level; ${EXPECTED} (a list of container definitions alone is not a task definition)`,
      { input: INPUT }
    )
  }
  if (!isJsonObject(value)) {
    throw new TaskDefinitionError(
      `${where} holds ${describeValue(value)} at the top level; ${EXPECTED}`,
      {
        input: INPUT
      }
    )
  }
  return value
}

function isJsonSource(source: string, body: string): boolean {
  if (/\.ya?ml$/i.test(source.trim())) return false
  return /\.json$/i.test(source.trim()) || /^\s*[{[]/.test(body)
}

function parseJson(body: string, where: string): unknown {
  const scan = scanJson(body)
  if (scan.tooDeep !== undefined) throw tooDeep(body, where, scan.tooDeep.offset)
  let value: unknown
  try {
    value = JSON.parse(body) as unknown
  } catch (error) {
    // V8 reports an offset ("… in JSON at position 42") or, for an unexpected token, an excerpt of
    // the text instead; people need a line and a column, and the excerpt must not be echoed.
    const message = error instanceof Error ? error.message : String(error)
    const offset = /at position (\d+)/.exec(message)?.[1]
    const at = offset === undefined ? syntaxErrorOffset(body) : Number(offset)
    throw new TaskDefinitionError(
      `${where} is not valid JSON: ${jsonReason(message)} at ${formatPosition(lineColumnAt(body, at))}`,
      { input: INPUT, cause: error }
    )
  }
  const duplicate = scan.duplicate
  if (duplicate !== undefined) {
    // Refused, as YAML refuses it: JSON.parse would keep the last value without a word.
    throw new TaskDefinitionError(
      `${where} has the key ${duplicate.path} twice, at ${formatPosition(lineColumnAt(body, duplicate.firstOffset))} and at ${formatPosition(lineColumnAt(body, duplicate.offset))}; ` +
        'keys must be unique (a JSON parser would silently keep only the last one): remove the one you did not mean',
      { input: INPUT }
    )
  }
  return value
}

/** Nesting too deep to be a task definition: refused before anything recursive runs. */
function tooDeep(body: string, where: string, offset: number): TaskDefinitionError {
  return new TaskDefinitionError(
    `${where} nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep (at ${formatPosition(lineColumnAt(body, offset))}); ` +
      'a task definition is about 8 levels deep, so this is not one',
    { input: INPUT }
  )
}

/** V8's message without its position or its excerpt of the text. */
function jsonReason(message: string): string {
  return message
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/(?: in JSON)? at position \d+.*$/s, '')
}

/**
 * Where JSON.parse stops, when it does not say: the shortest prefix that fails for a reason other
 * than ending too early ends with the bad character (a longer prefix fails the same way).
 */
function syntaxErrorOffset(body: string): number {
  const failsEarly = (length: number): boolean => {
    try {
      JSON.parse(body.slice(0, length))
      return false
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (message.startsWith('Unexpected end of JSON input')) return false
      const position = /at position (\d+)/.exec(message)?.[1]
      return position === undefined || Number(position) < length
    }
  }
  let low = 1
  let high = body.length
  if (!failsEarly(high)) return body.length
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (failsEarly(middle)) high = middle
    else low = middle + 1
  }
  return low - 1
}

function parseYaml(body: string, where: string): unknown {
  const deep = yamlTooDeep(body)
  if (deep !== undefined) throw tooDeep(body, where, deep.offset)
  const lineCounter = new LineCounter()
  const doc = parseDocument(body, { lineCounter, prettyErrors: false, merge: true })
  const first = doc.errors[0]
  if (first !== undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0])
    const reason = YAML_MESSAGES[first.code] ?? first.message
    throw new TaskDefinitionError(
      `${where} is not valid YAML: ${reason} at ${formatPosition({ line, column: col })}`,
      { input: INPUT, cause: first }
    )
  }
  const tagged = firstUnsupportedTag(doc.contents)
  if (tagged !== undefined) {
    const { line, col } = lineCounter.linePos(tagged.offset)
    throw new TaskDefinitionError(
      `${where} uses the YAML tag ${tagged.tag} at ${formatPosition({ line, column: col })}; only the YAML core schema is accepted ` +
        '(strings, numbers, booleans, null, lists and mappings, with or without !!str, !!int, … tags): remove the tag',
      { input: INPUT }
    )
  }
  try {
    return doc.toJS() as unknown
  } catch (error) {
    // e.g. too many alias expansions (a "billion laughs" document)
    const reason = error instanceof Error ? error.message : String(error)
    throw new TaskDefinitionError(`${where} could not be read as YAML: ${reason}`, {
      input: INPUT,
      cause: error
    })
  }
}

function formatPosition({ line, column }: { line: number; column: number }): string {
  return `line ${line} column ${column}`
}
