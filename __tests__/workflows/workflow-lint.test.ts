import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  filesToLint,
  formatProblem,
  lintFile,
  lintRepository,
  pinningProblem
} from '../../scripts/workflow-lint.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1'

const ACTION = `name: Fixture
description: An action for the validator's tests.
inputs:
  service:
    description: The service to deploy.
    required: true
  cluster:
    description: The cluster, with a default.
    required: true
    default: default
outputs:
  verdict:
    description: The verdict.
runs:
  using: node24
  main: dist/index.js
`

const workflow = (steps: string): string => `name: Fixture
on: [push]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
${steps}`

const VALID = workflow(`      - uses: ${CHECKOUT}
      - id: deploy
        uses: ./
        with:
          service: web
      - env:
          VERDICT: \${{ steps.deploy.outputs.verdict }}
        run: test "$VERDICT" = succeeded
`)

const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
})

/** A repository in a temporary folder, from relative paths and contents. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'workflow-lint-'))
  temporary.push(root)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

/** Problems as `file:line:column: message`, for readable failures. */
async function lint(files: Record<string, string>): Promise<string[]> {
  return (await lintRepository(repository(files))).map(formatProblem)
}

describe('this repository', () => {
  it.each(filesToLint(ROOT).filter((file) => file !== 'action.yml'))(
    '%s is valid',
    async (file) => {
      expect((await lintFile(ROOT, file)).map(formatProblem)).toEqual([])
    }
  )

  it('action.yml is valid (the runner loads it with the same rules)', async () => {
    expect((await lintFile(ROOT, 'action.yml')).map(formatProblem)).toEqual([])
  })

  it('has workflows to validate', () => {
    expect(filesToLint(ROOT)).toEqual(
      expect.arrayContaining([
        'action.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/codeql.yml'
      ])
    )
  })
})

describe('lintRepository', () => {
  it('passes a valid action and workflow', async () => {
    // Guards the cases below: each broken file differs from this one in one place.
    expect(await lint({ 'action.yml': ACTION, '.github/workflows/ok.yml': VALID })).toEqual([])
  })

  it('reports keys the workflow schema does not know', async () => {
    const text = VALID.replace('    steps:', '    stepz:')
    expect(await lint({ 'action.yml': ACTION, '.github/workflows/w.yml': text })).toEqual([
      ".github/workflows/w.yml:8:5: Unexpected value 'stepz'"
    ])
  })

  it('reports broken expressions and unknown contexts', async () => {
    const text = VALID.replace('test "$VERDICT" = succeeded', 'echo ${{ foo.bar }}').replace(
      '      - id: deploy',
      '      - if: ${{ github.ref == }}\n        run: echo\n      - id: deploy'
    )
    const problems = await lint({ 'action.yml': ACTION, '.github/workflows/w.yml': text })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.github\/workflows\/w\.yml:10:\d+: Unexpected end of expression/),
        expect.stringMatching(
          /^\.github\/workflows\/w\.yml:18:\d+: Unrecognized named-value: 'foo'/
        )
      ])
    )
  })

  it('checks the inputs and outputs of a step that runs the local action', async () => {
    const text = VALID.replace('service: web', 'servce: web').replace(
      'outputs.verdict',
      'outputs.verdikt'
    )
    expect(await lint({ 'action.yml': ACTION, '.github/workflows/w.yml': text })).toEqual([
      ".github/workflows/w.yml:11:15: './' requires input 'service'",
      ".github/workflows/w.yml:13:11: './' declares no input 'servce'",
      ".github/workflows/w.yml:15:20: step 'deploy' runs a local action that declares no output 'verdikt'"
    ])
  })

  it('reports a local action without action.yml', async () => {
    const text = VALID.replace('uses: ./', 'uses: ./missing')
    expect(await lint({ 'action.yml': ACTION, '.github/workflows/w.yml': text })).toEqual([
      ".github/workflows/w.yml:11:15: no action.yml for local action './missing'"
    ])
  })

  it('requires third-party actions pinned to a full SHA with a version comment', async () => {
    const text = VALID.replace(
      `      - uses: ${CHECKOUT}\n`,
      '      - uses: actions/checkout@v7\n' +
        '      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020\n'
    )
    expect(await lint({ 'action.yml': ACTION, '.github/workflows/w.yml': text })).toEqual([
      ".github/workflows/w.yml:9:15: 'actions/checkout@v7' is not pinned to a full commit SHA",
      ".github/workflows/w.yml:10:15: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020' has no version comment (e.g. # v1.2.3) for readers and Dependabot"
    ])
  })

  it('reports an expression in an input description, which stops the runner loading the action', async () => {
    const action = ACTION.replace(
      'description: The service to deploy.',
      'description: The service to deploy, e.g. ${{ github.repository }}.'
    )
    expect(await lint({ 'action.yml': action })).toEqual([
      expect.stringMatching(/^action\.yml:5:\d+: Unrecognized named-value: 'github'/)
    ])
  })

  it('reports a runtime the runner does not have', async () => {
    const problems = await lint({ 'action.yml': ACTION.replace('node24', 'node99') })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^action\.yml:15:\d+: /)
  })
})

describe('pinningProblem', () => {
  it('accepts local actions and docker images by digest', () => {
    expect(pinningProblem('./', undefined)).toBeUndefined()
    expect(pinningProblem('./.github/actions/setup', undefined)).toBeUndefined()
    expect(pinningProblem(`docker://alpine@sha256:${'a'.repeat(64)}`, undefined)).toBeUndefined()
  })

  it('rejects tags, branches, short SHAs and docker tags', () => {
    expect(pinningProblem('actions/checkout@v7.0.1', ' v7.0.1')).toMatch(/full commit SHA/)
    expect(pinningProblem('actions/checkout@main', ' v7')).toMatch(/full commit SHA/)
    expect(pinningProblem('actions/checkout@3d3c42e', ' v7.0.1')).toMatch(/full commit SHA/)
    expect(pinningProblem('docker://alpine:3.20', undefined)).toMatch(/image digest/)
  })

  it('wants the version in the comment', () => {
    const sha = 'github/codeql-action/init@2892aa5e19bbd11bc0cff5427e3b750a04d9e3c2'
    expect(pinningProblem(sha, ' v4.38.2')).toBeUndefined()
    expect(pinningProblem(sha, ' 4.38.2')).toBeUndefined()
    expect(pinningProblem(sha, ' pinned')).toMatch(/version comment/)
    expect(pinningProblem(sha, undefined)).toMatch(/version comment/)
  })
})
