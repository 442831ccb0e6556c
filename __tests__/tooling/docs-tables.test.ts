import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

import { parseActionMetadata } from '../../scripts/action-metadata.js'
import {
  DOC_FILES,
  ENV_BLOCK,
  README_BLOCKS,
  blockContent,
  documentInputs,
  driftMessage,
  findDrift,
  renderDocs,
  renderEnvInputs,
  renderInputsDoc,
  renderOutputsDoc,
  renderReadmeInputs,
  renderReadmeOutputs,
  replaceBlock,
  type DocFiles,
  type Format,
  type InputTable
} from '../../scripts/docs-tables.js'
import {
  codeSpan,
  escapeInline,
  firstSentence,
  headingAnchor,
  paragraphs
} from '../../scripts/markdown.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const root = (name: string): string => join(ROOT, name)
const README = root('README.md')
const prettierMarkdown: Format = async (markdown) =>
  format(markdown, { ...(await resolveConfig(README)), filepath: README })
const identity: Format = (markdown) => Promise.resolve(markdown)

const ACTION = `name: Fixture
description: For the docs tests.
inputs:
  service:
    description: The service. Several are fine.
    required: true
  wait-for-minutes:
    description: >-
      How long to wait,
      in minutes.
    default: 30
  cluster:
    description: Cluster <name>, e.g. prod.
    default: default
  mode:
    description: |
      First paragraph
      goes on here.

      Second paragraph:
      - a \`*\` item
      - b item
outputs:
  verdict:
    description: The verdict, e.g. \`rolled-back\`. Read it.
  reason:
    description: Why.
`

const TABLE: InputTable = {
  rows: [
    { name: 'service', group: 'where', required: true, common: true },
    { name: 'cluster', group: 'where', default: 'default', common: true },
    { name: 'wait-for-minutes', group: 'watch', default: '30' },
    { name: 'mode', group: 'watch' }
  ],
  groups: {
    where: { title: 'Where to deploy', intro: 'The `service` and its cluster.' },
    watch: { title: 'Watching', intro: 'How long.' }
  }
}

const metadata = parseActionMetadata(ACTION)
const groups = documentInputs(TABLE, metadata.inputs)

describe('markdown', () => {
  it('joins the lines of a paragraph with spaces, as a folded scalar does', () => {
    expect(paragraphs('One line\nand the next.\n')).toBe('One line and the next.')
  })

  it('keeps paragraph breaks and starts list items on their own line', () => {
    expect(paragraphs('First.\n\nSecond:\n- a\n* b\n')).toBe('First.\n\nSecond:\n- a\n- b')
  })

  it('shows HTML-looking text, emphasis and backslashes as typed, and code as it is', () => {
    expect(escapeInline('AppECS-<cluster> & *** or \\n, `<b>*\\`')).toBe(
      'AppECS-&lt;cluster&gt; &amp; \\*\\*\\* or \\\\n, `<b>*\\`'
    )
    expect(escapeInline('a ` b * c')).toBe('a ` b \\* c')
  })

  it('fences a code span longer than any backtick run inside', () => {
    expect(codeSpan('plain')).toBe('`plain`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`x`')).toBe('`` `x` ``')
  })

  it('takes the first sentence, never cutting at e.g. or i.e.', () => {
    expect(firstSentence('One. Two.')).toBe('One.')
    expect(firstSentence('Use it, e.g. `x`. More.')).toBe('Use it, e.g. `x`.')
    expect(firstSentence('Say e.g. This, i.e. That. Then.')).toBe('Say e.g. This, i.e. That.')
    expect(firstSentence('no capital. after')).toBe('no capital. after')
  })

  it('gives the anchors GitHub gives headings', () => {
    expect(headingAnchor('CodeDeploy blue/green')).toBe('codedeploy-bluegreen')
    expect(headingAnchor('`run-task-assign-public-IP`')).toBe('run-task-assign-public-ip')
  })
})

describe('parseActionMetadata', () => {
  it('reads inputs and outputs in file order, with required and defaults as strings', () => {
    expect(metadata.inputs.map((input) => input.name)).toEqual([
      'service',
      'wait-for-minutes',
      'cluster',
      'mode'
    ])
    expect(metadata.inputs[0]).toEqual({
      name: 'service',
      description: 'The service. Several are fine.',
      required: true
    })
    expect(metadata.inputs[1]).toMatchObject({ required: false, default: '30' })
    expect(metadata.outputs.map((output) => output.name)).toEqual(['verdict', 'reason'])
  })

  it('refuses inputs that are not a mapping', () => {
    expect(() => parseActionMetadata('inputs: [a, b]\n')).toThrow('inputs must be a mapping')
  })
})

describe('documentInputs', () => {
  it('groups the rows as the table orders them, with action.yml descriptions', () => {
    expect(groups.map((group) => [group.title, group.inputs.map((input) => input.name)])).toEqual([
      ['Where to deploy', ['service', 'cluster']],
      ['Watching', ['wait-for-minutes', 'mode']]
    ])
    expect(groups[0]?.inputs[1]?.description).toBe('Cluster <name>, e.g. prod.')
  })

  it('names every input the table and action.yml disagree on, and a group without a title', () => {
    const table: InputTable = {
      ...TABLE,
      rows: [
        ...TABLE.rows.filter((row) => row.name !== 'mode'),
        { name: 'extra', group: 'watch' },
        { name: 'stray', group: 'nowhere' }
      ]
    }
    expect(() => documentInputs(table, metadata.inputs)).toThrow(
      'The input table (src/settings/table.ts) and action.yml differ: action.yml declares "mode", which the input table lacks; the input table has "extra", which action.yml does not declare; the input table has "stray", which action.yml does not declare; "stray" is in the group "nowhere", which has no title.'
    )
  })
})

describe('docs/inputs.md', () => {
  const doc = renderInputsDoc(groups)

  it('has a section per group, with its intro, and each input with its facts', () => {
    expect(doc).toContain('- [Where to deploy](#where-to-deploy)\n- [Watching](#watching)')
    expect(doc).toContain(
      '## Where to deploy\n\nThe `service` and its cluster.\n\n### `service`\n\nThe service. Several are fine.\n\nRequired.'
    )
    expect(doc).toContain(
      '### `cluster`\n\nCluster &lt;name&gt;, e.g. prod.\n\nOptional; default `default`.'
    )
    expect(doc).toContain(
      '### `mode`\n\nFirst paragraph goes on here.\n\nSecond paragraph:\n- a `*` item\n- b item\n\nOptional.'
    )
  })

  it('refuses two headings with one anchor', () => {
    const clash = documentInputs(
      { ...TABLE, groups: { ...TABLE.groups, where: { title: 'Service', intro: '.' } } },
      metadata.inputs
    )
    expect(() => renderInputsDoc(clash)).toThrow(
      'docs/inputs.md: two headings have the anchor #service'
    )
  })
})

describe('the README lists', () => {
  it('lists only the common inputs: linked, with their default and first sentence', () => {
    expect(renderReadmeInputs(groups).split('\n\n').slice(1)).toEqual([
      'The inputs most workflows set:',
      '- [`service`](docs/inputs.md#service): The service.\n' +
        '- [`cluster`](docs/inputs.md#cluster) (default `default`): Cluster &lt;name&gt;, e.g. prod.',
      'All 4 inputs, by feature, with their defaults: [docs/inputs.md](docs/inputs.md).'
    ])
  })

  it('lists the key outputs and refuses one action.yml lacks', () => {
    const outputs = [
      ...metadata.outputs,
      ...['task-definition-arn', 'deployment-id', 'previous-task-definition-arn', 'diff'].map(
        (name) => ({ name, description: `The ${name}.` })
      )
    ]
    expect(() => renderReadmeOutputs(outputs)).toThrow(
      'KEY_OUTPUTS names "services", which action.yml does not declare'
    )
    const list = renderReadmeOutputs([...outputs, { name: 'services', description: 'All.' }])
    expect(list).toContain(
      '- [`verdict`](docs/outputs.md#verdict): The verdict, e.g. `rolled-back`.\n'
    )
    expect(list).toContain('All 7 outputs: [docs/outputs.md](docs/outputs.md).')
  })

  it('writes docs/outputs.md with a section per output', () => {
    expect(renderOutputsDoc(metadata.outputs)).toContain(
      '## `verdict`\n\nThe verdict, e.g. `rolled-back`. Read it.\n\n## `reason`\n\nWhy.'
    )
  })
})

describe('.env.example', () => {
  const env = renderEnvInputs(groups)

  it('lists every input by group, commented out with its default', () => {
    expect(env.startsWith(`# --- Where to deploy ${'-'.repeat(73)}\n\n`)).toBe(true)
    expect(env).toContain('# service: The service. Several are fine.\n# INPUT_SERVICE=\n')
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
    expect(() => replaceBlock('no markers', block, 'x')).toThrow('the list of common inputs')
    expect(() =>
      replaceBlock(`${block.start}${block.end}${block.start}${block.end}`, block, 'x')
    ).toThrow('exactly one')
  })
})

describe('drift', () => {
  const files: DocFiles = {
    actionYml: readFileSync(root('action.yml'), 'utf8'),
    readme: readFileSync(README, 'utf8'),
    envExample: readFileSync(root(DOC_FILES.envExample), 'utf8'),
    inputsDoc: readFileSync(root(DOC_FILES.inputsDoc), 'utf8'),
    outputsDoc: readFileSync(root(DOC_FILES.outputsDoc), 'utf8')
  }
  const drift = (changed: Partial<DocFiles>) =>
    findDrift({ files: { ...files, ...changed }, format: prettierMarkdown })

  it('the committed docs match the input table and action.yml (else run `npm run docs`)', async () => {
    expect(await drift({})).toEqual([])
  })

  it('notices a changed description and a new output, naming each place', async () => {
    const actionYml = files.actionYml
      .replace(
        'description: Name or ARN of the cluster the service runs in.',
        'description: The cluster.'
      )
      .replace(/^outputs:\n/m, 'outputs:\n  extra:\n    description: A new output.\n')
    expect(await drift({ actionYml })).toEqual([
      { file: 'README.md', label: 'the list of common inputs' },
      { file: 'README.md', label: 'the list of key outputs' },
      { file: '.env.example', label: 'the list of inputs' },
      { file: 'docs/inputs.md', label: 'the inputs by feature' },
      { file: 'docs/outputs.md', label: 'the outputs' }
    ])
  })

  it('notices a hand-edited file, and says how to fix it', async () => {
    const found = await drift({ inputsDoc: files.inputsDoc.replace('Optional.', 'Maybe.') })
    expect(found).toEqual([{ file: 'docs/inputs.md', label: 'the inputs by feature' }])
    expect(driftMessage(found)).toBe(
      'docs/inputs.md: the inputs by feature does not match the input table and action.yml.\n' +
        'Run `npm run docs` to regenerate it, and commit the result.'
    )
  })

  it('fails, naming it, on an input action.yml declares and the table lacks', async () => {
    const actionYml = files.actionYml.replace(
      /^inputs:\n/m,
      'inputs:\n  extra:\n    description: A new input.\n'
    )
    await expect(drift({ actionYml })).rejects.toThrow(
      'action.yml declares "extra", which the input table lacks'
    )
  })

  it('renders the blocks it finds and leaves the rest of the files alone', async () => {
    const readme = `# Title\n\nprose\n\n${README_BLOCKS.inputs.start}\n${README_BLOCKS.inputs.end}\n\nmore\n\n${README_BLOCKS.outputs.start}\n${README_BLOCKS.outputs.end}\n`
    const envExample = `A=1\n${ENV_BLOCK.start}\n${ENV_BLOCK.end}\n`
    const outputs = ['task-definition-arn', 'deployment-id', 'previous-task-definition-arn']
      .concat(['diff', 'services'])
      .map((name) => `  ${name}:\n    description: The ${name}.\n`)
      .join('')
    const fresh = await renderDocs({
      files: {
        actionYml: `${ACTION}${outputs}`,
        readme,
        envExample,
        inputsDoc: '',
        outputsDoc: ''
      },
      format: identity,
      table: TABLE
    })
    expect(fresh.readme.startsWith('# Title\n\nprose\n\n<!-- inputs:start -->\n')).toBe(true)
    expect(fresh.readme).toContain('\n\nmore\n\n')
    expect(blockContent(fresh.readme, README_BLOCKS.outputs)).toContain('- [`verdict`]')
    expect(fresh.envExample.startsWith('A=1\n# inputs:start\n')).toBe(true)
    expect(blockContent(fresh.envExample, ENV_BLOCK)).toContain('# INPUT_CLUSTER=default')
    expect(fresh.inputsDoc.startsWith('# Inputs\n')).toBe(true)
    expect(fresh.outputsDoc.startsWith('# Outputs\n')).toBe(true)
  })
})

describe('links in the generated docs', () => {
  const generated = [
    ...Object.values(README_BLOCKS).map((block) => ({
      file: 'README.md',
      text: blockContent(readFileSync(README, 'utf8'), block) ?? ''
    })),
    ...[DOC_FILES.inputsDoc, DOC_FILES.outputsDoc].map((file) => ({
      file,
      text: readFileSync(root(file), 'utf8')
    }))
  ]
  const anchorsOf = (file: string): Set<string> =>
    new Set(
      [...readFileSync(root(file), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((heading) =>
        headingAnchor(heading[1] ?? '')
      )
    )

  it.each(generated.map((doc) => [doc.file, doc] as const))(
    '%s links only to files and headings in the repository',
    (_file, doc) => {
      const links = [...doc.text.matchAll(/\]\(([^)]+)\)/g)].map((link) => link[1] ?? '')
      expect(links.length).toBeGreaterThan(0)
      for (const link of links) {
        const [path = '', anchor] = link.split('#')
        const target = path === '' ? doc.file : relative(ROOT, join(dirname(root(doc.file)), path))
        expect([link, /^[a-z]+:/i.test(link)]).toEqual([link, false])
        expect([link, existsSync(root(target))]).toEqual([link, true])
        if (anchor !== undefined)
          expect([link, anchorsOf(target).has(anchor)]).toEqual([link, true])
      }
    }
  )
})
