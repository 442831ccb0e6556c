import { describe, expect, it } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  type ServiceDeployment,
  type ServiceRevisionSummary
} from '@aws-sdk/client-ecs'

import { START, stepUntil, tasksOf, withHarness, type Harness } from './harness.js'
import { deploy, moments, serviceDeploymentHistory, type Rollout, ROLLED_BACK } from './observe.js'

/** The lifecycle stages our service deployment entered, with when (virtual seconds after UpdateService). */
function stages(harness: Harness, rollout: Rollout): { at: number; stage: string }[] {
  return moments(harness, rollout, /^service-deployment stage /)
    .filter((m) => m.what.endsWith(rollout.serviceDeploymentArn))
    .map((m) => ({ at: m.at, stage: m.what.split(' ')[2] ?? '' }))
}

const stageNames = (harness: Harness, rollout: Rollout): string[] =>
  stages(harness, rollout).map((s) => s.stage)

/** Steps time until our service deployment shows `done`, and returns it. */
function waitFor(
  harness: Harness,
  rollout: Rollout,
  done: (sd: ServiceDeployment) => boolean,
  step = 1
): Promise<ServiceDeployment> {
  return stepUntil(
    harness,
    async () => {
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      return done(sd) ? sd : undefined
    },
    { step, limit: 2400 }
  )
}

const weights = (revision: ServiceRevisionSummary | undefined) => ({
  production: revision?.requestedProductionTrafficWeight,
  test: revision?.requestedTestTrafficWeight
})

/** Production weights of the new revision, each with when it was requested. */
const productionShifts = (harness: Harness, rollout: Rollout) =>
  moments(harness, rollout, /^service-deployment traffic production /).map((m) => ({
    at: m.at,
    weight: m.what.split(' ')[3]
  }))

const FULL_ORDER = [
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]

describe('scenario blue-green', () => {
  it('passes every stage in order, shifts test then production traffic, bakes 5 minutes with both revisions running, then removes blue', async () => {
    await withHarness({ scenario: 'blue-green' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      expect(rollout.service.deploymentConfiguration).toMatchObject({
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 5
      })

      const scaling = await waitFor(harness, rollout, (sd) => sd.lifecycleStage === 'SCALE_UP')
      expect(scaling.status).toBe('IN_PROGRESS')
      expect(weights(scaling.targetServiceRevision)).toEqual({ production: 0, test: 0 })
      expect(weights(scaling.sourceServiceRevisions?.[0])).toEqual({ production: 100, test: 100 })

      const testShifted = await waitFor(
        harness,
        rollout,
        (sd) => sd.lifecycleStage === 'POST_TEST_TRAFFIC_SHIFT'
      )
      expect(weights(testShifted.targetServiceRevision)).toEqual({ production: 0, test: 100 })
      expect(weights(testShifted.sourceServiceRevisions?.[0])).toEqual({ production: 100, test: 0 })

      const baking = await waitFor(harness, rollout, (sd) => sd.lifecycleStage === 'BAKE_TIME')
      expect(weights(baking.targetServiceRevision)).toEqual({ production: 100, test: 100 })
      expect(weights(baking.sourceServiceRevisions?.[0])).toEqual({ production: 0, test: 0 })
      // Blue keeps all its tasks through the bake, beside green's.
      expect(baking.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2)
      expect(baking.targetServiceRevision?.runningTaskCount).toBe(2)
      expect((await tasksOf(harness, rollout.previous, 'STOPPED')).length).toBe(0)
      const service = await harness.service()
      expect(service.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE'])
      expect(service.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')

      const done = await waitFor(harness, rollout, (sd) => sd.status === 'SUCCESSFUL', 5)
      expect(stageNames(harness, rollout)).toEqual(FULL_ORDER)
      const at = (stage: string) => stages(harness, rollout).find((s) => s.stage === stage)?.at ?? 0
      expect(at('CLEAN_UP') - at('BAKE_TIME')).toBe(300)
      expect(at('TEST_TRAFFIC_SHIFT')).toBeLessThan(at('PRODUCTION_TRAFFIC_SHIFT'))
      expect(done.lifecycleStage).toBe('CLEAN_UP')
      expect(done.deploymentConfiguration?.strategy).toBe('BLUE_GREEN')
      expect(done.lifecycleHookDetails).toBeUndefined()
      // Blue was stopped only at CLEAN_UP, by the scheduler.
      const stopped = await tasksOf(harness, rollout.previous, 'STOPPED')
      expect(stopped.map((t) => t.stopCode)).toEqual([
        'ServiceSchedulerInitiated',
        'ServiceSchedulerInitiated'
      ])
      for (const task of stopped) {
        expect((task.stoppingAt?.getTime() ?? 0) - START).toBeGreaterThanOrEqual(
          at('CLEAN_UP') * 1000
        )
      }
      const after = await harness.service()
      expect(after.deployments?.map((d) => [d.id, d.rolloutState])).toEqual([
        [rollout.ours, 'COMPLETED']
      ])
      expect(productionShifts(harness, rollout).map((s) => s.weight)).toEqual(['100%'])
    })
  }, 30_000)
})

describe('scenario blue-green-rollback', () => {
  it('fires the alarm 60 s into BAKE_TIME, rolls back to blue and puts all traffic back on it', async () => {
    await withHarness({ scenario: 'blue-green-rollback' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const requested = await waitFor(
        harness,
        rollout,
        (sd) => sd.status !== 'IN_PROGRESS' && sd.status !== 'PENDING'
      )
      expect(requested).toMatchObject({
        status: 'ROLLBACK_REQUESTED',
        lifecycleStage: 'BAKE_TIME',
        alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx-rate'] }
      })
      const bakeStarted = stages(harness, rollout).find((s) => s.stage === 'BAKE_TIME')?.at ?? 0
      expect(harness.elapsed() - rollout.updatedAt - bakeStarted).toBe(60)
      expect(weights(requested.targetServiceRevision)).toEqual({ production: 0, test: 0 })
      expect(weights(requested.sourceServiceRevisions?.[0])).toEqual({
        production: 100,
        test: 100
      })
      expect(requested.rollback?.reason).toContain(
        `rolling back to deploymentId ${rollout.previous}`
      )

      await waitFor(harness, rollout, (sd) => sd.status === 'ROLLBACK_SUCCESSFUL', 5)
      expect(serviceDeploymentHistory(harness, rollout).map((m) => m.what)).toEqual(ROLLED_BACK)
      expect(stageNames(harness, rollout)).not.toContain('CLEAN_UP')
      const service = await harness.service()
      expect(service.taskDefinition).toMatch(/web:1$/)
      expect(service.deployments?.map((d) => d.id)).toEqual([rollout.previous])
      // Blue never lost a task: the rollback only moved traffic back and removed green.
      expect(await tasksOf(harness, rollout.previous, 'STOPPED')).toEqual([])
      expect((await tasksOf(harness, rollout.ours, 'STOPPED')).length).toBe(2)
    })
  }, 30_000)
})

describe('scenario linear', () => {
  it('shifts production traffic 25 % a step, a minute apart, and bakes 2 minutes after 100 %', async () => {
    await withHarness({ scenario: 'linear' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const mid = await waitFor(
        harness,
        rollout,
        (sd) => sd.targetServiceRevision?.requestedProductionTrafficWeight === 50,
        5
      )
      expect(mid.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT')
      expect(mid.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(50)
      expect(mid.deploymentConfiguration).toMatchObject({
        strategy: 'LINEAR',
        linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 }
      })
      await waitFor(harness, rollout, (sd) => sd.status === 'SUCCESSFUL', 5)
      const shifts = productionShifts(harness, rollout)
      expect(shifts.map((s) => s.weight)).toEqual(['25%', '50%', '75%', '100%'])
      const gaps = shifts.slice(1).map((s, i) => s.at - (shifts[i]?.at ?? 0))
      // Each step: the shift itself (10 s), then stepBakeTimeInMinutes.
      expect(gaps).toEqual([70, 70, 70])
      const at = (stage: string) => stages(harness, rollout).find((s) => s.stage === stage)?.at ?? 0
      expect(at('CLEAN_UP') - at('BAKE_TIME')).toBe(120)
      expect(stageNames(harness, rollout)).toEqual(FULL_ORDER)
    })
  }, 30_000)
})

describe('scenario canary', () => {
  it('sends 10 % for canaryBakeTimeInMinutes, then the rest', async () => {
    await withHarness({ scenario: 'canary' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const canary = await waitFor(
        harness,
        rollout,
        (sd) => sd.targetServiceRevision?.requestedProductionTrafficWeight === 10,
        5
      )
      expect(canary.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(90)
      await waitFor(harness, rollout, (sd) => sd.status === 'SUCCESSFUL', 5)
      const shifts = productionShifts(harness, rollout)
      expect(shifts.map((s) => s.weight)).toEqual(['10%', '100%'])
      expect((shifts[1]?.at ?? 0) - (shifts[0]?.at ?? 0)).toBe(10 + 180)
    })
  }, 30_000)
})

describe('scenario blue-green-hook', () => {
  const awaiting = (harness: Harness, rollout: Rollout) =>
    waitFor(harness, rollout, (sd) =>
      (sd.lifecycleHookDetails ?? []).some((h) => h.status === 'AWAITING_ACTION')
    )

  it('waits at POST_TEST_TRAFFIC_SHIFT until ContinueServiceDeployment CONTINUE, then completes', async () => {
    await withHarness({ scenario: 'blue-green-hook' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const paused = await awaiting(harness, rollout)
      const [hook] = paused.lifecycleHookDetails ?? []
      expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT')
      expect(hook).toMatchObject({
        targetType: 'PAUSE',
        status: 'AWAITING_ACTION',
        timeoutAction: 'ROLLBACK'
      })
      expect(hook?.hookId).toMatch(/^ecs-pause-[A-Za-z0-9_-]{43}$/)
      const entered =
        START +
        (rollout.updatedAt +
          (stages(harness, rollout).find((s) => s.stage === 'POST_TEST_TRAFFIC_SHIFT')?.at ?? 0)) *
          1000
      expect(hook?.expiresAt?.getTime()).toBe(entered + 30 * 60_000)

      // Ten minutes later it still waits, in the same stage.
      harness.advance(600)
      const still = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(still.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT')
      expect(still.status).toBe('IN_PROGRESS')

      const hookId = hook?.hookId ?? ''
      await expect(
        harness.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: rollout.serviceDeploymentArn,
            hookId: 'ecs-pause-nope'
          })
        )
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
      const output = await harness.ecs.send(
        new ContinueServiceDeploymentCommand({
          serviceDeploymentArn: rollout.serviceDeploymentArn,
          hookId,
          action: 'CONTINUE'
        })
      )
      expect(output.serviceDeploymentArn).toBe(rollout.serviceDeploymentArn)
      // The hook is no longer waiting: a second answer is refused.
      await expect(
        harness.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: rollout.serviceDeploymentArn,
            hookId
          })
        )
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
      expect(harness.emulator.mutatingCalls().map((c) => c.operation)).toContain(
        'ContinueServiceDeployment'
      )

      const done = await waitFor(harness, rollout, (sd) => sd.status === 'SUCCESSFUL', 5)
      expect(done.lifecycleHookDetails?.map((h) => h.status)).toEqual(['SUCCEEDED'])
      expect(stageNames(harness, rollout)).toEqual(FULL_ORDER)
    })
  }, 30_000)

  it('rolls back on ContinueServiceDeployment ROLLBACK', async () => {
    await withHarness({ scenario: 'blue-green-hook' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const paused = await awaiting(harness, rollout)
      await harness.ecs.send(
        new ContinueServiceDeploymentCommand({
          serviceDeploymentArn: rollout.serviceDeploymentArn,
          hookId: paused.lifecycleHookDetails?.[0]?.hookId,
          action: 'ROLLBACK'
        })
      )
      const rolledBack = await waitFor(
        harness,
        rollout,
        (sd) => sd.status === 'ROLLBACK_SUCCESSFUL'
      )
      expect(rolledBack.lifecycleHookDetails?.map((h) => h.status)).toEqual(['FAILED'])
      expect(weights(rolledBack.targetServiceRevision)).toEqual({ production: 0, test: 0 })
      expect((await harness.service()).taskDefinition).toMatch(/web:1$/)
    })
  }, 30_000)

  it('takes the timeout action (ROLLBACK) when nobody answers within 30 minutes', async () => {
    await withHarness({ scenario: 'blue-green-hook' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const paused = await awaiting(harness, rollout)
      const expiresAt = paused.lifecycleHookDetails?.[0]?.expiresAt?.getTime() ?? 0
      harness.advance((expiresAt - START) / 1000 - harness.elapsed() - 1)
      expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe(
        'IN_PROGRESS'
      )
      harness.advance(1)
      const timedOut = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(timedOut.status).toBe('ROLLBACK_REQUESTED')
      expect(timedOut.lifecycleHookDetails?.map((h) => h.status)).toEqual(['TIMED_OUT'])
      await expect(
        harness.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: rollout.serviceDeploymentArn,
            hookId: paused.lifecycleHookDetails?.[0]?.hookId
          })
        )
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    })
  }, 30_000)
})

describe('rolling scenarios', () => {
  it('show no lifecycle stage, weights or strategy', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      expect(rollout.service.deploymentConfiguration).not.toHaveProperty('strategy')
      const done = await waitFor(harness, rollout, (sd) => sd.status === 'SUCCESSFUL', 5)
      expect(done.lifecycleStage).toBeUndefined()
      expect(done.targetServiceRevision).not.toHaveProperty('requestedProductionTrafficWeight')
      expect(done.deploymentConfiguration).not.toHaveProperty('strategy')
      expect(stages(harness, rollout)).toEqual([])
    })
  }, 30_000)
})
