import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  type ServiceDeploymentBrief
} from '@aws-sdk/client-ecs'

import { tasksOf, withHarness, type Harness } from './harness.js'
import {
  deploy,
  moments,
  sequence,
  serviceDeploymentHistory,
  observeUntil,
  ROLLED_BACK
} from './observe.js'

const listed = async (harness: Harness): Promise<ServiceDeploymentBrief[]> =>
  (await harness.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })))
    .serviceDeployments ?? []

describe('scenario operator-rollback', () => {
  it('an operator rolls our deployment back 30 s in: the previous deployment returns', async () => {
    await withHarness({ scenario: 'operator-rollback' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'ROLLBACK_SUCCESSFUL')
      expect(serviceDeploymentHistory(harness, rollout).map((m) => m.what)).toEqual(ROLLED_BACK)
      expect(moments(harness, rollout, /^operator /)).toEqual([
        { at: 30, what: `operator StopServiceDeployment ROLLBACK ${rollout.serviceDeploymentArn}` }
      ])
      expect(changes.find((s) => s.serviceDeployment === 'ROLLBACK_REQUESTED')).toMatchObject({
        at: 30,
        primary: rollout.previous,
        ours: { status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 0 },
        breaker: 'MONITORING 0/3'
      })
      expect(sequence(changes, (s) => s.taskDefinition)).toEqual(['web:2', 'web:1'])
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(sd.rollback?.serviceRevisionArn).toBe(sd.sourceServiceRevisions?.[0]?.arn)
      expect(sd.rollback?.reason).toContain(rollout.previous)
      const service = await harness.service()
      expect(service.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
        [rollout.previous, 'PRIMARY', 'COMPLETED']
      ])
      expect(service.runningCount).toBe(2)
      // The operator's call is not ours: only RegisterTaskDefinition and UpdateService were made.
      expect(harness.emulator.mutatingCalls().map((call) => call.operation)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService'
      ])
    })
  })
})

describe('scenario operator-abort', () => {
  it('an operator aborts 30 s in: STOPPED, ours stays PRIMARY and FAILED, nothing rolls back', async () => {
    await withHarness({ scenario: 'operator-abort' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      await observeUntil(harness, rollout, 'STOPPED')
      expect(serviceDeploymentHistory(harness, rollout)).toEqual([
        { at: 0, what: 'PENDING' },
        { at: 1, what: 'IN_PROGRESS' },
        { at: 30, what: 'STOP_REQUESTED' },
        { at: 35, what: 'STOPPED' }
      ])
      harness.advance(120)
      const service = await harness.service()
      expect(service.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
        [rollout.ours, 'PRIMARY', 'FAILED'],
        [rollout.previous, 'ACTIVE', 'COMPLETED']
      ])
      expect(service.taskDefinition).toMatch(/web:2$/)
      // The previous deployment keeps serving; nothing drains it.
      expect(service.deployments?.[1]?.runningCount).toBe(2)
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(sd.rollback).toBeUndefined()
      expect(sd.stoppedAt).toBeInstanceOf(Date)
    })
  })

  it('operatorStop works with any scenario; a stop after the end is refused and recorded', async () => {
    await withHarness(
      { scenario: 'success', operatorStop: { afterSeconds: 200, stopType: 'ROLLBACK' } },
      async (harness) => {
        const rollout = await deploy(harness, '1.1.0')
        harness.advance(300)
        expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe(
          'SUCCESSFUL'
        )
        expect(moments(harness, rollout, /^operator /).map((m) => m.what)).toEqual([
          `operator StopServiceDeployment ROLLBACK ${rollout.serviceDeploymentArn}`,
          `operator StopServiceDeployment refused (ConflictException) ${rollout.serviceDeploymentArn}`
        ])
      }
    )
  })
})

describe('scenario autoscaling-during-rollout', () => {
  it('the desired count rises to 4 mid-rollout: no new deployment, the rollout completes with 4', async () => {
    await withHarness({ scenario: 'autoscaling-during-rollout' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'SUCCESSFUL')
      expect(sequence(changes, (s) => s.ours?.desiredCount)).toEqual([0, 2, 4])
      expect(changes.find((s) => s.ours?.desiredCount === 4)?.at).toBe(20)
      expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours])
      const service = await harness.service()
      expect(service).toMatchObject({ desiredCount: 4, runningCount: 4, pendingCount: 0 })
      expect(service.currentServiceDeployment).toBe(rollout.serviceDeploymentArn)
      expect(await listed(harness)).toHaveLength(2) // the seeded one and ours: nothing new
      const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(sd.targetServiceRevision).toMatchObject({ requestedTaskCount: 4, runningTaskCount: 4 })
      expect((await tasksOf(harness, rollout.ours, 'RUNNING')).length).toBe(4)
      // Scaling activities are not service-scheduler events: DescribeServices shows none.
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      expect(messages.some((message) => /desired count|scal/i.test(message))).toBe(false)
    })
  })

  it('a scale-in waits until the deployment has completed', async () => {
    await withHarness(
      { scenario: 'success', scaleTo: { afterSeconds: 20, desiredCount: 1 } },
      async (harness) => {
        const rollout = await deploy(harness, '1.1.0')
        harness.advance(60)
        expect((await harness.service()).desiredCount).toBe(2)
        await observeUntil(harness, rollout, 'SUCCESSFUL')
        harness.advance(60)
        const service = await harness.service()
        expect(service).toMatchObject({ desiredCount: 1, runningCount: 1 })
        expect(moments(harness, rollout, /^autoscaling /)[0]?.at).toBeGreaterThanOrEqual(90)
      }
    )
  })
})

describe('scenario duplicate-deployment', () => {
  it('ECS starts a second deployment of our revision; ours ends STOPPED, the second completes', async () => {
    await withHarness({ scenario: 'duplicate-deployment' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'STOPPED')
      const stoppedAt = changes.at(-1)?.at ?? -1
      expect(stoppedAt).toBeGreaterThanOrEqual(10)
      expect(stoppedAt).toBeLessThanOrEqual(12)
      const service = await harness.service()
      const second = service.deployments?.[0]
      expect(second?.id).not.toBe(rollout.ours)
      expect(second).toMatchObject({ status: 'PRIMARY', taskDefinition: service.taskDefinition })
      expect(service.taskDefinition).toMatch(/web:2$/)
      expect(service.deployments?.find((d) => d.id === rollout.ours)?.status).toBe('ACTIVE')
      const secondArn = service.currentServiceDeployment ?? ''
      expect(secondArn).not.toBe(rollout.serviceDeploymentArn)

      // The real output in ecspresso#899: the first one STOPPED, finished just after the second started.
      const [newest, ours] = await listed(harness)
      expect(newest).toMatchObject({ serviceDeploymentArn: secondArn, status: 'IN_PROGRESS' })
      expect(ours).toMatchObject({
        serviceDeploymentArn: rollout.serviceDeploymentArn,
        status: 'STOPPED'
      })
      expect(ours?.finishedAt?.getTime()).toBeGreaterThan(newest?.startedAt?.getTime() ?? Infinity)
      expect(ours?.finishedAt?.getTime()).toBeLessThan((newest?.startedAt?.getTime() ?? 0) + 1000)
      // Two service revisions, one task definition.
      const revisions = await harness.ecs.send(
        new DescribeServiceRevisionsCommand({
          serviceRevisionArns: [
            newest?.targetServiceRevisionArn ?? '',
            ours?.targetServiceRevisionArn ?? ''
          ]
        })
      )
      expect(newest?.targetServiceRevisionArn).not.toBe(ours?.targetServiceRevisionArn)
      expect(revisions.serviceRevisions?.map((revision) => revision.taskDefinition)).toEqual([
        service.taskDefinition,
        service.taskDefinition
      ])

      harness.advance(200)
      expect((await harness.serviceDeployment(secondArn)).status).toBe('SUCCESSFUL')
      expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe('STOPPED')
      const settled = await harness.service()
      expect(settled.deployments?.map((d) => [d.id, d.rolloutState])).toEqual([
        [second?.id, 'COMPLETED']
      ])
      expect(settled.runningCount).toBe(2)
    })
  })
})
