import { describe, expect, it } from '@jest/globals'
import { ListServiceDeploymentsCommand, type Deployment } from '@aws-sdk/client-ecs'

import type { ScenarioName } from '../../emulator/index.js'
import { ECS_TARGET, START, stepUntil, withHarness } from './harness.js'
import { deploy, reachStatus } from './observe.js'

/** What a change of state means for a Deployment: any of these differs. */
const stateOf = (deployment: Deployment): string =>
  JSON.stringify([
    deployment.status,
    deployment.rolloutState,
    deployment.rolloutStateReason,
    deployment.desiredCount,
    deployment.failedTasks,
    deployment.taskDefinition
  ])

describe('deployment records carry createdAt and updatedAt', () => {
  it.each<[ScenarioName, number]>([
    ['circuit-breaker-rollback', 200],
    ['alarm-rollback', 150],
    ['operator-abort', 60],
    ['autoscaling-during-rollout', 120],
    ['blue-green-rollback', 200],
    ['duplicate-deployment', 120]
  ])('%s: every state change moves updatedAt', async (scenario, seconds) => {
    await withHarness({ scenario }, async (harness) => {
      await deploy(harness, '1.1.0')
      const seen = new Map<string, { state: string; updatedAt: number }>()
      let changes = 0
      for (let at = 0; at <= seconds; at++) {
        for (const deployment of (await harness.service()).deployments ?? []) {
          const createdAt = deployment.createdAt?.getTime()
          const updatedAt = deployment.updatedAt?.getTime()
          expect(createdAt).toEqual(expect.any(Number))
          expect(updatedAt).toEqual(expect.any(Number))
          expect(updatedAt ?? 0).toBeGreaterThanOrEqual(createdAt ?? Infinity)
          const state = stateOf(deployment)
          const before = seen.get(deployment.id ?? '')
          if (before !== undefined && before.state !== state) {
            changes++
            expect(updatedAt).toBeGreaterThan(before.updatedAt)
          }
          seen.set(deployment.id ?? '', { state, updatedAt: updatedAt ?? 0 })
        }
        harness.advance(1)
      }
      expect(changes).toBeGreaterThan(0)
    })
  })

  it('a deployment re-activated by a rollback gets a new createdAt and updatedAt; the wire has epoch seconds', async () => {
    await withHarness({ scenario: 'circuit-breaker-rollback' }, async (harness) => {
      const before = (await harness.service()).deployments?.[0]
      const rollout = await deploy(harness, '1.1.0')
      const back = await stepUntil(
        harness,
        async () => {
          const primary = (await harness.service()).deployments?.[0]
          return primary?.id === rollout.previous ? primary : undefined
        },
        { step: 1, limit: 400 }
      )
      expect(back.createdAt?.getTime()).toBe(START + 129_000)
      expect(back.updatedAt?.getTime()).toBe(START + 129_000)
      expect(back.createdAt?.getTime()).toBeGreaterThan(before?.createdAt?.getTime() ?? Infinity)

      const raw = await harness.raw(
        ECS_TARGET('DescribeServices'),
        JSON.stringify({ cluster: 'prod', services: ['web'] })
      )
      const [service] = raw.json.services as { deployments: Record<string, unknown>[] }[]
      expect(service?.deployments.length).toBeGreaterThan(1)
      for (const deployment of service?.deployments ?? []) {
        for (const member of ['createdAt', 'updatedAt']) {
          const value = deployment[member]
          expect(typeof value).toBe('number')
          expect(Math.abs((value as number) - START / 1000)).toBeLessThan(86_400 * 2)
          expect(Math.round((value as number) * 1000)).toBe((value as number) * 1000)
        }
      }
    })
  })
})

describe('scenario rollback-failed', () => {
  it('its service deployment carries rollback and both monitors', async () => {
    await withHarness({ scenario: 'rollback-failed' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      await reachStatus(harness, rollout, 'ROLLBACK_FAILED')
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      const [source] = sd.sourceServiceRevisions ?? []
      expect(sd).toMatchObject({
        status: 'ROLLBACK_FAILED',
        statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
        rollback: {
          reason: `ECS deployment circuit breaker: rolling back to deploymentId ${rollout.previous}.`,
          serviceRevisionArn: source?.arn
        },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        alarms: { status: 'DISABLED' }
      })
      expect(sd.rollback?.startedAt?.getTime()).toBe(START + (rollout.updatedAt + 132) * 1000)
      expect(sd.finishedAt?.getTime()).toBe(START + (rollout.updatedAt + 330) * 1000)
      const listed = await harness.ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
      )
      expect(listed.serviceDeployments?.[0]).toMatchObject({
        serviceDeploymentArn: rollout.serviceDeploymentArn,
        status: 'ROLLBACK_FAILED'
      })
    })
  })
})
