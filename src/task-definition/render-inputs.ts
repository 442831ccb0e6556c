import { parse as parseShellWords } from 'shell-quote'
import { inputReader, type InputReader } from '../input/reader.js'
import { checkS3ObjectArn } from './arns.js'
import { TaskDefinitionError } from './errors.js'
import { isOneOf } from './field-checks.js'
import { checkImageReference } from './image-reference.js'
import { describeValue } from './json-value.js'
import {
  checkContainerSelection,
  MAX_ENV_FILES,
  RENDER_INPUTS,
  type RenderSettings
} from './render-settings.js'

/**
 * Parsers for the raw strings of the render inputs. Each error names its input and, for
 * line-based inputs, the line (1-based, counting blank and comment lines) so the user can find it.
 */

const KEY_VALUE_FORMS: Readonly<Record<string, string>> = {
  [RENDER_INPUTS.environment]: 'NAME=value',
  [RENDER_INPUTS.secrets]:
    'NAME=valueFrom (an SSM parameter name or ARN, or a Secrets Manager ARN)',
  [RENDER_INPUTS.logOptions]: 'option=value',
  [RENDER_INPUTS.dockerLabels]: 'label=value',
  [RENDER_INPUTS.tags]: 'key=value',
  [RENDER_INPUTS.images]: 'container=image'
}

interface KeyValueLine {
  readonly key: string
  readonly value: string
  readonly line: number
}

/** `container-name`: comma-separated, trimmed, duplicates removed; blank text gives []. */
export function parseContainerNames(text: string): string[] {
  if (text.trim() === '') return []
  const names = text.split(',').map((name) => name.trim())
  if (names.includes('')) {
    throw new TaskDefinitionError(
      `container-name ${JSON.stringify(text)} has an empty name; expected one container name or several separated by commas, e.g. "app" or "app,worker"`,
      { input: 'container-name' }
    )
  }
  return [...new Set(names)]
}

/**
 * One `KEY=value` per line, split at the first `=` so values may contain `=`. Blank lines and lines
 * starting with `#` are skipped; the key is trimmed and the value kept exactly (`KEY=` is an empty
 * value). A key given twice is an error: which one should win is a guess we would rather not make.
 * Lines are never echoed, since the `secrets` and `environment-variables` inputs may hold secrets.
 */
export function parseKeyValueLines(input: string, text: string): [string, string][] {
  return keyValueLines(input, text).map(({ key, value }) => [key, value])
}

function keyValueLines(input: string, text: string): KeyValueLine[] {
  const form = KEY_VALUE_FORMS[input] ?? 'KEY=value'
  const seen = new Map<string, number>()
  const result: KeyValueLine[] = []
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const trimmed = content.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const equals = content.indexOf('=')
    if (equals === -1) {
      throw new TaskDefinitionError(
        `${input} line ${line} has no "="; expected one ${form} per line`,
        { input }
      )
    }
    const key = content.slice(0, equals).trim()
    if (key === '') {
      throw new TaskDefinitionError(
        `${input} line ${line} has nothing before the "="; expected one ${form} per line`,
        { input }
      )
    }
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      throw new TaskDefinitionError(
        `${input} line ${line} sets ${JSON.stringify(key)} again (first on line ${earlier}); give each one once`,
        { input }
      )
    }
    seen.set(key, line)
    result.push({ key, value: content.slice(equals + 1), line })
  })
  return result
}

/** `images`: `container=image` lines; each image (trimmed) must be a valid reference. */
export function parseImages(text: string): Record<string, string> {
  const entries = keyValueLines('images', text).map(({ key, value, line }) => {
    const image = value.trim()
    const check = checkImageReference(image)
    if (!check.ok) {
      throw new TaskDefinitionError(
        `images line ${line}: ${JSON.stringify(image)} (for container ${key}) is not a valid image reference: ${check.why}`,
        { input: 'images' }
      )
    }
    return [key, image] as const
  })
  return Object.fromEntries(entries)
}

/**
 * `command`: a JSON array of strings when the text starts with `[`, otherwise words split by shell
 * quoting rules. ECS runs the command without a shell, so operators, globs and comments would not
 * do what they do in a terminal: they are rejected, with the fix. `$NAME` is kept as written (a
 * shell started by the command, `sh -c '…'`, expands it, or the program reads it literally).
 */
export function parseCommand(text: string): string[] {
  const trimmed = text.trim()
  if (trimmed === '') {
    throw new TaskDefinitionError(
      'command is empty; expected the command as shell words (node server.js --port 8080) or a JSON array (["node", "server.js"])',
      { input: 'command' }
    )
  }
  return trimmed.startsWith('[') ? parseJsonCommand(trimmed) : parseShellCommand(trimmed)
}

function parseJsonCommand(text: string): string[] {
  let value: unknown[]
  try {
    // The text starts with "[", so whatever parses is a list.
    value = JSON.parse(text) as unknown[]
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TaskDefinitionError(
      `command starts with "[" but is not valid JSON (${reason}); expected a JSON array of strings such as ["node", "server.js"]`,
      { input: 'command', cause: error }
    )
  }
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string') {
      throw new TaskDefinitionError(
        `command item ${index} is ${describeValue(item)}; every item of the JSON array must be a string${typeof item === 'number' || typeof item === 'boolean' ? ` (write "${String(item)}")` : ''}`,
        { input: 'command' }
      )
    }
    return item
  })
}

function parseShellCommand(text: string): string[] {
  const unclosed = unclosedQuote(text)
  if (unclosed !== undefined) {
    throw new TaskDefinitionError(
      `command has a ${unclosed.quote} quote at character ${unclosed.at} that is never closed; close it, or give a JSON array such as ["sh", "-c", "…"]`,
      { input: 'command' }
    )
  }
  let entries
  try {
    const joined = joinContinuations(text)
    entries = parseShellWords(joined, (name) => variableText(joined, name))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TaskDefinitionError(
      `command could not be split into words (${reason}); give a JSON array of strings instead`,
      { input: 'command', cause: error }
    )
  }
  const noShell = 'ECS runs the command without a shell'
  return entries.map((entry) => {
    if (typeof entry === 'string') return entry
    if ('comment' in entry) {
      throw new TaskDefinitionError(
        `command has an unquoted "#", which starts a comment in shell syntax and would drop the rest; quote the word that holds it ('a#b'), or give a JSON array`,
        { input: 'command' }
      )
    }
    if (entry.op === 'glob') {
      throw new TaskDefinitionError(
        `command has the unquoted pattern ${JSON.stringify(entry.pattern)}; ${noShell}, so nothing would expand it: quote it ('${entry.pattern}') to pass it as it is, or give a JSON array`,
        { input: 'command' }
      )
    }
    throw new TaskDefinitionError(
      `command uses the shell operator ${JSON.stringify(entry.op)}; ${noShell}, so it would not work as in a terminal: quote it to pass it as an argument, or run a shell, e.g. ["sh", "-c", "…"]`,
      { input: 'command' }
    )
  })
}

/**
 * shell-quote calls this for `$NAME`, `${NAME}` and `${NAME:-x}` alike, with the inside of the
 * braces. Give back what was written: the braced form when the text has it, since `${A}b` written
 * as `$Ab` would name another variable.
 */
function variableText(text: string, name: string): string {
  return text.includes(`\${${name}}`) ? `\${${name}}` : `$${name}`
}

/** shell-quote reads `'abc` as `abc`; a terminal would wait for the closing quote. */
function unclosedQuote(text: string): { quote: string; at: number } | undefined {
  let open: { quote: string; at: number } | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (open === undefined) {
      if (c === '\\') i++
      else if (c === '$' && text[i + 1] === "'") open = { quote: "$'", at: ++i }
      else if (c === "'" || c === '"') open = { quote: c, at: i + 1 }
    } else if (open.quote === "'") {
      if (c === "'") open = undefined
    } else if (c === '\\') {
      i++
    } else if (c === open.quote.slice(-1)) {
      open = undefined
    }
  }
  return open
}

/**
 * Removes backslash-newline pairs as a shell does (outside single quotes), so a long command can be
 * written over several lines; shell-quote would leave an empty word for each.
 */
function joinContinuations(text: string): string {
  let out = ''
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    const next = text[i + 1]
    if (quote !== "'" && c === '\\') {
      const lineEnd = next === '\n' ? 1 : next === '\r' && text[i + 2] === '\n' ? 2 : 0
      if (lineEnd > 0) {
        i += lineEnd
        continue
      }
      out += c + (next ?? '')
      i++
      continue
    }
    if (quote === undefined && (c === "'" || c === '"')) quote = c
    else if (c === quote) quote = undefined
    out += c
  }
  return out
}

/** Non-empty lines, trimmed. */
export function parseLines(text: string): string[] {
  return numberedLines(text).map(({ value }) => value)
}

function numberedLines(text: string): { value: string; line: number }[] {
  return text
    .split('\n')
    .map((raw, index) => ({ value: raw.trim(), line: index + 1 }))
    .filter(({ value }) => value !== '')
}

/** `env-files`: one S3 object ARN per line, at most ten. */
export function parseEnvFiles(text: string): string[] {
  const lines = numberedLines(text)
  for (const { value, line } of lines) {
    const why = checkS3ObjectArn(value)
    if (why !== undefined) {
      throw new TaskDefinitionError(`env-files line ${line}: ${why}`, { input: 'env-files' })
    }
  }
  if (lines.length > MAX_ENV_FILES) {
    throw new TaskDefinitionError(
      `env-files lists ${lines.length} files; ECS allows at most ${MAX_ENV_FILES} per container`,
      { input: 'env-files' }
    )
  }
  return lines.map(({ value }) => value)
}

/** `environment-mode`: merge (update and add by name) or replace (exactly the variables given). */
export function parseEnvironmentMode(text: string): 'merge' | 'replace' {
  if (!isOneOf(text, ENVIRONMENT_MODES)) {
    throw new TaskDefinitionError(
      `${RENDER_INPUTS.environmentMode} is ${JSON.stringify(text)}; expected merge (update or add the variables given, keep the rest) or replace (exactly the variables given)`,
      { input: RENDER_INPUTS.environmentMode }
    )
  }
  return text
}

const ENVIRONMENT_MODES = ['merge', 'replace'] as const

/** The render inputs by name, each with the value it gives; undefined: not set. */
export type RenderInputValues = {
  readonly [K in keyof typeof RENDER_INPUTS as (typeof RENDER_INPUTS)[K]]: RenderSettings[K]
}

type RenderInputName = keyof RenderInputValues

const keyValues = (text: string, name: string): [string, string][] => parseKeyValueLines(name, text)
const asWritten = (text: string): string => text

/**
 * How each render input's trimmed, non-blank text becomes its value: the settings table's render
 * rows use these. Values that need no task definition but are not parsed here (image references,
 * ARNs, sizes) are checked in renderTaskDefinition.
 */
export const RENDER_INPUT_PARSERS: {
  readonly [N in RenderInputName]: (text: string, name: string) => NonNullable<RenderInputValues[N]>
} = {
  'container-name': parseContainerNames,
  image: asWritten,
  images: parseImages,
  'environment-variables': keyValues,
  'environment-mode': parseEnvironmentMode,
  secrets: keyValues,
  'env-files': parseEnvFiles,
  'log-configuration-log-driver': asWritten,
  'log-configuration-options': keyValues,
  'docker-labels': keyValues,
  command: parseCommand,
  cpu: asWritten,
  memory: asWritten,
  'task-role-arn': asWritten,
  'execution-role-arn': asWritten,
  tags: keyValues
}

/** The render inputs as RenderSettings, with container-name checked against the settings given. */
export function readRenderSettings(inputs: InputReader<RenderInputValues>): RenderSettings {
  const containerNames = inputs.get('container-name')
  const environmentMode = inputs.get('environment-mode')
  const settings: RenderSettings = {
    containerNames,
    image: inputs.get('image'),
    images: inputs.get('images'),
    environment: inputs.get('environment-variables'),
    environmentMode,
    secrets: inputs.get('secrets'),
    envFiles: inputs.get('env-files'),
    logDriver: inputs.get('log-configuration-log-driver'),
    logOptions: inputs.get('log-configuration-options'),
    dockerLabels: inputs.get('docker-labels'),
    command: inputs.get('command'),
    cpu: inputs.get('cpu'),
    memory: inputs.get('memory'),
    taskRoleArn: inputs.get('task-role-arn'),
    executionRoleArn: inputs.get('execution-role-arn'),
    tags: inputs.get('tags')
  }
  checkContainerSelection(settings, new Set(settings.containerNames ?? []))
  // Members left out rather than set to undefined, so the result prints and compares cleanly.
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))
}

/** The render inputs as the workflow wrote them; blank or absent means not given. */
export interface RawRenderInputs {
  readonly containerName?: string
  readonly image?: string
  readonly images?: string
  readonly environmentVariables?: string
  readonly environmentMode?: string
  readonly secrets?: string
  readonly envFiles?: string
  readonly logDriver?: string
  readonly logOptions?: string
  readonly dockerLabels?: string
  readonly command?: string
  readonly cpu?: string
  readonly memory?: string
  readonly taskRoleArn?: string
  readonly executionRoleArn?: string
  readonly tags?: string
}

const RAW_MEMBERS: { readonly [N in RenderInputName]: keyof RawRenderInputs } = {
  'container-name': 'containerName',
  image: 'image',
  images: 'images',
  'environment-variables': 'environmentVariables',
  'environment-mode': 'environmentMode',
  secrets: 'secrets',
  'env-files': 'envFiles',
  'log-configuration-log-driver': 'logDriver',
  'log-configuration-options': 'logOptions',
  'docker-labels': 'dockerLabels',
  command: 'command',
  cpu: 'cpu',
  memory: 'memory',
  'task-role-arn': 'taskRoleArn',
  'execution-role-arn': 'executionRoleArn',
  tags: 'tags'
}

/**
 * The render inputs parsed from raw strings, as the action parses them, for callers that hold the
 * strings rather than the inputs (the task definition corpus).
 */
export function parseRenderInputs(raw: RawRenderInputs): RenderSettings {
  const parsers = Object.entries(RENDER_INPUT_PARSERS).map(([name, parse]) => ({ name, parse }))
  return readRenderSettings(
    inputReader({
      parsers,
      getInput: (name) => raw[RAW_MEMBERS[name as RenderInputName]] ?? ''
    })
  )
}
