import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import type { Outcome } from '../../src/report/outcome.js'
import { setOutputs } from '../../src/report/outputs.js'
import { readSettings } from '../../src/settings/index.js'
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
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

/** The names readSettings asks for, with every source and setting given. */
function inputsRead(): Set<string> {
  const asked = new Set<string>()
  const values: Record<string, string> = {
    'task-definition': 'td.json',
    service: 'web',
    'container-name': 'app',
    image: 'nginx'
  }
  readSettings({
    getInput: (name) => {
      asked.add(name)
      return values[name] ?? ''
    },
    workspace: '/w',
    env: {}
  })
  return asked
}

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...inputsRead()].sort())
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
