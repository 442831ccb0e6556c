/**
 * The watcher through the real ECS SDK adapter against the emulator, for the ECS-native
 * strategies: wait-until-stage on blue-green, an alarm rollback during the bake, and a PAUSE hook
 * that someone continues while the watch waits. Time is a FakeClock shared with the emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { ContinueServiceDeploymentCommand, ECSClient } from '@aws-sdk/client-ecs'
import { ecsAdapter } from '../../src/aws/ecs.js'
import { pinDeployment } from '../../src/rollout/deployment-ref.js'
import type { Stage } from '../../src/rollout/stage.js'
import { watchRollout, type WatchResult } from '../../src/rollout/watch.js'
import { startEmulator, type Emulator, type ScenarioName } from '../../emulator/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { fargateDefinition } from '../emulator/harness.js'

const START = Date.parse('2025-06-02T09:00:00.000Z')
const POLL_MS = 15_000
const open: { emulator: Emulator; client: ECSClient }[] = []

afterEach(async () => {
  for (const { emulator, client } of open.splice(0)) {
    client.destroy()
    await emulator.close()
  }
})

interface Run {
  result: WatchResult
  info: string[]
  warnings: string[]
  emulator: Emulator
  client: ECSClient
  serviceDeploymentArn: string
  /** Virtual ms after UpdateService of the first timeline entry matching `what`. */
  momentOf(what: RegExp): number
}

async function deployAndWatch(
  scenario: ScenarioName,
  options: { waitUntilStage?: Stage; onWarning?: (line: string, client: ECSClient) => void } = {}
): Promise<Run> {
  const clock = new FakeClock(START)
  const emulator = await startEmulator({ scenario, clock: () => clock.now() })
  const client = new ECSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
  open.push({ emulator, client })
  const ecs = ecsAdapter(client)
  const target = { cluster: 'prod', service: 'web' }
  const before = await ecs.describeService(target)
  const registered = await ecs.registerTaskDefinition(fargateDefinition('1.1.0'))
  const taskDefinitionArn = registered.taskDefinitionArn ?? ''
  const after = await ecs.updateService({ ...target, taskDefinition: taskDefinitionArn })
  if (before === undefined) throw new Error('no service')
  const ref = pinDeployment({ ...target, taskDefinitionArn, before, after, calledAt: clock.now() })
  const updatedAt = clock.now()
  const info: string[] = []
  const warnings: string[] = []
  const result = await watchRollout({
    ecs,
    clock,
    log: {
      info: (l) => info.push(l),
      warning: (l) => {
        warnings.push(l)
        options.onWarning?.(l, client)
      }
    },
    ref,
    pollIntervalMs: POLL_MS,
    timeoutMs: 30 * 60_000,
    knownEventIds: (before.events ?? []).map((e) => e.id ?? ''),
    ...(options.waitUntilStage !== undefined && { waitUntilStage: options.waitUntilStage })
  })
  return {
    result,
    info,
    warnings,
    emulator,
    client,
    serviceDeploymentArn: result.ref.serviceDeploymentArn ?? '',
    momentOf: (what) => {
      const entry = emulator.timeline.find((t) => what.test(t.what))
      if (entry === undefined) throw new Error(`no timeline entry ${String(what)}`)
      return entry.virtualTime - updatedAt
    }
  }
}

describe('watchRollout through the ECS adapter, ECS-native strategies', () => {
  it('blue-green with wait-until-stage BAKE_TIME passes within a poll of BAKE_TIME, while the deployment goes on', async () => {
    const run = await deployAndWatch('blue-green', { waitUntilStage: 'BAKE_TIME' })
    expect(run.result.verdict).toMatchObject({ kind: 'succeeded', stage: 'BAKE_TIME' })
    expect(run.result.verdict.reason).toContain('the step passes without waiting for the rest')
    const bake = run.momentOf(/^service-deployment stage BAKE_TIME /)
    expect(run.result.elapsedMs).toBeGreaterThanOrEqual(bake)
    expect(run.result.elapsedMs - bake).toBeLessThanOrEqual(POLL_MS)
    // ECS carries on: the service deployment is still IN_PROGRESS, baking.
    const sd = await ecsAdapter(run.client).describeServiceDeployment(run.serviceDeploymentArn)
    expect(sd).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' })
    const stages = run.info.filter((l) => l.includes('Stage:'))
    expect(stages.at(-1)).toContain('Stage: BAKE_TIME (')
    expect(stages.length).toBeGreaterThanOrEqual(3)
    expect(run.info.some((l) => l.endsWith('Production traffic: 100% new / 0% old'))).toBe(true)
    expect(run.warnings).toEqual([])
  })

  it('blue-green-rollback fails as rolled back by the alarm, within a poll of ROLLBACK_REQUESTED', async () => {
    const run = await deployAndWatch('blue-green-rollback')
    expect(run.result.verdict).toMatchObject({ kind: 'rolled-back', cause: 'alarms' })
    expect(run.result.verdict.reason).toContain('web-5xx-rate')
    expect(run.result.verdict.rollbackTaskDefinitionArn).toMatch(/task-definition\/web:1$/)
    const requested = run.momentOf(/^service-deployment ROLLBACK_REQUESTED /)
    expect(run.result.elapsedMs - requested).toBeLessThanOrEqual(POLL_MS)
    expect(run.result.elapsedMs).toBeGreaterThanOrEqual(requested)
    expect(run.info.some((l) => l.includes('Stage: BAKE_TIME'))).toBe(true)
  })

  it('blue-green-hook: the watch names the hook once, keeps waiting, and succeeds once someone continues', async () => {
    const sent: Promise<unknown>[] = []
    const run = await deployAndWatch('blue-green-hook', {
      onWarning: (line, client) => {
        const hookId = /--hook-id (\S+)/.exec(line)?.[1]
        const arn = /--service-deployment-arn (\S+)/.exec(line)?.[1]
        // Someone reads the log and runs the command it gives.
        sent.push(
          client.send(
            new ContinueServiceDeploymentCommand({
              serviceDeploymentArn: arn,
              hookId,
              action: 'CONTINUE'
            })
          )
        )
      }
    })
    await Promise.all(sent)
    expect(sent).toHaveLength(1)
    expect(run.warnings[0]).toMatch(
      /^Lifecycle hook ecs-pause-\S+ \(PAUSE at POST_TEST_TRAFFIC_SHIFT\) is waiting for someone to continue the deployment: aws ecs continue-service-deployment --region us-east-1 --service-deployment-arn arn:aws:ecs:us-east-1:\d+:service-deployment\/prod\/web\/\S+ --hook-id ecs-pause-\S+ --action CONTINUE/
    )
    expect(run.warnings[0]).toMatch(
      /It times out at 2025-06-02T09:\d\d:\d\d\.\d{3}Z and then ECS will roll back \(ROLLBACK\)\./
    )
    expect(run.result.verdict.kind).toBe('succeeded')
    expect(run.info.some((l) => / Lifecycle hook ecs-pause-\S+ .* succeeded\.$/.test(l))).toBe(true)
  })
})
