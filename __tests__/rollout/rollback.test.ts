import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { judgeRollback, requestRollback, watchRollback } from '../../src/rollout/rollback.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { deployment, NEW, OLD, ref, service, serviceDeployment, TD } from './builders.js'

const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })

function rollbackPort(
  stop: () => Promise<void>,
  update: () => Promise<Service> = () => Promise.resolve({})
) {
  const calls: unknown[] = []
  return {
    calls,
    stopServiceDeployment: (request: unknown) => {
      calls.push(['StopServiceDeployment', request])
      return stop()
    },
    updateService: (request: unknown) => {
      calls.push(['UpdateService', request])
      return update()
    },
    describeService: (request: unknown) => {
      calls.push(['DescribeServices', request])
      // Still on our deployment: the lost update did not take effect.
      return Promise.resolve(service([deployment({ id: NEW, taskDefinition: TD(2) })]))
    }
  }
}

describe('requestRollback', () => {
  it('asks ECS to roll back the service deployment when that API answers', async () => {
    const ecs = rollbackPort(() => Promise.resolve())
    const report = await requestRollback({ ecs, ref, log: () => undefined })
    expect(report).toMatchObject({
      method: 'stop-service-deployment',
      state: 'requested',
      targetTaskDefinitionArn: TD(1)
    })
    expect(ecs.calls).toEqual([
      ['StopServiceDeployment', { arn: ref.serviceDeploymentArn, stopType: 'ROLLBACK' }]
    ])
  })

  it('updates the service back to the previous revision where it does not', async () => {
    const ecs = rollbackPort(() => Promise.reject(denied))
    const lines: string[] = []
    const report = await requestRollback({ ecs, ref, log: (l) => lines.push(l) })
    expect(report).toMatchObject({ method: 'update-service', state: 'requested' })
    expect(ecs.calls[1]).toEqual([
      'UpdateService',
      { cluster: 'prod', service: 'web', taskDefinition: TD(1) }
    ])
    expect(lines[0]).toContain('StopServiceDeployment is not available')
  })

  it('retries the UpdateService fallback after a 5xx, checking the service first', async () => {
    const serverError = Object.assign(new Error('Service Unavailable'), {
      name: 'ServerException',
      $metadata: { httpStatusCode: 500 }
    })
    let updates = 0
    const ecs = rollbackPort(
      () => Promise.reject(denied),
      () => (++updates === 1 ? Promise.reject(serverError) : Promise.resolve({}))
    )
    const warnings: string[] = []
    const report = await requestRollback({
      ecs,
      ref,
      log: () => undefined,
      warn: (l) => warnings.push(l),
      clock: new FakeClock(0)
    })
    expect(report).toMatchObject({ method: 'update-service', state: 'requested' })
    expect(ecs.calls.map((c) => (c as [string])[0])).toEqual([
      'StopServiceDeployment',
      'UpdateService',
      'DescribeServices',
      'UpdateService'
    ])
    expect(warnings.some((w) => w.includes('ServerException'))).toBe(true)
  })
})

describe('judgeRollback', () => {
  const back = (overrides = {}): Service =>
    service([
      deployment({
        id: OLD,
        taskDefinition: TD(1),
        runningCount: 2,
        rolloutState: 'COMPLETED',
        ...overrides
      })
    ])

  it.each<[string, Service | undefined, ServiceDeployment | undefined, string | undefined]>([
    [
      'service deployment ROLLBACK_SUCCESSFUL',
      back(),
      serviceDeployment({ status: 'ROLLBACK_SUCCESSFUL' }),
      'completed'
    ],
    [
      'service deployment ROLLBACK_FAILED',
      back(),
      serviceDeployment({ status: 'ROLLBACK_FAILED' }),
      'failed'
    ],
    [
      'service deployment still rolling back',
      back(),
      serviceDeployment({ status: 'ROLLBACK_IN_PROGRESS' }),
      undefined
    ],
    ['previous revision alone, complete, at full strength', back(), undefined, 'completed'],
    [
      'previous revision still starting',
      back({ runningCount: 1, rolloutState: 'IN_PROGRESS' }),
      undefined,
      undefined
    ],
    [
      'our failed deployment still draining',
      service([
        deployment({ id: OLD, taskDefinition: TD(1), runningCount: 2, rolloutState: 'COMPLETED' }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      undefined,
      undefined
    ],
    ['previous revision failing too', back({ rolloutState: 'FAILED' }), undefined, 'failed'],
    ['service gone', undefined, undefined, 'failed']
  ])('%s', (_name, svc, sd, expected) => {
    expect(judgeRollback({ service: svc, ...(sd && { sd }), target: TD(1) })).toBe(expected)
  })
})

describe('watchRollback', () => {
  it('reports when the service is healthy again on the previous revision', async () => {
    const states = [
      service([
        deployment({ id: OLD, taskDefinition: TD(1), runningCount: 1 }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      service([
        deployment({ id: OLD, taskDefinition: TD(1), runningCount: 2, rolloutState: 'COMPLETED' })
      ])
    ]
    let poll = 0
    const report = await watchRollback({
      ecs: {
        describeService: () => Promise.resolve(states[Math.min(poll++, states.length - 1)]),
        describeServiceDeployment: () => Promise.reject(denied)
      },
      clock: new FakeClock(),
      log: () => undefined,
      ref,
      rollback: { method: 'ecs', targetTaskDefinitionArn: TD(1), state: 'requested', reason: '' },
      pollIntervalMs: 5000,
      timeoutMs: 60_000
    })
    expect(report).toMatchObject({ method: 'ecs', state: 'completed' })
    expect(report.reason).toContain('runs web:1 again')
  })
})
