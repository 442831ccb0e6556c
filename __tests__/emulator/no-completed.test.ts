import { describe, expect, it } from '@jest/globals'
import { ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs'

import { tasksOf, withHarness } from './harness.js'
import { deploy, sequence, observeUntil } from './observe.js'

describe('scenario no-completed-deployment', () => {
  it('the breaker trips with rollback on, but nothing COMPLETED exists: ours FAILED, PRIMARY, STOPPED', async () => {
    await withHarness({ scenario: 'no-completed-deployment' }, async (harness) => {
      const before = await harness.service()
      expect(before.deployments).toHaveLength(1)
      expect(before.deployments?.[0]).toMatchObject({
        status: 'PRIMARY',
        rolloutState: 'FAILED',
        runningCount: 0,
        failedTasks: 3
      })
      const [seeded] =
        (
          await harness.ecs.send(
            new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
          )
        ).serviceDeployments ?? []
      expect(seeded?.status).toBe('STOPPED')
      expect(before.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
        enable: true,
        rollback: true
      })

      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'STOPPED')
      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'STOPPED'
      ])
      expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours])
      expect(changes.at(-1)).toMatchObject({
        ours: { status: 'PRIMARY', rolloutState: 'FAILED', failedTasks: 3 },
        breaker: 'TRIGGERED 3/3',
        taskDefinition: 'web:2'
      })
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(sd.rollback).toBeUndefined()
      expect(sd.stoppedAt).toBeInstanceOf(Date)

      // Stalled: no new task after the trip, no rollback event.
      const launched = (await tasksOf(harness, rollout.ours, 'STOPPED')).length
      harness.advance(900)
      expect((await tasksOf(harness, rollout.ours, 'STOPPED')).length).toBe(launched)
      const service = await harness.service()
      expect(service.deployments?.[0]).toMatchObject({ id: rollout.ours, status: 'PRIMARY' })
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      expect(messages.some((message) => message.includes('rolling back'))).toBe(false)
      expect(harness.emulator.timeline.some((entry) => entry.what.includes('rollback)'))).toBe(
        false
      )
    })
  })

  it('previousDeployment in-progress: our breaker trip finds nothing to roll back to either', async () => {
    await withHarness(
      { scenario: 'circuit-breaker-rollback', previousDeployment: 'in-progress' },
      async (harness) => {
        const before = await harness.service()
        expect(before.deployments?.[0]).toMatchObject({
          rolloutState: 'IN_PROGRESS',
          runningCount: 2
        })
        expect(
          (await harness.serviceDeployment(before.currentServiceDeployment ?? '')).status
        ).toBe('IN_PROGRESS')
        const rollout = await deploy(harness, '1.1.0')
        await observeUntil(harness, rollout, 'STOPPED')
        const service = await harness.service()
        expect(service.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
          [rollout.ours, 'PRIMARY', 'FAILED'],
          [rollout.previous, 'ACTIVE', 'IN_PROGRESS']
        ])
        // The replaced one's service deployment was stopped when ours started.
        expect(
          (await harness.serviceDeployment(before.currentServiceDeployment ?? '')).status
        ).toBe('STOPPED')
        expect(service.runningCount).toBe(2)
      }
    )
  })
})
