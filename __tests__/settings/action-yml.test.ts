import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import type { Outcome } from '../../src/report/outcome.js'
import { setOutputs } from '../../src/report/outputs.js'
import type { InputRow } from '../../src/settings/row.js'
import { INPUT_TABLE } from '../../src/settings/table.js'
import { parseOutputFile } from '../../scripts/runner-files.js'

/** An outcome with everything known, so every output is set. */
const everything: Outcome = {
  cluster: 'prod',
  images: [],
  stoppedTasks: [],
  timeline: [],
  renderedPath: '/tmp/web.json',
  taskDefinitionArn: 'arn:td:2',
  previousTaskDefinitionArn: 'arn:td:1',
  imageDigests: { app: 'sha256:0' },
  ref: {
    cluster: 'prod',
    service: 'web',
    taskDefinitionArn: 'arn:td:2',
    deploymentId: 'ecs-svc/2',
    serviceDeploymentArn: 'arn:sd'
  },
  verdict: { kind: 'rolled-back', reason: 'why', rollbackTaskDefinitionArn: 'arn:td:1' },
  durationMs: 1000,
  codeDeployDeploymentId: 'd-ABC',
  services: [{ service: 'web', stoppedTasks: [], timeline: [] }],
  scheduledTasks: { taskDefinitionArn: 'arn:td:2', results: [] },
  diff: { from: 'web:1', text: '--- web:1\n+++ new' },
  runTask: {
    outcome: 'passed',
    passed: true,
    reason: 'ok',
    taskArns: ['arn:task'],
    exitCode: 0,
    containers: [],
    lastLogLines: [],
    elapsedMs: 1
  }
}

const action = parse(
  readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8')
) as {
  runs: { using: string; main: string }
  inputs: Record<
    string,
    { description: string; default?: string | number | boolean; required?: boolean | string }
  >
  outputs: Record<string, { description: string }>
}

/** What the table says of each input, in action.yml's terms. */
const fromTable = Object.fromEntries(
  INPUT_TABLE.map((row: InputRow) => [
    row.name,
    { default: row.default, required: row.required ?? false }
  ])
)

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs of the input table, each once', () => {
    const names = INPUT_TABLE.map((row) => row.name)
    expect(new Set(names).size).toBe(names.length)
    expect([...names].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('gives each input the default and required flag of the input table', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [
        name,
        {
          default: input.default === undefined ? undefined : String(input.default),
          required: input.required === true || input.required === 'true'
        }
      ])
    )
    expect(declared).toEqual(fromTable)
  })

  it('describes each input', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description.length > 20]).toEqual([name, true])
    }
  })

  it('describes every output the action sets', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'output')
    writeFileSync(file, '')
    process.env.GITHUB_OUTPUT = file
    try {
      setOutputs(everything)
    } finally {
      delete process.env.GITHUB_OUTPUT
    }
    expect(Object.keys(parseOutputFile(readFileSync(file, 'utf8'))).sort()).toEqual(
      Object.keys(action.outputs).sort()
    )
  })
})
