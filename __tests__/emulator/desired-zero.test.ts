import { describe, expect, it } from '@jest/globals'
import { ListTasksCommand } from '@aws-sdk/client-ecs'

import { startEmulator } from '../../emulator/index.js'
import { withHarness } from './harness.js'
import { deploy, sequence, observeUntil } from './observe.js'

describe('scenario desired-zero', () => {
  it('a service at desired count 0: the deployment starts no task and completes', async () => {
    await withHarness({ scenario: 'desired-zero' }, async (harness) => {
      const before = await harness.service()
      expect(before).toMatchObject({ desiredCount: 0, runningCount: 0, pendingCount: 0 })
      expect(before.deployments?.[0]).toMatchObject({ rolloutState: 'COMPLETED', desiredCount: 0 })

      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'SUCCESSFUL')
      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'SUCCESSFUL'
      ])
      expect(sequence(changes, (s) => s.ours?.rolloutState)).toEqual(['IN_PROGRESS', 'COMPLETED'])
      expect(changes.at(-1)?.at).toBeLessThanOrEqual(30)

      const service = await harness.service()
      expect(service.deployments?.map((d) => [d.id, d.status, d.desiredCount])).toEqual([
        [rollout.ours, 'PRIMARY', 0]
      ])
      expect(service).toMatchObject({ runningCount: 0, pendingCount: 0 })
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(sd.targetServiceRevision).toMatchObject({
        requestedTaskCount: 0,
        runningTaskCount: 0,
        pendingTaskCount: 0
      })
      expect(sd.deploymentCircuitBreaker).toMatchObject({ status: 'MONITORING_COMPLETE' })
      for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
        const tasks = await harness.ecs.send(
          new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus })
        )
        expect(tasks.taskArns).toEqual([])
      }
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      expect(messages.slice(0, 2)).toEqual([
        '(service web) has reached a steady state.',
        `(service web) (deployment ${rollout.ours}) deployment completed.`
      ])
      expect(messages.some((message) => message.includes('has started'))).toBe(false)
    })
  })

  it('the desiredCount option accepts 0 for any scenario, and rejects a negative count', async () => {
    await withHarness({ scenario: 'success', desiredCount: 0 }, async (harness) => {
      expect((await harness.service()).desiredCount).toBe(0)
      const rollout = await deploy(harness, '1.1.0')
      await observeUntil(harness, rollout, 'SUCCESSFUL')
    })
    await expect(startEmulator({ scenario: 'success', desiredCount: -1 })).rejects.toThrow(
      'desiredCount must be a non-negative integer, got -1'
    )
  })
})
