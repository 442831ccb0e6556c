import { describe, expect, it } from '@jest/globals'
import { ContinueServiceDeploymentCommand } from '@aws-sdk/client-ecs'

import { withHarness, type Harness } from './harness.js'
import { deploy, serviceDeploymentHistory, type Rollout } from './observe.js'

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:web-smoke-test'

async function hookOf(harness: Harness, rollout: Rollout) {
  const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
  const [hook, ...others] = sd.lifecycleHookDetails ?? []
  expect(others).toEqual([])
  return { sd, hook }
}

/** The rollback ECS starts for a hook: back to blue, with the `rollback` member set. */
async function expectRolledBack(harness: Harness, rollout: Rollout, at: number) {
  expect(serviceDeploymentHistory(harness, rollout)).toEqual([
    { at: 0, what: 'PENDING' },
    { at: 1, what: 'IN_PROGRESS' },
    { at, what: 'ROLLBACK_REQUESTED' },
    { at: at + 3, what: 'ROLLBACK_IN_PROGRESS' },
    { at: at + 35, what: 'ROLLBACK_SUCCESSFUL' }
  ])
  const { sd } = await hookOf(harness, rollout)
  const [blue] = sd.sourceServiceRevisions ?? []
  expect(sd.rollback).toMatchObject({ serviceRevisionArn: blue?.arn })
  expect(sd.rollback?.startedAt).toBeInstanceOf(Date)
  expect(sd.statusReason).toEqual(expect.any(String))
  expect(blue).toMatchObject({ requestedProductionTrafficWeight: 100 })
  const service = await harness.service()
  expect(service.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
    [rollout.previous, 'PRIMARY', 'COMPLETED']
  ])
  expect(service.taskDefinition).toMatch(/web:1$/)
}

describe('scenario blue-green-hook-failed', () => {
  it('a Lambda hook answering FAILED rolls the deployment back', async () => {
    await withHarness({ scenario: 'blue-green-hook-failed' }, async (harness) => {
      expect((await harness.service()).deploymentConfiguration?.lifecycleHooks).toEqual([
        {
          targetType: 'AWS_LAMBDA',
          hookTargetArn: FUNCTION,
          roleArn: 'arn:aws:iam::123456789012:role/ecsLambdaInvokeRole',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 10, action: 'ROLLBACK' }
        }
      ])
      const rollout = await deploy(harness, '1.1.0')
      harness.advance(70)
      const running = await hookOf(harness, rollout)
      expect(running.sd).toMatchObject({
        status: 'IN_PROGRESS',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'
      })
      expect(running.hook).toMatchObject({
        targetType: 'AWS_LAMBDA',
        targetArn: FUNCTION,
        status: 'IN_PROGRESS',
        timeoutAction: 'ROLLBACK'
      })
      expect(running.hook?.hookId).toMatch(/^ecs-lambda-[A-Za-z0-9_-]{43}$/)
      // Only a PAUSE hook awaiting action can be continued.
      await expect(
        harness.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: rollout.serviceDeploymentArn,
            hookId: running.hook?.hookId
          })
        )
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })

      harness.advance(100)
      await expectRolledBack(harness, rollout, 97)
      expect((await hookOf(harness, rollout)).hook).toMatchObject({
        status: 'FAILED',
        targetArn: FUNCTION
      })
    })
  })

  it('reworded: the same statuses; the reasons keep only ids', async () => {
    await withHarness(
      { scenario: 'blue-green-hook-failed', rewordTexts: true },
      async (harness) => {
        const rollout = await deploy(harness, '1.1.0')
        harness.advance(170)
        await expectRolledBack(harness, rollout, 97)
        const { sd, hook } = await hookOf(harness, rollout)
        expect(hook).toMatchObject({ status: 'FAILED', targetArn: FUNCTION })
        expect(sd.rollback?.reason).toContain(rollout.previous)
        expect(`${sd.statusReason ?? ''} ${sd.rollback?.reason ?? ''}`).not.toMatch(
          /hook|rollback|rolling|lifecycle/i
        )
      }
    )
  })
})

describe('scenario blue-green-hook-timeout', () => {
  it('a Lambda hook that never answers SUCCEEDED times out, and its ROLLBACK action applies', async () => {
    await withHarness({ scenario: 'blue-green-hook-timeout' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      harness.advance(360)
      const waiting = await hookOf(harness, rollout)
      expect(waiting.hook?.status).toBe('IN_PROGRESS')
      // Entered POST_TEST_TRAFFIC_SHIFT at +67, timeoutInMinutes 5.
      expect(waiting.hook?.expiresAt?.getTime()).toBe(
        (waiting.sd.createdAt?.getTime() ?? 0) + 367_000
      )
      harness.advance(100)
      await expectRolledBack(harness, rollout, 367)
      expect((await hookOf(harness, rollout)).hook?.status).toBe('TIMED_OUT')
    })
  })
})
