import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

import {
  ENV_BLOCK,
  README_BLOCKS,
  blockContent,
  codeSpan,
  driftMessage,
  findDrift,
  parseActionMetadata,
  renderDocs,
  renderEnvInputs,
  renderInputsTable,
  renderOutputsTable,
  replaceBlock,
  tableCell,
  type DocFiles,
  type Format
} from '../../scripts/docs-tables.js'

const root = (name: string): string => fileURLToPath(new URL(`../../${name}`, import.meta.url))
const README = root('README.md')
const prettierMarkdown: Format = async (markdown) =>
  format(markdown, { ...(await resolveConfig(README)), filepath: README })
const identity: Format = (markdown) => Promise.resolve(markdown)

/** The cells of a Markdown table row, split at pipes that are not escaped. */
const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())

const ACTION = `name: Fixture
description: For the docs tests.
inputs:
  service:
    description: The service.
    required: true
  wait-for-minutes:
    description: >-
      How long to wait,
      in minutes.
    default: 30
  cluster:
    description: Cluster | name
    required: 'true'
    default: default
  mode:
    description: |
      First paragraph
      goes on here.

      Second paragraph:
      - a \`|\` item
      - b item
outputs:
  verdict:
    description: The verdict, e.g. \`rolled-back\`.
`

describe('tableCell', () => {
  it('joins the lines of a paragraph with spaces, as a folded scalar does', () => {
    expect(tableCell('One line\nand the next.\n')).toBe('One line and the next.')
  })

  it('marks a paragraph break with <br><br> and starts list items on their own line', () => {
    expect(tableCell('First.\n\nSecond:\n- a\n- b\n')).toBe('First.<br><br>Second:<br>- a<br>- b')
  })

  it('escapes pipes in prose and in inline code, so a cell never splits', () => {
    const cell = tableCell('a | b, `x | y`, and `` `|` ``')
    expect(cell).toBe('a \\| b, `x \\| y`, and `` `\\|` ``')
    expect(cells(`| ${cell} |`)).toHaveLength(1)
  })

  it('shows HTML-looking text as typed and keeps inline code verbatim', () => {
    expect(tableCell('default AppECS-<cluster>, `<b>` & more')).toBe(
      'default AppECS-&lt;cluster&gt;, `<b>` &amp; more'
    )
  })

  it('escapes emphasis and backslashes outside code only', () => {
    expect(tableCell('instead of *** or \\n, `a*b\\c`')).toBe(
      'instead of \\*\\*\\* or \\\\n, `a*b\\c`'
    )
  })

  it('leaves an unclosed backtick as prose', () => {
    expect(tableCell('a ` b | c')).toBe('a ` b \\| c')
  })
})

describe('codeSpan', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('plain')).toBe('`plain`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`x`')).toBe('`` `x` ``')
    expect(codeSpan('a|b')).toBe('`a\\|b`')
  })
})

describe('parseActionMetadata', () => {
  it('reads inputs and outputs in file order, with required and defaults as strings', () => {
    const metadata = parseActionMetadata(ACTION)
    expect(metadata.inputs.map((input) => input.name)).toEqual([
      'service',
      'wait-for-minutes',
      'cluster',
      'mode'
    ])
    expect(metadata.inputs[0]).toEqual({
      name: 'service',
      description: 'The service.',
      required: true
    })
    expect(metadata.inputs[1]).toMatchObject({ required: false, default: '30' })
    expect(metadata.inputs[2]).toMatchObject({ required: true, default: 'default' })
    expect(metadata.outputs).toEqual([
      { name: 'verdict', description: 'The verdict, e.g. `rolled-back`.' }
    ])
  })

  it('refuses inputs that are not a mapping', () => {
    expect(() => parseActionMetadata('inputs: [a, b]\n')).toThrow('inputs must be a mapping')
  })
})

describe('the tables', () => {
  const metadata = parseActionMetadata(ACTION)

  it('renders one row per input: name, required, default, description', () => {
    const rows = renderInputsTable(metadata.inputs).split('\n')
    expect(rows[0]).toBe('| input | required | default | description |')
    expect(rows.slice(2).map(cells)).toEqual([
      ['`service`', 'yes', '', 'The service.'],
      ['`wait-for-minutes`', 'no', '`30`', 'How long to wait, in minutes.'],
      ['`cluster`', 'yes', '`default`', 'Cluster \\| name'],
      [
        '`mode`',
        'no',
        '',
        'First paragraph goes on here.<br><br>Second paragraph:<br>- a `\\|` item<br>- b item'
      ]
    ])
  })

  it('renders one row per output', () => {
    expect(renderOutputsTable(metadata.outputs)).toBe(
      '| output | description |\n| --- | --- |\n| `verdict` | The verdict, e.g. `rolled-back`. |'
    )
  })

  it('lists every input for .env.example, commented out with its default', () => {
    const env = renderEnvInputs(metadata.inputs)
    expect(env).toContain('# service: The service.\n# INPUT_SERVICE=\n')
    expect(env).toContain('# INPUT_WAIT-FOR-MINUTES=30')
    expect(env.split('\n').every((line) => line === '' || line.startsWith('# '))).toBe(true)
  })
})

describe('replaceBlock', () => {
  const block = README_BLOCKS.inputs

  it('replaces only what lies between the markers', () => {
    const document = `intro\n${block.start}\nold\n${block.end}\noutro\n`
    expect(replaceBlock(document, block, 'new')).toBe(
      `intro\n${block.start}\n\nnew\n\n${block.end}\noutro\n`
    )
  })

  it('names the block when its markers are missing or repeated', () => {
    expect(() => replaceBlock('no markers', block, 'x')).toThrow('the inputs table')
    expect(() =>
      replaceBlock(`${block.start}${block.end}${block.start}${block.end}`, block, 'x')
    ).toThrow('exactly one')
  })
})

describe('drift', () => {
  const files: DocFiles = {
    actionYml: readFileSync(root('action.yml'), 'utf8'),
    readme: readFileSync(README, 'utf8'),
    envExample: readFileSync(root('.env.example'), 'utf8')
  }

  it('the committed README and .env.example match action.yml (else run `npm run docs`)', async () => {
    expect(await findDrift(files, prettierMarkdown)).toEqual([])
  })

  it('notices a new input, a new output and an edited table, naming each', async () => {
    const changedYml = files.actionYml
      .replace(/^inputs:\n/m, 'inputs:\n  extra:\n    description: A new input.\n')
      .replace(/^outputs:\n/m, 'outputs:\n  extra:\n    description: A new output.\n')
    expect(await findDrift({ ...files, actionYml: changedYml }, prettierMarkdown)).toEqual([
      { file: 'README.md', label: 'the inputs table' },
      { file: 'README.md', label: 'the outputs table' },
      { file: '.env.example', label: 'the list of inputs' }
    ])

    const table = blockContent(files.readme, README_BLOCKS.inputs) ?? ''
    const lastRow = table.slice(table.lastIndexOf('\n| `'))
    expect(lastRow).toMatch(/^\n\| `/)
    const editedReadme = files.readme.replace(table, table.replace(lastRow, ''))
    const drift = await findDrift({ ...files, readme: editedReadme }, prettierMarkdown)
    expect(drift).toEqual([{ file: 'README.md', label: 'the inputs table' }])
    expect(driftMessage(drift)).toBe(
      'README.md: the inputs table does not match action.yml (inputs and outputs).\n' +
        'Run `npm run docs` to regenerate it, and commit the result.'
    )
  })

  it('renders the README blocks it finds and leaves the rest of the file alone', async () => {
    const readme = `# Title\n\nprose\n\n${README_BLOCKS.inputs.start}\n${README_BLOCKS.inputs.end}\n\nmore\n\n${README_BLOCKS.outputs.start}\n${README_BLOCKS.outputs.end}\n`
    const envExample = `A=1\n${ENV_BLOCK.start}\n${ENV_BLOCK.end}\n`
    const fresh = await renderDocs({ actionYml: ACTION, readme, envExample }, identity)
    expect(fresh.readme.startsWith('# Title\n\nprose\n\n<!-- inputs:start -->\n')).toBe(true)
    expect(blockContent(fresh.readme, README_BLOCKS.outputs)).toContain('| `verdict` |')
    expect(fresh.envExample.startsWith('A=1\n# inputs:start\n')).toBe(true)
    expect(blockContent(fresh.envExample, ENV_BLOCK)).toContain('# INPUT_CLUSTER=default')
  })
})
