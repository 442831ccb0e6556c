/**
 * The test that counts: the bundled dist/index.js, run as a process the way the runner runs it,
 * against the ECS emulator speaking the real wire protocol.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ScenarioName } from '../../emulator/index.js'
import {
  closeEmulators,
  DEPLOY,
  deploy as deployWith,
  errorLines,
  expectExit,
  FILES,
  IMAGE,
  operations
} from '../../__fixtures__/e2e.js'

afterEach(closeEmulators)

const deploy = (
  scenario: ScenarioName,
  inputs: Record<string, string> = DEPLOY,
  files: Record<string, string> = FILES
) => deployWith(scenario, { inputs, files })

describe('deploy scenarios', () => {
  it('success: registers, updates only the task definition, and passes once ECS completes the rollout', async () => {
    const run = await deploy('success')
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({
      'task-definition-arn': expect.stringMatching(/:task-definition\/web:2$/) as unknown as string,
      'deployment-id': expect.stringMatching(/^ecs-svc\/\d+$/) as unknown as string,
      'service-deployment-arn': expect.stringMatching(
        /:service-deployment\/prod\/web\//
      ) as unknown as string,
      verdict: 'succeeded'
    })
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    const update = run.emulator.mutatingCalls()[1]?.input
    expect(update).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: run.outputs['task-definition-arn']
    })
    const register = run.emulator.mutatingCalls()[0]?.input as { containerDefinitions: unknown[] }
    expect(register.containerDefinitions[0]).toMatchObject({
      image: IMAGE,
      environment: [{ name: 'FEATURE_FLAGS', value: '' }]
    })
    expect(run.log).toMatch(/has reached a steady state/)
    expect(run.log).toMatch(/Deployment ecs-svc\/\d+ completed: the service runs web:2\./)
    expect(errorLines(run.log)).toEqual([])
    expect(run.summary).toContain('succeeded')
    expect(run.summary).toContain('web:1 → web:2')
  })

  it('circuit-breaker-rollback: fails as soon as the breaker trips, with the reason and why tasks stopped', async () => {
    const run = await deploy('circuit-breaker-rollback')
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    const [error] = errorLines(run.log)
    expect(errorLines(run.log)).toHaveLength(1)
    expect(error).toMatch(
      /title=ECS Rollout%3A rolled-back::The deployment circuit breaker stopped deployment ecs-svc\/\d+/
    )
    expect(error).toContain('back to web:1')
    expect(run.log).toContain('Essential container in task exited')
    expect(run.log).toMatch(
      /Why tasks stopped: \d+ tasks?: Essential container in task exited .*app exit 1/
    )
    expect(run.summary).toContain('rolled-back')
    expect(run.summary).toContain('Essential container in task exited')
    // We fail while ECS is still rolling back, never after waiting for the rollback to finish.
    // The emulator finishes a rollback 17 virtual seconds after it is requested; our last look at
    // the service comes well before that (two poll intervals of slack at this time scale).
    const requested = run.emulator.timeline.find((t) =>
      /^service-deployment ROLLBACK_REQUESTED\b/.test(t.what)
    )
    const polls = run.emulator.calls.filter((c) => c.operation === 'DescribeServices')
    const lastPoll = Math.max(...polls.map((c) => c.virtualTime))
    expect(requested).toBeDefined()
    expect(lastPoll - (requested?.virtualTime ?? 0)).toBeLessThanOrEqual(10_000)
  })

  it('circuit-breaker-no-rollback: fails with verdict failed as soon as the rollout is FAILED', async () => {
    const run = await deploy('circuit-breaker-no-rollback')
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('failed')
    expect(errorLines(run.log)[0]).toMatch(
      /title=ECS Rollout%3A failed::The deployment circuit breaker stopped deployment ecs-svc\/\d+: .*ECS did not roll back/
    )
  })

  it('stall: times out with the last known state when the breaker never trips', async () => {
    const run = await deploy('stall', { ...DEPLOY, 'wait-for-minutes': '2' })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('timed-out')
    expect(errorLines(run.log)[0]).toMatch(
      /did not finish within 2 minutes: \d\/2 new tasks running.*, \d+ failed, old tasks draining\./
    )
    // The stall service has the breaker off: the check says so before anything changes.
    expect(run.log).toMatch(/::warning::Service web has the deployment circuit breaker off/)
  })

  it('superseded: fails when another deployment replaces ours', async () => {
    const run = await deploy('superseded')
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('superseded')
    expect(errorLines(run.log)[0]).toMatch(
      /Deployment ecs-svc\/\d+ was replaced by deployment ecs-svc\/\d+ \(web:3\), which someone else started\. web:3 was registered by arn:aws:sts::123456789012:assumed-role\/other-pipeline\/deploy-bot\./
    )
  })

  it('superseded with on-superseded: succeed passes the step and keeps the verdict', async () => {
    const run = await deploy('superseded', { ...DEPLOY, 'on-superseded': 'succeed' })
    expectExit(run, 0)
    expect(run.outputs.verdict).toBe('superseded')
    expect(errorLines(run.log)).toEqual([])
    expect(run.log).toMatch(/::notice::.*on-superseded is succeed, so the step passes/)
  })

  it.each<[ScenarioName, RegExp]>([
    ['service-missing', /Service web was not found in cluster prod/],
    ['service-draining', /Service web is DRAINING/]
  ])('%s: fails before changing anything', async (scenario, message) => {
    const run = await deploy(scenario)
    expectExit(run, 1)
    expect(errorLines(run.log)[0]).toMatch(message)
    expect(operations(run.emulator)).toEqual([])
    expect(run.outputs).toEqual({})
  })
})

describe('inputs and rendering', () => {
  it.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    [
      'a malformed number',
      { ...DEPLOY, 'wait-for-minutes': 'abc' },
      FILES,
      /Input "wait-for-minutes" must be a whole number/
    ],
    [
      'a fractional desired count',
      { ...DEPLOY, 'desired-count': '1.5' },
      FILES,
      /Input "desired-count" must be a whole number/
    ],
    [
      'a missing file',
      { ...DEPLOY, 'task-definition': 'nope.json' },
      FILES,
      /Input "task-definition": file nope.json does not exist/
    ],
    ['an unknown container', { ...DEPLOY, 'container-name': 'api' }, FILES, /"api".*app/],
    ['an implausible image', { ...DEPLOY, image: 'Not An Image' }, FILES, /image/i],
    [
      'a task definition ECS would reject',
      { 'task-definition': '.aws/task-definition.json', service: 'web', cluster: 'prod' },
      {
        '.aws/task-definition.json': JSON.stringify({
          family: 'bad family!',
          containerDefinitions: []
        })
      },
      /family/
    ]
  ])(
    '%s fails with a message naming the problem, and nothing reaches AWS',
    async (_name, inputs, files, message) => {
      const run = await deploy('success', inputs, files)
      expectExit(run, 1)
      expect(errorLines(run.log)).toHaveLength(1)
      expect(errorLines(run.log)[0]).toMatch(message)
      expect(run.emulator.calls).toEqual([])
    }
  )

  it('registers only, when no service is given; accepts describe-task-definition output as YAML', async () => {
    const described = [
      'taskDefinition:',
      '  taskDefinitionArn: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      '  family: web',
      '  revision: 1',
      '  status: ACTIVE',
      '  compatibilities: [EC2, FARGATE]',
      '  requiresCompatibilities: [FARGATE]',
      '  networkMode: awsvpc',
      '  cpu: "256"',
      '  memory: "512"',
      '  executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      '  registeredAt: 2026-11-01T10:00:00Z',
      '  containerDefinitions:',
      '    - name: app',
      '      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0',
      '      cpu: 0',
      '      command: null',
      'tags:',
      '  - key: team',
      '    value: payments'
    ].join('\n')
    const run = await deploy(
      'success',
      { 'task-definition': 'td.yaml', 'container-name': 'app', image: IMAGE },
      { 'td.yaml': described }
    )
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition'])
    const register = run.emulator.mutatingCalls()[0]?.input as Record<string, unknown>
    expect(register).not.toHaveProperty('taskDefinitionArn')
    expect(register).not.toHaveProperty('revision')
    expect(register.tags).toEqual([{ key: 'team', value: 'payments' }])
    expect(register.containerDefinitions).toEqual([expect.not.objectContaining({ command: null })])
    expect(run.outputs['task-definition-arn']).toMatch(/task-definition\/web:2$/)
    expect(run.outputs).not.toHaveProperty('verdict')
  })

  it('sends desiredCount and forceNewDeployment only because the user set them', async () => {
    const run = await deploy('success', {
      ...DEPLOY,
      'desired-count': '3',
      'force-new-deployment': 'true'
    })
    expectExit(run, 0)
    expect(run.emulator.mutatingCalls()[1]?.input).toMatchObject({
      desiredCount: 3,
      forceNewDeployment: true
    })
  })
})
