import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'

import { ECS_TARGET, fargateDefinition, START, stepUntil, withHarness } from './harness.js'
import { deploy, moments, serviceDeploymentHistory } from './observe.js'

describe('StopServiceDeployment', () => {
  it('ROLLBACK on the cancelled scenario: ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS → ROLLBACK_SUCCESSFUL', async () => {
    await withHarness({ scenario: 'cancelled' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      // Tasks take 40 minutes to start: after 30 the rollout is still going.
      for (let minute = 1; minute <= 30; minute++) {
        harness.advance(60)
        const service = await harness.service()
        const ours = service.deployments?.find((deployment) => deployment.id === rollout.ours)
        expect(ours).toMatchObject({
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          runningCount: 0,
          pendingCount: 2
        })
      }
      expect((await harness.serviceDeployment(rollout.serviceDeploymentArn)).status).toBe(
        'IN_PROGRESS'
      )

      // stopType omitted: ROLLBACK, the only value the API reference calls valid.
      const output = await harness.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: rollout.serviceDeploymentArn })
      )
      expect(output.serviceDeploymentArn).toBe(rollout.serviceDeploymentArn)
      const requested = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(requested).toMatchObject({
        status: 'ROLLBACK_REQUESTED',
        statusReason: 'ECS deployment rollback requested by user.',
        rollback: {
          reason: `ECS deployment rollback requested by user: rolling back to deploymentId ${rollout.previous}.`,
          serviceRevisionArn: requested.sourceServiceRevisions?.[0]?.arn
        }
      })
      // Stopping again while the rollback runs just lets it continue.
      await harness.ecs.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: rollout.serviceDeploymentArn,
          stopType: 'ABORT'
        })
      )
      const service = await harness.service()
      expect(service.deployments?.map((deployment) => [deployment.id, deployment.status])).toEqual([
        [rollout.previous, 'PRIMARY'],
        [rollout.ours, 'ACTIVE']
      ])
      expect(service.deployments?.[0]?.rolloutStateReason).toBe(
        `ECS deployment rollback requested by user: rolling back to deploymentId ${rollout.previous}.`
      )
      expect(service.deployments?.[1]).toMatchObject({
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment rollback requested by user.',
        desiredCount: 0
      })
      expect(service.taskDefinition).toBe(
        'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
      )

      harness.advance(60)
      const stoppedAt = 1800
      expect(serviceDeploymentHistory(harness, rollout)).toEqual([
        { at: 0, what: 'PENDING' },
        { at: 1, what: 'IN_PROGRESS' },
        { at: stoppedAt, what: 'ROLLBACK_REQUESTED' },
        { at: stoppedAt + 3, what: 'ROLLBACK_IN_PROGRESS' },
        { at: stoppedAt + 18, what: 'ROLLBACK_SUCCESSFUL' }
      ])
      expect(moments(harness, rollout, /^deployment .* (FAILED|COMPLETED|rollback\))$/)).toEqual([
        { at: stoppedAt, what: `deployment ${rollout.ours} FAILED` },
        {
          at: stoppedAt,
          what: `deployment ${rollout.previous} PRIMARY IN_PROGRESS (user rollback)`
        },
        { at: stoppedAt + 18, what: `deployment ${rollout.previous} COMPLETED` }
      ])
      const after = await harness.service()
      expect(
        after.deployments?.map((deployment) => [deployment.id, deployment.rolloutState])
      ).toEqual([[rollout.previous, 'COMPLETED']])
      expect(after.runningCount).toBe(2)
      const messages = (after.events ?? []).map((event) => event.message ?? '')
      expect(messages).toContain(`(service web) rolling back to deployment ${rollout.previous}.`)
      expect(messages.some((message) => message.includes('deployment failed'))).toBe(false)
      const done = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(done.finishedAt?.getTime()).toBe(START + (rollout.updatedAt + stoppedAt + 18) * 1000)
      expect(done.rollback?.startedAt?.getTime()).toBe(
        START + (rollout.updatedAt + stoppedAt + 3) * 1000
      )

      // A finished service deployment cannot be stopped.
      await expect(
        harness.ecs.send(
          new StopServiceDeploymentCommand({ serviceDeploymentArn: rollout.serviceDeploymentArn })
        )
      ).rejects.toMatchObject({
        name: 'ConflictException',
        message: `The service deployment ${rollout.serviceDeploymentArn} is ROLLBACK_SUCCESSFUL and can't be stopped.`
      })
      expect(
        harness.emulator
          .mutatingCalls()
          .map((call) => [
            call.operation,
            call.error ?? 'ok',
            (call.input as { stopType?: string }).stopType
          ])
      ).toEqual([
        ['RegisterTaskDefinition', 'ok', undefined],
        ['UpdateService', 'ok', undefined],
        ['StopServiceDeployment', 'ok', undefined],
        ['StopServiceDeployment', 'ok', 'ABORT'],
        ['StopServiceDeployment', 'ConflictException', undefined]
      ])
    })
  })

  it('ABORT: STOP_REQUESTED → STOPPED, nothing rolled back', async () => {
    await withHarness({ scenario: 'cancelled' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      harness.advance(120)
      await harness.ecs.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: rollout.serviceDeploymentArn,
          stopType: 'ABORT'
        })
      )
      expect(await harness.serviceDeployment(rollout.serviceDeploymentArn)).toMatchObject({
        status: 'STOP_REQUESTED',
        statusReason: 'ECS deployment stop requested by user.'
      })
      harness.advance(10)
      const stopped = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      expect(stopped.status).toBe('STOPPED')
      expect(stopped.rollback).toBeUndefined()
      expect(stopped.stoppedAt?.getTime()).toBe(START + (rollout.updatedAt + 125) * 1000)
      expect(serviceDeploymentHistory(harness, rollout).map((moment) => moment.what)).toEqual([
        'PENDING',
        'IN_PROGRESS',
        'STOP_REQUESTED',
        'STOPPED'
      ])
      const service = await harness.service()
      expect(service.taskDefinition).toBe(rollout.service.taskDefinition)
      expect(
        service.deployments?.map((deployment) => [
          deployment.id,
          deployment.status,
          deployment.rolloutState
        ])
      ).toEqual([
        [rollout.ours, 'PRIMARY', 'FAILED'],
        [rollout.previous, 'ACTIVE', 'COMPLETED']
      ])
      expect(service.deployments?.[1]?.runningCount).toBe(2)
      expect(moments(harness, rollout, /FAILED$/)).toEqual([
        { at: 120, what: `deployment ${rollout.ours} FAILED` }
      ])
    })
  })

  it('rejects unknown ARNs, bad stop types and finished service deployments the way ECS does', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const seeded = (await harness.service()).currentServiceDeployment ?? ''
      await expect(
        harness.ecs.send(
          new StopServiceDeploymentCommand({
            serviceDeploymentArn:
              'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/aaaaaaaaaaaaaaaaaaaaa'
          })
        )
      ).rejects.toMatchObject({
        name: 'ServiceDeploymentNotFoundException',
        message: 'Service deployment not found.'
      })
      await expect(
        harness.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: seeded }))
      ).rejects.toMatchObject({
        name: 'ConflictException',
        $metadata: { httpStatusCode: 400 }
      })
      const badType = await harness.raw(
        ECS_TARGET('StopServiceDeployment'),
        JSON.stringify({ serviceDeploymentArn: seeded, stopType: 'PAUSE' })
      )
      expect(badType).toMatchObject({
        status: 400,
        json: {
          __type: 'InvalidParameterException',
          message:
            "1 validation error detected: Value 'PAUSE' at 'stopType' failed to satisfy constraint: Member must satisfy enum value set: [ABORT, ROLLBACK]"
        }
      })
      const missing = await harness.raw(ECS_TARGET('StopServiceDeployment'), '{}')
      expect(missing.json.__type).toBe('InvalidParameterException')
      expect((await harness.serviceDeployment(seeded)).status).toBe('SUCCESSFUL')

      // From PENDING (before the scheduler picks the deployment up) a rollback works too.
      const rollout = await deploy(harness, '1.1.0')
      await harness.ecs.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: rollout.serviceDeploymentArn,
          stopType: 'ROLLBACK'
        })
      )
      harness.advance(60)
      expect(serviceDeploymentHistory(harness, rollout).map((moment) => moment.what)).toEqual([
        'PENDING',
        'ROLLBACK_REQUESTED',
        'ROLLBACK_IN_PROGRESS',
        'ROLLBACK_SUCCESSFUL'
      ])
      expect(harness.emulator.mutatingCalls().map((call) => call.operation)).toContain(
        'StopServiceDeployment'
      )
    })
  })
})

const denied = (action: string, resource: string): string =>
  `User: arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`

describe('scenario no-service-deployments-api', () => {
  it('denies the four service-deployment operations; deployments[] still tells the story', async () => {
    await withHarness({ scenario: 'no-service-deployments-api' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0')
      const sd = rollout.serviceDeploymentArn
      await expect(
        harness.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
        message: denied(
          'ecs:ListServiceDeployments',
          'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
        )
      })
      await expect(
        harness.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sd] }))
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: denied('ecs:DescribeServiceDeployments', sd)
      })
      const revision = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1'
      await expect(
        harness.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [revision] }))
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: denied('ecs:DescribeServiceRevisions', revision)
      })
      await expect(
        harness.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sd }))
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: denied('ecs:StopServiceDeployment', sd)
      })
      expect(
        harness.emulator.calls.filter((call) => call.error === 'AccessDeniedException')
      ).toHaveLength(4)

      // Everything else behaves like `success`.
      const done = await stepUntil(
        harness,
        async () => {
          const service = await harness.service()
          const [only, ...others] = service.deployments ?? []
          return others.length === 0 && only?.rolloutState === 'COMPLETED' ? only : undefined
        },
        { step: 5, limit: 300 }
      )
      expect(done).toMatchObject({
        id: rollout.ours,
        status: 'PRIMARY',
        runningCount: 2,
        desiredCount: 2,
        taskDefinition: rollout.service.taskDefinition
      })
      expect(serviceDeploymentHistory(harness, rollout).at(-1)).toEqual({
        at: 90,
        what: 'SUCCESSFUL'
      })
    })
  })
})

describe('scenario throttle', () => {
  /** Retries only what the SDK classifies as throttling, without sleeping. */
  const retryThrottling = (maxAttempts: number) => {
    const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 })
    return {
      acquireInitialRetryToken: () => Promise.resolve(token(0)),
      refreshRetryTokenForRetry: (
        previous: { getRetryCount(): number },
        info: { errorType: string; error?: unknown }
      ) =>
        info.errorType === 'THROTTLING' && previous.getRetryCount() + 1 < maxAttempts
          ? Promise.resolve(token(previous.getRetryCount() + 1))
          : Promise.reject(info.error instanceof Error ? info.error : new Error(info.errorType)),
      recordSuccess: () => undefined
    }
  }

  it('throttles every 3rd request with HTTP 400 ThrottlingException; SDK retries get through', async () => {
    await withHarness({ scenario: 'throttle' }, async (harness) => {
      const first = await harness.raw(
        ECS_TARGET('DescribeServices'),
        '{"cluster":"prod","services":["web"]}'
      )
      const second = await harness.raw(ECS_TARGET('DescribeServices'), '{"cluster":"prod"}')
      expect([first.status, second.status]).toEqual([200, 400])
      expect(second.json.__type).toBe('InvalidParameterException') // answered, so counted

      const ecs = new ECSClient({
        endpoint: harness.emulator.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        retryStrategy: retryThrottling(5)
      })
      try {
        // Request 3 is throttled: the SDK retries RegisterTaskDefinition as request 4.
        const registered = await ecs.send(
          new RegisterTaskDefinitionCommand(fargateDefinition('1.1.0'))
        )
        const updated = await ecs.send(
          new UpdateServiceCommand({
            cluster: 'prod',
            service: 'web',
            taskDefinition: registered.taskDefinition?.taskDefinitionArn
          })
        )
        const sixth = await harness.raw(
          ECS_TARGET('DescribeServices'),
          '{"cluster":"prod","services":["web"]}'
        )
        expect(sixth).toMatchObject({
          status: 400,
          json: { __type: 'ThrottlingException', message: 'Rate exceeded' }
        })
        const arn = updated.service?.currentServiceDeployment ?? ''
        let status: string | undefined
        for (let poll = 0; poll < 30 && status !== 'SUCCESSFUL'; poll++) {
          harness.advance(5)
          await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
          const described = await ecs.send(
            new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
          )
          status = described.serviceDeployments?.[0]?.status
        }
        expect(status).toBe('SUCCESSFUL')
        // A throttled request changes nothing: one new revision, one deployment.
        const service = await ecs.send(
          new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
        )
        expect(service.services?.[0]?.taskDefinition).toBe(
          'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
        )
        expect(service.services?.[0]?.deployments).toHaveLength(1)
      } finally {
        ecs.destroy()
      }

      const calls = harness.emulator.calls
      const throttled = calls.filter((call) => call.error === 'ThrottlingException')
      expect(calls.map((call) => call.error === 'ThrottlingException')).toEqual(
        calls.map((_, index) => (index + 1) % 3 === 0)
      )
      expect(throttled.length).toBe(Math.floor(calls.length / 3))
      // Mutating calls are throttled too, and recorded as such.
      expect(
        harness.emulator.mutatingCalls().map((call) => [call.operation, call.error ?? 'ok'])
      ).toEqual([
        ['RegisterTaskDefinition', 'ThrottlingException'],
        ['RegisterTaskDefinition', 'ok'],
        ['UpdateService', 'ok']
      ])
    })
  })
})
