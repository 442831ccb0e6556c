import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { runVerdict, type Outcome } from '../../src/report/outcome.js'
import { setOutputs } from '../../src/report/outputs.js'
import { parseOutputFile } from '../../scripts/runner-files.js'

/** A run of one service with everything known, so every output is set. */
const everything: Outcome = {
  cluster: 'prod',
  images: [],
  renderedPath: '/tmp/web.json',
  taskDefinitionArn: 'arn:td:2',
  previousTaskDefinitionArn: 'arn:td:1',
  imageDigests: { app: 'sha256:0' },
  services: [
    {
      service: 'web',
      stoppedTasks: [],
      timeline: [],
      ref: {
        cluster: 'prod',
        service: 'web',
        taskDefinitionArn: 'arn:td:2',
        deploymentId: 'ecs-svc/2',
        startedAt: 0,
        serviceDeploymentArn: 'arn:sd'
      },
      verdict: { kind: 'rolled-back', reason: 'why', rollbackTaskDefinitionArn: 'arn:td:1' },
      durationMs: 1000,
      codeDeployDeploymentId: 'd-ABC'
    }
  ],
  scheduledTasks: { taskDefinitionArn: 'arn:td:2', results: [] },
  deregistered: ['arn:td:0'],
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
) as { outputs: Record<string, { description: string }> }

function outputsOf(outcome: Outcome): Record<string, string> {
  const file = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'output')
  writeFileSync(file, '')
  process.env.GITHUB_OUTPUT = file
  try {
    setOutputs(outcome, runVerdict(outcome, { onSuperseded: 'fail' }))
  } finally {
    delete process.env.GITHUB_OUTPUT
  }
  return parseOutputFile(readFileSync(file, 'utf8'))
}

describe('step outputs', () => {
  it('sets every output action.yml describes, and no other', () => {
    expect(Object.keys(outputsOf(everything)).sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it("with one service, its deployment is the run's; with several, only the services list has them", () => {
    expect(outputsOf(everything)).toMatchObject({
      verdict: 'rolled-back',
      'deployment-id': 'ecs-svc/2',
      'rollback-task-definition-arn': 'arn:td:1',
      'duration-seconds': '1'
    })
    const [web] = everything.services
    const two = outputsOf({
      ...everything,
      services: [
        { service: 'api', stoppedTasks: [], timeline: [] },
        ...(web === undefined ? [] : [web])
      ]
    })
    expect(two['deployment-id']).toBeUndefined()
    expect(two.verdict).toBe('rolled-back')
    expect(JSON.parse(two.services ?? '[]')).toEqual([
      expect.objectContaining({ service: 'api', verdict: null }),
      expect.objectContaining({
        service: 'web',
        verdict: 'rolled-back',
        'deployment-id': 'ecs-svc/2'
      })
    ])
  })
})
