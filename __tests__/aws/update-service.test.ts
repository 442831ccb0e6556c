import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import type { UpdateServiceRequest } from '../../src/aws/ecs.js'
import { updateServiceOnce } from '../../src/aws/update-service.js'

const OLD = 'arn:td/web:1'
const NEW = 'arn:td/web:2'

const serviceOn = (id: string, taskDefinition: string, createdAt: number): Service => ({
  serviceName: 'web',
  deployments: [{ id, status: 'PRIMARY', taskDefinition, createdAt: new Date(createdAt) }]
})
const BEFORE = serviceOn('ecs-svc/1', OLD, 1_000)

const reset = (): Error =>
  Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })
const awsError = (name: string, status: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } })

/** A service in ECS: UpdateService answers by script, and takes effect unless refused first. */
function fakeEcs(script: ('ok' | 'lose' | Error)[], describe: 'works' | 'fails' = 'works') {
  let current = BEFORE
  let deployments = 1
  const calls: string[] = []
  const apply = (request: UpdateServiceRequest): Service => {
    const changes =
      request.taskDefinition !== undefined &&
      request.taskDefinition !== current.deployments?.[0]?.taskDefinition
    if (changes || request.forceNewDeployment === true) {
      deployments++
      current = serviceOn(
        `ecs-svc/${String(deployments)}`,
        request.taskDefinition ?? OLD,
        1_000 + deployments
      )
    }
    return current
  }
  const ecs = {
    updateService: (request: UpdateServiceRequest) => {
      calls.push('update')
      const next = script.shift() ?? 'ok'
      if (next === 'ok') return Promise.resolve(apply(request))
      if (next === 'lose') {
        apply(request)
        return Promise.reject(reset())
      }
      return Promise.reject(next)
    },
    describeService: () => {
      calls.push('describe')
      return describe === 'works'
        ? Promise.resolve(current)
        : Promise.reject(awsError('ServerException', 500))
    }
  }
  const lines: string[] = []
  const log = {
    info: (line: string) => lines.push(line),
    warning: (line: string) => lines.push(`warning: ${line}`)
  }
  return { ecs, calls, lines, log, deployments: () => deployments }
}

const run = (fake: ReturnType<typeof fakeEcs>, request: Partial<UpdateServiceRequest> = {}) =>
  updateServiceOnce({
    ecs: fake.ecs,
    request: { cluster: 'prod', service: 'web', taskDefinition: NEW, ...request },
    before: BEFORE,
    clock: new FakeClock(),
    log: fake.log,
    random: () => 0.5
  })

describe('updateServiceOnce', () => {
  it('a lost answer after the update took effect: the new deployment is returned, no second call', async () => {
    const fake = fakeEcs(['lose'])
    const after = await run(fake)
    expect(after.deployments?.[0]?.id).toBe('ecs-svc/2')
    expect(fake.calls).toEqual(['update', 'describe'])
    expect(fake.lines.at(-1)).toContain(
      `Service web already has a new PRIMARY deployment ecs-svc/2 on ${NEW}: the update took effect`
    )
  })

  it('a 5xx before the update: the service shows nothing new, so it is called again', async () => {
    const fake = fakeEcs([awsError('ServerException', 500), 'ok'])
    expect((await run(fake)).deployments?.[0]?.id).toBe('ecs-svc/2')
    expect(fake.calls).toEqual(['update', 'describe', 'update'])
    expect(fake.deployments()).toBe(2)
  })

  it('force-new-deployment: a lost answer is found too, and never deployed twice', async () => {
    const fake = fakeEcs(['lose'])
    await run(fake, { taskDefinition: OLD, forceNewDeployment: true })
    expect(fake.deployments()).toBe(2)
    expect(fake.calls).toEqual(['update', 'describe'])
  })

  it('force-new-deployment and an unreadable service: fails rather than risk a second deployment', async () => {
    const fake = fakeEcs(['lose'], 'fails')
    await expect(run(fake, { forceNewDeployment: true })).rejects.toThrow(
      /with force-new-deployment a repeat would start a second deployment, so it is not retried/
    )
    expect(fake.calls).toEqual(['update', 'describe'])
  })

  it('a new task definition and an unreadable service: repeating is safe, ECS starts no second deployment', async () => {
    const fake = fakeEcs(['lose'], 'fails')
    expect((await run(fake)).deployments?.[0]?.id).toBe('ecs-svc/2')
    expect(fake.calls).toEqual(['update', 'describe', 'update'])
    expect(fake.deployments()).toBe(2)
  })

  it('settings only: sends them again without describing', async () => {
    const fake = fakeEcs([awsError('ServiceUnavailable', 503), 'ok'])
    await run(fake, { taskDefinition: undefined, desiredCount: 3 })
    expect(fake.calls).toEqual(['update', 'update'])
  })

  it('permanent errors fail at once; throttling is retried without describing', async () => {
    const denied = fakeEcs([awsError('AccessDeniedException', 400)])
    await expect(run(denied)).rejects.toThrow(/^UpdateService failed: AccessDeniedException/)
    expect(denied.calls).toEqual(['update'])
    const throttled = fakeEcs([awsError('ThrottlingException', 400), 'ok'])
    await run(throttled)
    expect(throttled.calls).toEqual(['update', 'update'])
  })
})
