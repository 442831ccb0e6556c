/**
 * What `npm run docs` writes: docs/inputs.md (every input, by feature), docs/outputs.md, the
 * README's short lists of inputs and outputs, and the inputs block of `.env.example`. Inputs come
 * from the input table (src/settings/table.ts), with action.yml's descriptions, so neither can
 * drift from the docs. Pure: the CLI in docs.ts reads and writes the files and hands over Prettier.
 * No Markdown tables: Prettier pads them into lines hundreds of characters wide.
 */
import { INPUT_GROUPS } from '../src/settings/groups.js'
import { INPUT_TABLE } from '../src/settings/table.js'
import { parseActionMetadata, type InputSpec, type OutputSpec } from './action-metadata.js'
import { codeSpan, escapeInline, firstSentence, headingAnchor, paragraphs } from './markdown.js'

// local-run.ts reads the inputs' defaults through here.
export {
  parseActionMetadata,
  type ActionMetadata,
  type InputSpec,
  type OutputSpec
} from './action-metadata.js'

/** What the docs need of a row of the input table. */
export interface TableRow {
  readonly name: string
  readonly group: string
  readonly default?: string
  readonly required?: boolean
  readonly common?: boolean
}

export interface InputTable {
  readonly rows: readonly TableRow[]
  /** In the order the docs show them. */
  readonly groups: Readonly<Record<string, { readonly title: string; readonly intro: string }>>
}

export const ACTION_INPUTS: InputTable = { rows: INPUT_TABLE, groups: INPUT_GROUPS }

/** The outputs the README lists; docs/outputs.md has them all. */
export const KEY_OUTPUTS = [
  'verdict',
  'reason',
  'task-definition-arn',
  'deployment-id',
  'previous-task-definition-arn',
  'diff',
  'services'
] as const

/** The files `npm run docs` writes, relative to the repository root. */
export const DOC_FILES = {
  readme: 'README.md',
  envExample: '.env.example',
  inputsDoc: 'docs/inputs.md',
  outputsDoc: 'docs/outputs.md'
} as const

export type DocFiles = { -readonly [K in keyof typeof DOC_FILES]: string } & { actionYml: string }
export type RenderedDocs = { -readonly [K in keyof typeof DOC_FILES]: string }

/** One generated region of a file, between `start` and `end` marker lines. */
export interface Block {
  /** What the drift message calls it, e.g. "the list of inputs". */
  label: string
  start: string
  end: string
}

export const README_BLOCKS = {
  inputs: {
    label: 'the list of common inputs',
    start: '<!-- inputs:start -->',
    end: '<!-- inputs:end -->'
  },
  outputs: {
    label: 'the list of key outputs',
    start: '<!-- outputs:start -->',
    end: '<!-- outputs:end -->'
  }
} as const satisfies Record<string, Block>

export const ENV_BLOCK = {
  label: 'the list of inputs',
  start: '# inputs:start',
  end: '# inputs:end'
} as const satisfies Block

const SOURCES = 'src/settings/table.ts and action.yml'
const INPUTS_NOTE = `<!-- Generated from ${SOURCES} by \`npm run docs\`; edit those instead. -->`
const OUTPUTS_NOTE =
  '<!-- Generated from action.yml by `npm run docs`; edit action.yml instead. -->'

export interface DocumentedInput extends TableRow {
  readonly description: string
}

export interface DocumentedGroup {
  readonly title: string
  readonly intro: string
  readonly inputs: readonly DocumentedInput[]
}

/** The table's rows by group, with descriptions; throws where the table and action.yml differ. */
export function documentInputs(
  table: InputTable,
  declared: readonly InputSpec[]
): DocumentedGroup[] {
  const descriptions = new Map(declared.map((input) => [input.name, input.description]))
  const problems = [
    ...declared
      .filter((input) => !table.rows.some((row) => row.name === input.name))
      .map((input) => `action.yml declares "${input.name}", which the input table lacks`),
    ...table.rows
      .filter((row) => !descriptions.has(row.name))
      .map((row) => `the input table has "${row.name}", which action.yml does not declare`),
    ...table.rows
      .filter((row) => !(row.group in table.groups))
      .map((row) => `"${row.name}" is in the group "${row.group}", which has no title`)
  ]
  if (problems.length > 0) {
    throw new Error(
      `The input table (src/settings/table.ts) and action.yml differ: ${problems.join('; ')}.`
    )
  }
  return Object.entries(table.groups).map(([id, group]) => ({
    ...group,
    inputs: table.rows
      .filter((row) => row.group === id)
      .map((row) => ({ ...row, description: descriptions.get(row.name) ?? '' }))
  }))
}

function facts(input: DocumentedInput): string {
  if (input.required === true) return 'Required.'
  return input.default === undefined || input.default === ''
    ? 'Optional.'
    : `Optional; default ${codeSpan(input.default)}.`
}

/** Headings must have distinct anchors, or links to the later one land on the earlier. */
function checkAnchors(file: string, headings: readonly string[]): void {
  const seen = new Set<string>()
  for (const heading of headings) {
    const anchor = headingAnchor(heading)
    if (seen.has(anchor)) {
      throw new Error(
        `${file}: two headings have the anchor #${anchor}; give them different titles`
      )
    }
    seen.add(anchor)
  }
}

export function renderInputsDoc(groups: readonly DocumentedGroup[]): string {
  checkAnchors(DOC_FILES.inputsDoc, [
    ...groups.map((group) => group.title),
    ...groups.flatMap((group) => group.inputs.map((input) => input.name))
  ])
  const sections = groups.map((group) =>
    [
      `## ${group.title}`,
      group.intro,
      ...group.inputs.map((input) =>
        [`### ${codeSpan(input.name)}`, paragraphs(input.description), facts(input)].join('\n\n')
      )
    ].join('\n\n')
  )
  return [
    '# Inputs',
    INPUTS_NOTE,
    'Every input of ECS Rollout, by the feature it belongs to. The [README](../README.md#inputs) lists the few that most workflows set.',
    groups.map((group) => `- [${group.title}](#${headingAnchor(group.title)})`).join('\n'),
    ...sections
  ].join('\n\n')
}

export function renderOutputsDoc(outputs: readonly OutputSpec[]): string {
  checkAnchors(
    DOC_FILES.outputsDoc,
    outputs.map((output) => output.name)
  )
  return [
    '# Outputs',
    OUTPUTS_NOTE,
    'What ECS Rollout sets for the steps after it, as `steps.<id>.outputs.<name>`. The [README](../README.md#outputs) lists the ones most workflows read.',
    ...outputs.map((output) => `## ${codeSpan(output.name)}\n\n${paragraphs(output.description)}`)
  ].join('\n\n')
}

/** A README list item: the name, linked to its entry, and its description's first sentence. */
function summary(
  doc: string,
  item: { name: string; description: string; default?: string | undefined }
): string {
  const fallback =
    item.default === undefined || item.default === '' ? '' : ` (default ${codeSpan(item.default)})`
  const link = `[${codeSpan(item.name)}](${doc}#${headingAnchor(item.name)})`
  return `- ${link}${fallback}: ${escapeInline(firstSentence(item.description))}`
}

export function renderReadmeInputs(groups: readonly DocumentedGroup[]): string {
  const inputs = groups.flatMap((group) => group.inputs)
  return [
    INPUTS_NOTE,
    'The inputs most workflows set:',
    inputs
      .filter((input) => input.common === true)
      .map((input) => summary(DOC_FILES.inputsDoc, input))
      .join('\n'),
    `All ${inputs.length} inputs, by feature, with their defaults: [${DOC_FILES.inputsDoc}](${DOC_FILES.inputsDoc}).`
  ].join('\n\n')
}

export function renderReadmeOutputs(outputs: readonly OutputSpec[]): string {
  const key = KEY_OUTPUTS.map((name) => {
    const output = outputs.find((candidate) => candidate.name === name)
    if (output === undefined)
      throw new Error(`KEY_OUTPUTS names "${name}", which action.yml does not declare`)
    return output
  })
  return [
    OUTPUTS_NOTE,
    'The outputs most workflows read:',
    key.map((output) => summary(DOC_FILES.outputsDoc, output)).join('\n'),
    `All ${outputs.length} outputs: [${DOC_FILES.outputsDoc}](${DOC_FILES.outputsDoc}).`
  ].join('\n\n')
}

/** The variable the runner sets for an input (as @actions/core reads it: spaces become `_`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** As wide as the hand-written section lines above the block. */
const ENV_HEADING_WIDTH = 95
const ENV_TEXT_WIDTH = 96

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

/** Every input by group: a commented-out `INPUT_*=default` line under its wrapped description. */
export function renderEnvInputs(groups: readonly DocumentedGroup[]): string {
  return groups
    .map((group) => {
      const heading = `# --- ${group.title} `.padEnd(ENV_HEADING_WIDTH, '-')
      const inputs = group.inputs.map((input) => {
        const about = wrap(`${input.name}: ${input.description}`, ENV_TEXT_WIDTH).map(
          (line) => `# ${line}`
        )
        return [...about, `# ${inputVariable(input.name)}=${input.default ?? ''}`].join('\n')
      })
      return [heading, ...inputs].join('\n\n')
    })
    .join('\n\n')
}

/** Replaces what lies between a block's markers; throws when the markers are not there once. */
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

/** Every file as `npm run docs` writes it, Markdown formatted as `npm run lint` checks it. */
export async function renderDocs(options: {
  files: DocFiles
  format: Format
  /** Default: the action's own input table. */
  table?: InputTable
}): Promise<RenderedDocs> {
  const { files, format } = options
  const metadata = parseActionMetadata(files.actionYml)
  const groups = documentInputs(options.table ?? ACTION_INPUTS, metadata.inputs)
  let readme = replaceBlock(files.readme, README_BLOCKS.inputs, renderReadmeInputs(groups))
  readme = replaceBlock(readme, README_BLOCKS.outputs, renderReadmeOutputs(metadata.outputs))
  const envExample = replaceBlock(
    files.envExample,
    ENV_BLOCK,
    `# Generated from ${SOURCES} by \`npm run docs\`.\n\n${renderEnvInputs(groups)}`
  )
  return {
    readme: await format(readme),
    envExample,
    inputsDoc: await format(renderInputsDoc(groups)),
    outputsDoc: await format(renderOutputsDoc(metadata.outputs))
  }
}

export interface Drift {
  file: (typeof DOC_FILES)[keyof typeof DOC_FILES]
  label: string
}

/** Which generated files and blocks differ from what `npm run docs` would write (empty: none). */
export async function findDrift(options: {
  files: DocFiles
  format: Format
  table?: InputTable
}): Promise<Drift[]> {
  const { files } = options
  const fresh = await renderDocs(options)
  const drift: Drift[] = []
  for (const block of Object.values(README_BLOCKS)) {
    if (blockContent(files.readme, block) !== blockContent(fresh.readme, block)) {
      drift.push({ file: DOC_FILES.readme, label: block.label })
    }
  }
  if (blockContent(files.envExample, ENV_BLOCK) !== blockContent(fresh.envExample, ENV_BLOCK)) {
    drift.push({ file: DOC_FILES.envExample, label: ENV_BLOCK.label })
  }
  if (files.inputsDoc !== fresh.inputsDoc) {
    drift.push({ file: DOC_FILES.inputsDoc, label: 'the inputs by feature' })
  }
  if (files.outputsDoc !== fresh.outputsDoc) {
    drift.push({ file: DOC_FILES.outputsDoc, label: 'the outputs' })
  }
  return drift
}

export function driftMessage(drift: readonly Drift[]): string {
  return [
    ...drift.map(
      (item) => `${item.file}: ${item.label} does not match the input table and action.yml.`
    ),
    'Run `npm run docs` to regenerate it, and commit the result.'
  ].join('\n')
}
