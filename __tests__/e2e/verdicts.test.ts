/**
 * The verdicts of the bundled action on every scripted ECS behaviour, with texts as ECS writes them
 * and with every free text reworded (only ids and numbers kept): the verdict must be the same
 * both ways, since it rests on structure. The reasons are read in the first mode, where the texts
 * are ECS's own.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { EmulatorOptions, ScenarioName } from '../../emulator/index.js'
import { closeEmulators, DEPLOY, deploy, expectExit } from '../../__fixtures__/e2e.js'

afterEach(closeEmulators)

interface Case {
  readonly name: string
  readonly scenario: ScenarioName
  readonly inputs?: Record<string, string>
  readonly emulator?: Partial<EmulatorOptions>
  readonly verdict: string
  /** What the reason says, with ECS's own texts. */
  readonly says?: RegExp
}

const DENIED = { serviceDeploymentsApi: 'denied' } as const
const STALL = { 'stall-minutes': '2' }

const CASES: Case[] = [
  { name: 'success', scenario: 'success', verdict: 'succeeded' },
  {
    name: 'circuit breaker rolls back',
    scenario: 'circuit-breaker-rollback',
    verdict: 'rolled-back',
    says: /circuit breaker.*Likely cause: .*exit/
  },
  {
    name: 'circuit breaker, rollback off',
    scenario: 'circuit-breaker-no-rollback',
    verdict: 'failed',
    says: /the rollback option is off/
  },
  {
    name: 'alarm rolls back',
    scenario: 'alarm-rollback',
    verdict: 'rolled-back',
    says: /web-5xx-rate/
  },
  { name: 'rollback failed', scenario: 'rollback-failed', verdict: 'rolled-back' },
  { name: 'superseded', scenario: 'superseded', verdict: 'superseded' },
  {
    name: 'ELB health checks fail: counted by the breaker',
    scenario: 'elb-health-rollback',
    verdict: 'rolled-back',
    says: /health check/i
  },
  {
    name: 'container health checks fail: counted by the breaker',
    scenario: 'container-health-rollback',
    verdict: 'rolled-back',
    says: /health check/i
  },
  {
    name: 'no instance can place a task: a stall, not a long wait',
    scenario: 'placement-no-instances',
    inputs: STALL,
    verdict: 'failed',
    says: /has been placed in 2 minutes.*Likely cause: /
  },
  {
    name: 'Fargate has no capacity: a stall',
    scenario: 'placement-fargate-capacity',
    inputs: STALL,
    verdict: 'failed',
    says: /Likely cause: .*[Cc]apacity/
  },
  {
    name: 'images cannot be pulled and the breaker never trips: a stall',
    scenario: 'pull-error-stall',
    inputs: STALL,
    verdict: 'failed',
    says: /reached RUNNING.*Likely cause: /
  },
  {
    name: 'a lifecycle hook fails',
    scenario: 'blue-green-hook-failed',
    verdict: 'rolled-back',
    says: /lifecycle hook \S+.* failed/
  },
  {
    name: 'a lifecycle hook times out',
    scenario: 'blue-green-hook-timeout',
    verdict: 'rolled-back',
    says: /lifecycle hook \S+.* timed out/
  },
  { name: "an operator's rollback", scenario: 'operator-rollback', verdict: 'rolled-back' },
  {
    name: "an operator's stop (ABORT)",
    scenario: 'operator-abort',
    verdict: 'failed',
    says: /was stopped/
  },
  {
    name: 'no earlier completed deployment to roll back to',
    scenario: 'no-completed-deployment',
    verdict: 'failed',
    says: /cannot roll back|nothing to go back to/
  },
  { name: 'desired count 0', scenario: 'desired-zero', verdict: 'succeeded' },
  {
    name: 'autoscaling during the rollout',
    scenario: 'autoscaling-during-rollout',
    verdict: 'succeeded'
  },
  {
    name: 'ECS starts a second deployment of our revision',
    scenario: 'duplicate-deployment',
    verdict: 'succeeded'
  },
  {
    name: 'the service deployment is listed late',
    scenario: 'listing-lag',
    verdict: 'succeeded'
  },
  {
    name: 'listed late, blue/green: wait-until-stage still holds once it is found',
    scenario: 'blue-green',
    inputs: { 'wait-until-stage': 'BAKE_TIME' },
    emulator: { serviceDeploymentLagSeconds: 20 },
    verdict: 'succeeded',
    says: /reached stage BAKE_TIME/
  },
  {
    name: 'breaker rollback without the service-deployments API',
    scenario: 'circuit-breaker-rollback',
    emulator: DENIED,
    verdict: 'rolled-back',
    says: /rolling the service back to web:1|rolled the service back to web:1/
  },
  {
    name: 'alarm rollback without the service-deployments API',
    scenario: 'alarm-rollback',
    emulator: DENIED,
    verdict: 'rolled-back'
  },
  {
    name: 'breaker without rollback, without the service-deployments API',
    scenario: 'circuit-breaker-no-rollback',
    emulator: DENIED,
    verdict: 'failed'
  }
]

describe('verdicts hold whatever ECS writes', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const run = (rewordTexts: boolean) =>
      deploy(c.scenario, {
        inputs: { ...DEPLOY, ...c.inputs },
        emulator: { ...c.emulator, rewordTexts }
      })
    const [asWritten, reworded] = await Promise.all([run(false), run(true)])
    const seen = (done: typeof asWritten) => ({
      code: done.code,
      verdict: done.outputs.verdict
    })
    const expected = { code: c.verdict === 'succeeded' ? 0 : 1, verdict: c.verdict }
    if (seen(asWritten).verdict !== c.verdict) throw new Error(asWritten.log)
    expect(seen(asWritten)).toEqual(expected)
    if (seen(reworded).verdict !== c.verdict) throw new Error(reworded.log)
    expect(seen(reworded)).toEqual(expected)
    if (c.says !== undefined) expect(asWritten.outputs.reason).toMatch(c.says)
  })
})

describe('what the watch reads and says', () => {
  it('attributes events to our deployment only when they name it, and never combines startedBy in ListTasks', async () => {
    const run = await deploy('circuit-breaker-rollback')
    expect(run.outputs.verdict).toBe('rolled-back')
    const deploymentId = run.outputs['deployment-id'] ?? 'none'
    const ours = run.log
      .split('\n')
      .filter((l) => / event: /.test(l) && !l.includes('service event:'))
    expect(ours.length).toBeGreaterThan(0)
    for (const line of ours) expect(line).toMatch(new RegExp(`${deploymentId}|\\(task `))
    expect(run.log).toMatch(/ service event: /)
    // The failed tasks were listed, and never with startedBy beside another filter.
    const listings = run.emulator.calls
      .filter((c) => c.operation === 'ListTasks')
      .map((c) => c.input as Record<string, unknown>)
    expect(listings.length).toBeGreaterThan(0)
    for (const input of listings) {
      if (input.startedBy !== undefined)
        expect(Object.keys(input).sort()).toEqual(['cluster', 'startedBy'])
      else expect(input).toMatchObject({ serviceName: 'web', desiredStatus: 'STOPPED' })
    }
  })

  it('describes the service again just before UpdateService: the baseline is what runs then', async () => {
    const run = await deploy('success')
    const operations = run.emulator.calls.map((c) => c.operation)
    const registered = operations.indexOf('RegisterTaskDefinition')
    const updated = operations.indexOf('UpdateService')
    expect(operations.slice(registered, updated)).toContain('DescribeServices')
  })

  it('warns before updating when a linear rollout needs longer than wait-for-minutes, and says so at the timeout', async () => {
    const run = await deploy('linear', { inputs: { ...DEPLOY, 'wait-for-minutes': '3' } })
    expect(run.outputs.verdict).toBe('timed-out')
    const log = run.log
    const warning = log.indexOf('takes at least 5 minutes')
    expect(warning).toBeGreaterThan(-1)
    expect(warning).toBeLessThan(log.indexOf('::group::Watch rollout'))
    expect(run.outputs.reason).toContain('healthy and progressing')
    expect(run.outputs.reason).toMatch(/set wait-for-minutes to \d+ or more/)
  })

  it('gives the same warning in a dry run, before anything changes', async () => {
    const run = await deploy('linear', {
      inputs: { ...DEPLOY, 'wait-for-minutes': '3', 'dry-run': 'true' }
    })
    expectExit(run, 0)
    expect(run.log).toContain('takes at least 5 minutes')
    expect(run.emulator.mutatingCalls()).toEqual([])
  })
})
