import { describe, expect, it } from '@jest/globals'
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand
} from '@aws-sdk/client-ecs'

import { START, tasksOf, withHarness, type Harness } from './harness.js'
import { deploy, observe, sequence, type Rollout, observeUntil, ROLLED_BACK } from './observe.js'

const terminalEntry = (harness: Harness, rollout: Rollout) =>
  harness.emulator.timeline.find(
    (entry) =>
      entry.what.endsWith(rollout.serviceDeploymentArn) &&
      /^service-deployment (SUCCESSFUL|STOPPED|ROLLBACK_SUCCESSFUL|ROLLBACK_FAILED) /.test(
        entry.what
      )
  )

describe('scenario success', () => {
  it('starts new tasks, stops the old ones and completes in about 1-3 minutes', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'SUCCESSFUL')

      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'SUCCESSFUL'
      ])
      expect(sequence(changes, (s) => s.ours?.rolloutState)).toEqual(['IN_PROGRESS', 'COMPLETED'])
      expect(sequence(changes, (s) => s.ours?.desiredCount)).toEqual([0, 2])
      expect(sequence(changes, (s) => s.breaker)).toEqual([
        'MONITORING 0/3',
        'MONITORING_COMPLETE 0/3'
      ])
      expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours])
      const done = changes.at(-1)
      expect(done?.at).toBeGreaterThanOrEqual(60)
      expect(done?.at).toBeLessThanOrEqual(180)

      const service = await harness.service()
      expect(service.deployments?.map((deployment) => deployment.id)).toEqual([rollout.ours])
      expect(service).toMatchObject({
        runningCount: 2,
        pendingCount: 0,
        taskDefinition: rollout.service.taskDefinition
      })
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      expect(messages.slice(0, 2)).toEqual([
        '(service web) has reached a steady state.',
        `(service web) (deployment ${rollout.ours}) deployment completed.`
      ])
      expect(
        messages.some((message) =>
          /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(
            message
          )
        )
      ).toBe(true)
      expect(messages.filter((message) => message.includes('has stopped')).length).toBeGreaterThan(
        0
      )

      const replaced = await tasksOf(harness, rollout.previous, 'STOPPED')
      expect(replaced).toHaveLength(2)
      for (const task of replaced) {
        expect(task).toMatchObject({
          lastStatus: 'STOPPED',
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Scaling activity initiated by (deployment ${rollout.previous})`,
          group: 'service:web'
        })
      }
      const running = await tasksOf(harness, rollout.ours, 'RUNNING')
      expect(running.map((task) => task.lastStatus)).toEqual(['RUNNING', 'RUNNING'])
      expect(running[0]?.taskArn).toMatch(
        /^arn:aws:ecs:us-east-1:123456789012:task\/prod\/[0-9a-f]{32}$/
      )
      expect(running[0]?.containers?.[0]?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/)

      const terminal = terminalEntry(harness, rollout)
      expect(terminal?.what.startsWith('service-deployment SUCCESSFUL ')).toBe(true)
      // The terminal moment lies within the last polling step, and (timeScale 1) real = virtual.
      const polledAt = START + (rollout.updatedAt + (done?.at ?? 0)) * 1000
      expect(polledAt - (terminal?.virtualTime ?? 0)).toBeGreaterThanOrEqual(0)
      expect(polledAt - (terminal?.virtualTime ?? 0)).toBeLessThan(1000)
      expect(terminal?.realTime).toBe(terminal?.virtualTime)
    })
  })
})

describe('scenario circuit-breaker-rollback', () => {
  it('fails the deployment at the threshold, rolls back to the previous deployment and converges', async () => {
    await withHarness({ scenario: 'circuit-breaker-rollback' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'ROLLBACK_SUCCESSFUL')

      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual(ROLLED_BACK)
      expect(sequence(changes, (s) => s.ours?.failedTasks)).toEqual([0, 1, 2, 3, undefined])
      expect(sequence(changes, (s) => s.ours?.rolloutState)).toEqual([
        'IN_PROGRESS',
        'FAILED',
        undefined
      ])
      expect(sequence(changes, (s) => s.breaker)).toEqual([
        'MONITORING 0/3',
        'MONITORING 1/3',
        'MONITORING 2/3',
        'TRIGGERED 3/3'
      ])
      // The rollback re-activates the previous deployment under its own id.
      expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours, rollout.previous])
      expect(sequence(changes, (s) => s.taskDefinition)).toEqual(['web:2', 'web:1'])
      const tripped = changes.find((s) => s.serviceDeployment === 'ROLLBACK_REQUESTED')
      expect(tripped?.at).toBeGreaterThanOrEqual(90)
      expect(tripped?.at).toBeLessThanOrEqual(400)
      expect(tripped?.ours).toMatchObject({
        status: 'ACTIVE',
        rolloutState: 'FAILED',
        failedTasks: 3
      })

      const service = await harness.service()
      expect(service.deployments).toHaveLength(1)
      expect(service.deployments?.[0]).toMatchObject({
        id: rollout.previous,
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
      })
      expect(service.runningCount).toBe(2)
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      const failedAt = messages.indexOf(
        `(service web) (deployment ${rollout.ours}) deployment failed: tasks failed to start.`
      )
      const rollingBackAt = messages.indexOf(
        `(service web) rolling back to deployment ${rollout.previous}.`
      )
      expect(failedAt).toBeGreaterThan(-1)
      expect(rollingBackAt).toBeGreaterThan(-1)
      expect(rollingBackAt).toBeLessThan(failedAt) // newest first
      expect(messages[0]).toBe('(service web) has reached a steady state.')

      const serviceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(serviceDeployment).toMatchObject({
        status: 'ROLLBACK_SUCCESSFUL',
        statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        rollback: {
          reason: `ECS deployment circuit breaker: rolling back to deploymentId ${rollout.previous}.`,
          serviceRevisionArn: serviceDeployment.sourceServiceRevisions?.[0]?.arn
        }
      })
      expect(serviceDeployment.rollback?.startedAt).toBeInstanceOf(Date)
      expect(serviceDeployment.finishedAt).toBeInstanceOf(Date)

      const crashed = (await tasksOf(harness, rollout.ours, 'STOPPED')).filter(
        (task) => task.stopCode === 'EssentialContainerExited'
      )
      expect(crashed.length).toBeGreaterThanOrEqual(3)
      for (const task of crashed) {
        expect(task.stoppedReason).toBe('Essential container in task exited')
        expect(task.containers?.[0]).toMatchObject({
          name: 'app',
          lastStatus: 'STOPPED',
          exitCode: 1
        })
        expect(task.startedAt).toBeInstanceOf(Date)
      }
      expect(
        terminalEntry(harness, rollout)?.what.startsWith('service-deployment ROLLBACK_SUCCESSFUL')
      ).toBe(true)
    })
  })

  it('scales the failure threshold with the desired count: ceil(10/2) = 5', async () => {
    await withHarness(
      { scenario: 'circuit-breaker-rollback', desiredCount: 10 },
      async (harness) => {
        const rollout = await deploy(harness, '1.1.0')
        const changes = await observeUntil(harness, rollout, 'ROLLBACK_REQUESTED')
        expect(changes.at(-1)?.breaker).toBe('TRIGGERED 5/5')
        expect(changes.at(-1)?.ours?.failedTasks).toBe(5)
      }
    )
  })
})

describe('scenario circuit-breaker-no-rollback', () => {
  it('fails the deployment, keeps it PRIMARY, keeps the old tasks and stops the service deployment', async () => {
    await withHarness({ scenario: 'circuit-breaker-no-rollback' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observeUntil(harness, rollout, 'STOPPED')
      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'STOPPED'
      ])
      expect(changes.at(-1)).toMatchObject({
        primary: rollout.ours,
        ours: { status: 'PRIMARY', rolloutState: 'FAILED', failedTasks: 3 },
        breaker: 'TRIGGERED 3/3',
        taskDefinition: 'web:2'
      })
      const stopped = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(stopped.stoppedAt).toBeInstanceOf(Date)
      expect(stopped.rollback).toBeUndefined()

      const launched = (await tasksOf(harness, rollout.ours, 'STOPPED')).length
      harness.advance(900)
      const service = await harness.service()
      const [primary, old] = service.deployments ?? []
      expect(primary).toMatchObject({
        id: rollout.ours,
        status: 'PRIMARY',
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
      })
      expect(old).toMatchObject({ id: rollout.previous, status: 'ACTIVE', runningCount: 2 })
      expect(service.runningCount).toBe(2)
      // A FAILED deployment launches nothing more.
      expect((await tasksOf(harness, rollout.ours, 'STOPPED')).length).toBe(launched)
      expect((await tasksOf(harness, rollout.ours, 'RUNNING')).length).toBe(0)
      const messages = (service.events ?? []).map((event) => event.message ?? '')
      expect(messages).toContain(
        `(service web) (deployment ${rollout.ours}) deployment failed: tasks failed to start.`
      )
      expect(messages.some((message) => message.includes('rolling back'))).toBe(false)
      expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe('STOPPED')
    })
  })
})

describe('scenario stall', () => {
  it('keeps failing with growing back-off and never reaches a terminal state', async () => {
    await withHarness({ scenario: 'stall' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      harness.advance(1)
      expect(
        (await harness.serviceDeployment(rollout.serviceDeploymentArn)).deploymentCircuitBreaker
          ?.status
      ).toBe('DISABLED')
      const failedTasks: number[] = []
      for (let minute = 0; minute < 40; minute++) {
        harness.advance(60)
        const service = await harness.service()
        const ours = service.deployments?.find((deployment) => deployment.id === rollout.ours)
        expect(ours).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
        failedTasks.push(ours?.failedTasks ?? -1)
        expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe(
          'IN_PROGRESS'
        )
      }
      expect(failedTasks).toEqual([...failedTasks].sort((a, b) => a - b))
      expect(failedTasks.at(-1)).toBeGreaterThanOrEqual(8)

      const service = await harness.service()
      const events = [...(service.events ?? [])].reverse()
      expect(
        events.filter((event) =>
          event.message?.includes('is unable to consistently start tasks successfully')
        ).length
      ).toBeGreaterThanOrEqual(2)
      const launches = events
        .filter(
          (event) =>
            event.message?.startsWith('(service web) has started') &&
            (event.createdAt?.getTime() ?? 0) >= START + rollout.updatedAt * 1000
        )
        .map((event) => (event.createdAt?.getTime() ?? 0) / 1000)
      const gaps = launches.slice(1).map((time, index) => time - (launches[index] ?? 0))
      expect(gaps.length).toBeGreaterThanOrEqual(4)
      expect(gaps.at(-1)).toBeGreaterThan((gaps[0] ?? 0) * 4)
      expect(terminalEntry(harness, rollout)).toBeUndefined()
      expect(service.runningCount).toBe(2) // the old tasks keep serving
    })
  })
})

describe('scenario superseded', () => {
  it('another actor deploys; ours becomes ACTIVE, its service deployment STOPPED, theirs completes', async () => {
    await withHarness({ scenario: 'superseded' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const changes = await observe(
        harness,
        rollout,
        (s) => s.serviceDeployment === 'STOPPED' && s.ours === undefined
      )
      expect(sequence(changes, (s) => s.serviceDeployment)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'STOPPED'
      ])
      const stoppedAt = changes.find((s) => s.serviceDeployment === 'STOPPED')?.at ?? -1
      expect(stoppedAt).toBeGreaterThanOrEqual(30)
      expect(stoppedAt).toBeLessThanOrEqual(60)
      expect(sequence(changes, (s) => s.ours?.status)).toEqual(['PRIMARY', 'ACTIVE', undefined])
      expect(sequence(changes, (s) => s.ours?.rolloutState)).toEqual(['IN_PROGRESS', undefined])
      const theirs = changes.at(-1)?.primary
      expect(theirs).toMatch(/^ecs-svc\/\d{19}$/)
      expect(theirs).not.toBe(rollout.ours)

      const service = await harness.service()
      expect(service.taskDefinition).toBe(
        'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3'
      )
      expect(service.currentServiceDeployment).not.toBe(rollout.serviceDeploymentArn)
      const other = await harness.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: 'web:3' })
      )
      expect(other.taskDefinition?.registeredBy).toBe(
        'arn:aws:sts::123456789012:assumed-role/other-pipeline/deploy-bot'
      )

      const ourServiceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      const theirServiceDeployment = await harness.serviceDeployment(
        service.currentServiceDeployment ?? ''
      )
      expect(ourServiceDeployment.finishedAt?.getTime()).toBeGreaterThan(
        theirServiceDeployment.startedAt?.getTime() ?? Infinity
      )
      expect(ourServiceDeployment.deploymentCircuitBreaker?.status).toBe('MONITORING')

      harness.advance(300)
      const settled = await harness.service()
      expect(
        settled.deployments?.map((deployment) => [deployment.id, deployment.rolloutState])
      ).toEqual([[theirs, 'COMPLETED']])
      expect((await harness.serviceDeployment(settled.currentServiceDeployment ?? '')).status).toBe(
        'SUCCESSFUL'
      )
      // Only our own calls are recorded; the other actor never went through the API.
      expect(harness.emulator.mutatingCalls().map((call) => call.operation)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService'
      ])
      expect(
        harness.emulator.timeline.some((entry) => entry.what.startsWith('another actor'))
      ).toBe(true)
      const stopped = await tasksOf(harness, rollout.ours, 'STOPPED')
      expect(stopped.length).toBeGreaterThan(0)
      expect(stopped.every((task) => task.stopCode === 'ServiceSchedulerInitiated')).toBe(true)
    })
  })
})

describe('switching scenario at run time (the demo)', () => {
  it('deploys a good image, then a crashing one that rolls back to the good one', async () => {
    await withHarness({ scenario: 'success', timeScale: 60 }, async (harness) => {
      const good = await deploy(harness, '1.1.0')
      await observeUntil(harness, good, 'SUCCESSFUL')
      harness.advance(30)

      harness.emulator.setScenario('circuit-breaker-rollback')
      const bad = await deploy(harness, '2.0.0')
      expect(bad.previous).toBe(good.ours)
      const changes = await observeUntil(harness, bad, 'ROLLBACK_SUCCESSFUL')
      expect(sequence(changes, (s) => s.taskDefinition)).toEqual(['web:3', 'web:2'])
      expect(sequence(changes, (s) => s.primary)).toEqual([bad.ours, good.ours])

      // The good deployment stays SUCCESSFUL; the bad one's terminal moment is on the timeline.
      expect((await harness.serviceDeployment(good.serviceDeploymentArn)).status).toBe('SUCCESSFUL')
      const terminal = terminalEntry(harness, bad)
      expect(terminal?.what).toBe(
        `service-deployment ROLLBACK_SUCCESSFUL ${bad.serviceDeploymentArn}`
      )
      // 60× compression: the virtual minutes of the rollback took seconds of (injected) real time.
      const tripped = harness.emulator.timeline.find(
        (entry) => entry.what === `deployment ${bad.ours} FAILED`
      )
      expect(tripped).toBeDefined()
      expect(
        ((terminal?.virtualTime ?? 0) - (tripped?.virtualTime ?? 0)) /
          ((terminal?.realTime ?? 0) - (tripped?.realTime ?? 1))
      ).toBeCloseTo(60, 0)
    })
  })
})

describe('ListTasks and DescribeTasks', () => {
  it('filters and fails the way ECS does', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const service = await harness.service()
      const running = await harness.ecs.send(
        new ListTasksCommand({ cluster: 'prod', serviceName: 'web' })
      )
      expect(running.taskArns).toHaveLength(2)
      const byDeployment = await harness.ecs.send(
        new ListTasksCommand({ cluster: 'prod', startedBy: service.deployments?.[0]?.id })
      )
      expect(byDeployment.taskArns).toEqual(running.taskArns)
      const stopped = await harness.ecs.send(
        new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
      )
      expect(stopped.taskArns).toEqual([])
      await expect(
        harness.ecs.send(
          new ListTasksCommand({ cluster: 'prod', startedBy: 'ecs-svc/1', serviceName: 'web' })
        )
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'cannot specify startedBy with other arguments'
      })
      await expect(
        harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'api' }))
      ).rejects.toMatchObject({
        name: 'ServiceNotFoundException'
      })

      const [first = ''] = running.taskArns ?? []
      const described = await harness.ecs.send(
        new DescribeTasksCommand({
          cluster: 'prod',
          tasks: [
            first,
            first.split('/').pop() ?? '',
            'arn:aws:ecs:us-east-1:123456789012:task/prod/0000'
          ]
        })
      )
      expect(described.tasks?.map((task) => task.taskArn)).toEqual([first, first])
      expect(described.tasks?.[0]).toMatchObject({
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        group: 'service:web',
        startedBy: service.deployments?.[0]?.id,
        launchType: 'FARGATE',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
      })
      expect(described.failures).toEqual([
        { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0000', reason: 'MISSING' }
      ])
      await expect(
        harness.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [] }))
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Tasks cannot be empty.'
      })
    })
  })
})
