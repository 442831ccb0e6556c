/**
 * The README's inputs and outputs tables, and the inputs block of `.env.example`, rendered from
 * action.yml, so the documentation cannot drift from what the action declares. Pure: the CLI in
 * docs.ts reads and writes the files and hands over Prettier.
 */
import { parse } from 'yaml'

export interface InputSpec {
  name: string
  description: string
  required: boolean
  default?: string
}

export interface OutputSpec {
  name: string
  description: string
}

export interface ActionMetadata {
  inputs: InputSpec[]
  outputs: OutputSpec[]
}

/** One generated region of a file, between `start` and `end` marker lines. */
export interface Block {
  /** What the drift message calls it, e.g. "the inputs table". */
  label: string
  start: string
  end: string
}

export const README_BLOCKS = {
  inputs: { label: 'the inputs table', start: '<!-- inputs:start -->', end: '<!-- inputs:end -->' },
  outputs: {
    label: 'the outputs table',
    start: '<!-- outputs:start -->',
    end: '<!-- outputs:end -->'
  }
} as const satisfies Record<string, Block>

export const ENV_BLOCK = {
  label: 'the list of inputs',
  start: '# inputs:start',
  end: '# inputs:end'
} as const satisfies Block

const GENERATED_NOTE =
  '<!-- Generated from action.yml by `npm run docs`; edit action.yml instead. -->'

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`action.yml: ${where} must be a mapping`)
  }
  return value as Record<string, unknown>
}

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`action.yml: expected a scalar, got ${JSON.stringify(value)}`)
}

/** Reads the inputs and outputs of action.yml, in the order the file declares them. */
export function parseActionMetadata(text: string): ActionMetadata {
  const root = record(parse(text), 'the document')
  const inputs = Object.entries(record(root.inputs, 'inputs')).map(([name, raw]) => {
    const spec = record(raw, `input ${name}`)
    const fallback = scalar(spec.default)
    return {
      name,
      description: scalar(spec.description) ?? '',
      required: spec.required === true || spec.required === 'true',
      ...(fallback !== undefined && { default: fallback })
    }
  })
  const outputs = Object.entries(record(root.outputs, 'outputs')).map(([name, raw]) => ({
    name,
    description: scalar(record(raw, `output ${name}`).description) ?? ''
  }))
  return { inputs, outputs }
}

/** `text` as a code span, with a fence longer than any run of backticks inside it. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  // A pipe ends a table cell even inside a code span; GFM drops the backslash when rendering.
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`
}

/** Prose for a table cell: HTML-looking text shown as typed, pipes and emphasis escaped. */
function escapeProse(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\*/g, '\\*')
}

/** Escapes prose and leaves `inline code` as it is (but for pipes, which would end the cell). */
function escapeInline(text: string): string {
  let out = ''
  let rest = text
  for (;;) {
    const open = /`+/.exec(rest)
    if (!open) break
    const close = rest.indexOf(open[0], open.index + open[0].length)
    if (close < 0) break
    out += escapeProse(rest.slice(0, open.index))
    out += rest.slice(open.index, close + open[0].length).replace(/\|/g, '\\|')
    rest = rest.slice(close + open[0].length)
  }
  return out + escapeProse(rest)
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/

/**
 * A description of any shape as one table cell: a blank line (a paragraph break) becomes
 * `<br><br>`, a list item starts on its own line, and any other line break is a space, as in a
 * folded YAML scalar.
 */
export function tableCell(description: string): string {
  const paragraphs = description
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => {
      let cell = ''
      for (const line of paragraph.split('\n')) {
        const text = escapeInline(line.trim())
        if (text === '') continue
        if (cell === '') cell = text
        else cell += LIST_ITEM.test(line) ? `<br>${text}` : ` ${text}`
      }
      return cell
    })
  return paragraphs.filter((paragraph) => paragraph !== '').join('<br><br>')
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export function renderInputsTable(inputs: readonly InputSpec[]): string {
  return table(
    ['input', 'required', 'default', 'description'],
    inputs.map((input) => [
      codeSpan(input.name),
      input.required ? 'yes' : 'no',
      input.default === undefined || input.default === '' ? '' : codeSpan(input.default),
      tableCell(input.description)
    ])
  )
}

export function renderOutputsTable(outputs: readonly OutputSpec[]): string {
  return table(
    ['output', 'description'],
    outputs.map((output) => [codeSpan(output.name), tableCell(output.description)])
  )
}

/** The variable the runner sets for an input (as @actions/core reads it: spaces become `_`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(line)
  return lines
}

/** Every input as a commented-out `INPUT_*=default` line under its wrapped description. */
export function renderEnvInputs(inputs: readonly InputSpec[]): string {
  return inputs
    .map((input) => {
      const about = wrap(`${input.name}: ${input.description}`, 96).map((line) => `# ${line}`)
      return [...about, `# ${inputVariable(input.name)}=${input.default ?? ''}`].join('\n')
    })
    .join('\n\n')
}

/** Replaces what lies between a block's marker lines; throws when the markers are not there once. */
export function replaceBlock(document: string, block: Block, content: string): string {
  const start = document.indexOf(block.start)
  const end = document.indexOf(block.end)
  if (start < 0 || end < 0 || end < start || document.indexOf(block.start, start + 1) >= 0) {
    throw new Error(
      `Expected exactly one "${block.start}" followed by "${block.end}" for ${block.label}.`
    )
  }
  return `${document.slice(0, start + block.start.length)}\n\n${content}\n\n${document.slice(end)}`
}

/** The text between a block's markers, trimmed; undefined when the markers are missing. */
export function blockContent(document: string, block: Block): string | undefined {
  const start = document.indexOf(block.start)
  const end = document.indexOf(block.end)
  if (start < 0 || end < start) return undefined
  return document.slice(start + block.start.length, end).trim()
}

export type Format = (markdown: string) => Promise<string>

export interface DocFiles {
  actionYml: string
  readme: string
  envExample: string
}

/** The README and .env.example as `npm run docs` writes them. */
export async function renderDocs(
  files: DocFiles,
  format: Format
): Promise<{ readme: string; envExample: string }> {
  const metadata = parseActionMetadata(files.actionYml)
  let readme = replaceBlock(
    files.readme,
    README_BLOCKS.inputs,
    `${GENERATED_NOTE}\n\n${renderInputsTable(metadata.inputs)}`
  )
  readme = replaceBlock(
    readme,
    README_BLOCKS.outputs,
    `${GENERATED_NOTE}\n\n${renderOutputsTable(metadata.outputs)}`
  )
  const envExample = replaceBlock(
    files.envExample,
    ENV_BLOCK,
    `# Generated from action.yml by \`npm run docs\`.\n\n${renderEnvInputs(metadata.inputs)}`
  )
  return { readme: await format(readme), envExample }
}

export interface Drift {
  file: 'README.md' | '.env.example'
  label: string
}

/** Which generated blocks differ from what `npm run docs` would write (empty: none). */
export async function findDrift(files: DocFiles, format: Format): Promise<Drift[]> {
  const fresh = await renderDocs(files, format)
  const drift: Drift[] = []
  for (const block of Object.values(README_BLOCKS)) {
    if (blockContent(files.readme, block) !== blockContent(fresh.readme, block)) {
      drift.push({ file: 'README.md', label: block.label })
    }
  }
  if (blockContent(files.envExample, ENV_BLOCK) !== blockContent(fresh.envExample, ENV_BLOCK)) {
    drift.push({ file: '.env.example', label: ENV_BLOCK.label })
  }
  return drift
}

export function driftMessage(drift: readonly Drift[]): string {
  return [
    ...drift.map(
      (item) => `${item.file}: ${item.label} does not match action.yml (inputs and outputs).`
    ),
    'Run `npm run docs` to regenerate it, and commit the result.'
  ].join('\n')
}
