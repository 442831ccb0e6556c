import { describe, expect, it } from '@jest/globals'

import { ECR_TARGET, START, stepUntil, tasksOf, withHarness, type Harness } from './harness.js'
import {
  deploy,
  moments,
  observeUntil,
  reachStatus,
  sequence,
  serviceDeploymentHistory
} from './observe.js'

const messagesOf = async (harness: Harness): Promise<string[]> =>
  ((await harness.service()).events ?? []).map((event) => event.message ?? '').reverse()

describe('scenario alarm-rollback', () => {
  it('fails the healthy deployment when web-5xx-rate goes into ALARM and rolls back', async () => {
    await withHarness({ scenario: 'alarm-rollback' }, async (harness) => {
      const before = await harness.service()
      expect(before.deploymentConfiguration?.alarms).toEqual({
        alarmNames: ['web-5xx-rate'],
        enable: true,
        rollback: true
      })
      const rollout = await deploy(harness, '1.1.0')
      // One-second polls through the alarm; the timeline has the rest to the second.
      const changes = await observeUntil(harness, rollout, 'ROLLBACK_IN_PROGRESS')
      harness.advance(70)
      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'ROLLBACK_REQUESTED',
        'ROLLBACK_IN_PROGRESS'
      ])
      expect(sequence(changes, (s) => s.ours?.rolloutState)).toEqual(['IN_PROGRESS', 'FAILED'])
      expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours, rollout.previous])
      expect(sequence(changes, (s) => s.taskDefinition)).toEqual(['web:2', 'web:1'])
      // The tasks never failed: the breaker saw nothing.
      expect(sequence(changes, (s) => s.breaker)).toEqual(['MONITORING 0/3'])
      expect(changes.find((s) => s.serviceDeployment === 'ROLLBACK_REQUESTED')?.at).toBe(60)

      expect(serviceDeploymentHistory(harness, rollout)).toEqual([
        { at: 0, what: 'PENDING' },
        { at: 1, what: 'IN_PROGRESS' },
        { at: 60, what: 'ROLLBACK_REQUESTED' },
        { at: 63, what: 'ROLLBACK_IN_PROGRESS' },
        { at: 127, what: 'ROLLBACK_SUCCESSFUL' }
      ])
      expect(moments(harness, rollout, /^(alarm |deployment .* (FAILED|COMPLETED)$)/)).toEqual([
        { at: 60, what: 'alarm web-5xx-rate ALARM' },
        { at: 60, what: `deployment ${rollout.ours} FAILED` },
        { at: 127, what: `deployment ${rollout.previous} COMPLETED` }
      ])

      const serviceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(serviceDeployment).toMatchObject({
        status: 'ROLLBACK_SUCCESSFUL',
        statusReason: 'ECS deployment alarms: alarm detected.',
        alarms: {
          status: 'TRIGGERED',
          alarmNames: ['web-5xx-rate'],
          triggeredAlarmNames: ['web-5xx-rate']
        },
        deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
        deploymentConfiguration: {
          alarms: { alarmNames: ['web-5xx-rate'], enable: true, rollback: true }
        },
        rollback: {
          reason: `ECS deployment alarms: rolling back to deploymentId ${rollout.previous}.`,
          serviceRevisionArn: serviceDeployment.sourceServiceRevisions?.[0]?.arn
        }
      })
      expect(serviceDeployment.rollback?.startedAt?.getTime()).toBe(
        START + (rollout.updatedAt + 63) * 1000
      )

      const messages = await messagesOf(harness)
      const failed = messages.indexOf(
        `(service web) (deployment ${rollout.ours}) deployment failed: alarm detected.`
      )
      expect(failed).toBeGreaterThan(-1)
      expect(messages[failed + 1]).toBe(
        `(service web) rolling back to deployment ${rollout.previous}.`
      )
      expect(messages.at(-1)).toBe('(service web) has reached a steady state.')
      expect(messages.some((message) => message.includes('tasks failed to start'))).toBe(false)

      // Our tasks were healthy; the scheduler stopped them for the rollback.
      const ours = await tasksOf(harness, rollout.ours, 'STOPPED')
      expect(ours).toHaveLength(2)
      for (const task of ours) {
        expect(task).toMatchObject({
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Scaling activity initiated by (deployment ${rollout.ours})`
        })
        expect(task.startedAt).toBeInstanceOf(Date)
        expect(task.containers?.[0]?.exitCode).toBe(0)
      }
      const service = await harness.service()
      expect(service.deployments?.map((deployment) => deployment.rolloutState)).toEqual([
        'COMPLETED'
      ])
      expect(service.runningCount).toBe(2)
    })
  })
})

describe('scenario rollback-failed', () => {
  it('rolls back after the breaker trips, the old revision crashes too, ROLLBACK_FAILED', async () => {
    await withHarness({ scenario: 'rollback-failed' }, async (harness) => {
      const before = await harness.service()
      expect(before.deploymentConfiguration?.minimumHealthyPercent).toBe(50)
      const rollout = await deploy(harness, '1.1.0')
      await reachStatus(harness, rollout, 'ROLLBACK_FAILED')
      expect(serviceDeploymentHistory(harness, rollout)).toEqual([
        { at: 0, what: 'PENDING' },
        { at: 1, what: 'IN_PROGRESS' },
        { at: 129, what: 'ROLLBACK_REQUESTED' },
        { at: 132, what: 'ROLLBACK_IN_PROGRESS' },
        { at: 330, what: 'ROLLBACK_FAILED' }
      ])
      expect(moments(harness, rollout, /^deployment .* (FAILED|COMPLETED|rollback\))$/)).toEqual([
        { at: 129, what: `deployment ${rollout.ours} FAILED` },
        {
          at: 129,
          what: `deployment ${rollout.previous} PRIMARY IN_PROGRESS (circuit breaker rollback)`
        },
        { at: 330, what: `deployment ${rollout.previous} FAILED` }
      ])

      const serviceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(serviceDeployment).toMatchObject({
        status: 'ROLLBACK_FAILED',
        statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        rollback: {
          reason: `ECS deployment circuit breaker: rolling back to deploymentId ${rollout.previous}.`
        }
      })
      expect(serviceDeployment.finishedAt?.getTime()).toBe(START + (rollout.updatedAt + 330) * 1000)

      // The rollback deployment is PRIMARY, FAILED and launches nothing more; one old task survives.
      const service = await harness.service()
      expect(service.taskDefinition).toBe(
        'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
      )
      expect(service.deployments).toHaveLength(1)
      expect(service.deployments?.[0]).toMatchObject({
        id: rollout.previous,
        status: 'PRIMARY',
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        failedTasks: 3,
        desiredCount: 2,
        runningCount: 1
      })
      const messages = await messagesOf(harness)
      const since = messages.indexOf(
        `(service web) (deployment ${rollout.ours}) deployment failed: tasks failed to start.`
      )
      expect(since).toBeGreaterThan(-1)
      expect(
        messages.slice(since).filter((message) => /failed|rolling back/.test(message))
      ).toEqual([
        `(service web) (deployment ${rollout.ours}) deployment failed: tasks failed to start.`,
        `(service web) rolling back to deployment ${rollout.previous}.`,
        `(service web) (deployment ${rollout.previous}) deployment failed: tasks failed to start.`
      ])

      const crashedOld = (await tasksOf(harness, rollout.previous, 'STOPPED')).filter(
        (task) => task.stopCode === 'EssentialContainerExited'
      )
      expect(crashedOld).toHaveLength(3)
      expect(
        crashedOld.every((task) => task.taskDefinitionArn?.endsWith('task-definition/web:1'))
      ).toBe(true)
      // The seeded service deployment is history and stays as it was.
      const seeded = await harness.serviceDeployment(before.currentServiceDeployment ?? '')
      expect(seeded).toMatchObject({
        status: 'SUCCESSFUL',
        deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0 }
      })
      harness.advance(900)
      expect((await harness.service()).deployments?.[0]?.failedTasks).toBe(3)
    })
  })
})

describe('scenario pull-error-stall', () => {
  it('stops at failedTasks 2 with TaskFailedToStart, backs off further and never trips', async () => {
    await withHarness({ scenario: 'pull-error-stall' }, async (harness) => {
      // The tag does not exist in ECR; ECS only finds out when Fargate pulls.
      const lookup = await harness.raw(
        ECR_TARGET('DescribeImages'),
        JSON.stringify({ repositoryName: 'web', imageIds: [{ imageTag: '9.9.9' }] })
      )
      expect(lookup.json.__type).toBe('ImageNotFoundException')
      const rollout = await deploy(harness, '9.9.9')
      const failedTasks: number[] = []
      for (let minute = 1; minute <= 20; minute++) {
        harness.advance(60)
        const service = await harness.service()
        const ours = service.deployments?.find((deployment) => deployment.id === rollout.ours)
        expect(ours).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
        failedTasks.push(ours?.failedTasks ?? -1)
        expect(service.runningCount).toBe(2) // the old tasks keep serving
      }
      expect(failedTasks).toEqual(Array.from({ length: 20 }, () => 2))
      const serviceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(serviceDeployment).toMatchObject({
        status: 'IN_PROGRESS',
        deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 2, threshold: 3 }
      })
      expect(serviceDeploymentHistory(harness, rollout).map((moment) => moment.what)).toEqual([
        'PENDING',
        'IN_PROGRESS'
      ])

      const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:9.9.9'
      const reason = `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${image}: ${image}: not found`
      const stopped = await tasksOf(harness, rollout.ours, 'STOPPED')
      expect(stopped).toHaveLength(2)
      for (const task of stopped) {
        expect(task).toMatchObject({
          lastStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason: reason
        })
        expect(task.containers?.[0]).toMatchObject({ lastStatus: 'STOPPED', reason })
        expect(task.containers?.[0]?.exitCode).toBeUndefined()
        expect(task.startedAt).toBeUndefined()
        expect(task.pullStartedAt).toBeInstanceOf(Date)
      }

      const events = [...((await harness.service()).events ?? [])]
        .reverse()
        .filter((event) => (event.createdAt?.getTime() ?? 0) >= START + rollout.updatedAt * 1000)
      const at = (event: (typeof events)[number]): number =>
        ((event.createdAt?.getTime() ?? 0) - START) / 1000 - rollout.updatedAt
      const unableToPlace = events.filter(
        (event) => event.message === `(service web) was unable to place a task. Reason: ${reason}.`
      )
      expect(unableToPlace.map(at)).toEqual([43, 45, 165, 405, 885])
      expect(
        events
          .filter(
            (event) =>
              event.message ===
              '(service web) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.'
          )
          .map(at)
      ).toEqual([165, 885])
      expect(
        events.filter((event) => event.message?.startsWith('(service web) has started'))
      ).toHaveLength(1)
    })
  })
})

describe('scenario slow-success', () => {
  it('rolls out one task at a time and completes after about 9 minutes', async () => {
    await withHarness({ scenario: 'slow-success' }, async (harness) => {
      expect((await harness.service()).deploymentConfiguration?.maximumPercent).toBe(150)
      const rollout = await deploy(harness, '1.1.0')
      const inProgress: string[] = []
      await stepUntil(
        harness,
        async () => {
          const status = (await harness.serviceDeployment(rollout.serviceDeploymentArn)).status
          if (status === 'IN_PROGRESS' && harness.elapsed() - rollout.updatedAt >= 480)
            inProgress.push(status)
          return status === 'SUCCESSFUL' ? status : undefined
        },
        { step: 30, limit: 900 }
      )
      expect(inProgress.length).toBeGreaterThan(0) // still going after 8 minutes
      expect(serviceDeploymentHistory(harness, rollout)).toEqual([
        { at: 0, what: 'PENDING' },
        { at: 1, what: 'IN_PROGRESS' },
        { at: 543, what: 'SUCCESSFUL' }
      ])
      expect(moments(harness, rollout, /COMPLETED$/)).toEqual([
        { at: 543, what: `deployment ${rollout.ours} COMPLETED` }
      ])
      const events = [...((await harness.service()).events ?? [])]
        .reverse()
        .filter((event) => (event.createdAt?.getTime() ?? 0) >= START + rollout.updatedAt * 1000)
        .map((event) => event.message ?? '')
        .filter((message) => /has (started|stopped)/.test(message))
        .map((message) => message.replace(/ \(task [0-9a-f]{32}\)/g, ''))
      expect(events).toEqual([
        '(service web) has started 1 tasks:.',
        '(service web) has stopped 1 running tasks:.',
        '(service web) has started 1 tasks:.',
        '(service web) has stopped 1 running tasks:.'
      ])
    })
  })
})
