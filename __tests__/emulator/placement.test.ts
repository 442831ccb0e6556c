import { describe, expect, it } from '@jest/globals'

import { tasksOf, withHarness, type Harness } from './harness.js'
import { deploy, snapshotOf, type Rollout } from './observe.js'

const placementEvents = async (harness: Harness): Promise<string[]> =>
  ((await harness.service()).events ?? [])
    .map((event) => event.message ?? '')
    .filter((message) => message.includes('to place a task'))

/** Ten minutes in: nothing placed, nothing failed, still IN_PROGRESS; the old tasks serve. */
async function stuck(harness: Harness, rollout: Rollout): Promise<void> {
  harness.advance(3)
  for (let at = 3; at <= 600; at += 30) {
    const service = await harness.service()
    const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
    expect(snapshotOf(rollout, at, service, sd)).toMatchObject({
      serviceDeployment: 'IN_PROGRESS',
      primary: rollout.ours,
      ours: { status: 'PRIMARY', rolloutState: 'IN_PROGRESS', failedTasks: 0, desiredCount: 2 },
      breaker: 'MONITORING 0/3'
    })
    harness.advance(30)
  }
  const service = await harness.service()
  expect(service.deployments?.map((d) => [d.id, d.runningCount, d.pendingCount])).toEqual([
    [rollout.ours, 0, 0],
    [rollout.previous, 2, 0]
  ])
  expect(await tasksOf(harness, rollout.ours, 'RUNNING')).toEqual([])
  expect(await tasksOf(harness, rollout.ours, 'STOPPED')).toEqual([])
  const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
  expect(sd.targetServiceRevision).toMatchObject({ runningTaskCount: 0, pendingTaskCount: 0 })
}

describe('scenario placement-no-instances', () => {
  it('no container instance has room: one placement event, no task, IN_PROGRESS; again after 6 h', async () => {
    await withHarness({ scenario: 'placement-no-instances' }, async (harness) => {
      const before = await harness.service()
      expect(before.launchType).toBe('EC2')
      expect(before.deployments?.[0]?.launchType).toBe('EC2')
      const rollout = await deploy(harness, '1.1.0')
      await stuck(harness, rollout)
      const [event, ...others] = await placementEvents(harness)
      expect(others).toEqual([])
      expect(event).toMatch(
        /^\(service web\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]{32}\) has insufficient memory available\. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide\.$/
      )
      // ECS omits a duplicate event for six hours while the cause lasts.
      harness.advance(6 * 3600)
      const again = await placementEvents(harness)
      expect(again).toEqual([event, event])
      expect(
        (await harness.serviceDeployment(rollout.serviceDeploymentArn)).deploymentCircuitBreaker
      ).toMatchObject({ status: 'MONITORING', failureCount: 0 })
    })
  })

  it('reworded: the container instance id survives, the words do not', async () => {
    await withHarness(
      { scenario: 'placement-no-instances', rewordTexts: true },
      async (harness) => {
        await deploy(harness, '1.1.0')
        harness.advance(30)
        const messages = ((await harness.service()).events ?? []).map((e) => e.message ?? '')
        const [newest] = messages
        expect(newest).toMatch(/\(container-instance [0-9a-f]{32}\)/)
        for (const message of messages)
          expect(message).not.toMatch(/unable|place|memory|insufficient|instance met/i)
      }
    )
  })
})

describe('scenario placement-fargate-capacity', () => {
  it('Fargate has no capacity: the capacity event, no task, IN_PROGRESS', async () => {
    await withHarness({ scenario: 'placement-fargate-capacity' }, async (harness) => {
      expect((await harness.service()).launchType).toBe('FARGATE')
      const rollout = await deploy(harness, '1.1.0')
      await stuck(harness, rollout)
      expect(await placementEvents(harness)).toEqual([
        '(service web) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.'
      ])
    })
  })
})
