import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { ecsAdapter } from '../../src/aws/ecs.js'
import { classifyError, meansServiceDeploymentsUnavailable } from '../../src/aws/errors.js'

const ecsMock = mockClient(ECSClient)
const ecs = ecsAdapter(new ECSClient({ region: 'us-east-1' }))

beforeEach(() => {
  ecsMock.reset()
})

describe('ECS adapter', () => {
  it('keeps the newest 100 events of a service, as ECS does, however many an answer holds', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      id: `e${i}`,
      message: `event ${i}`
    }))
    ecsMock.on(DescribeServicesCommand).resolves({ services: [{ serviceName: 'web', events }] })
    const service = await ecs.describeService({ cluster: 'prod', service: 'web' })
    expect(service?.events).toHaveLength(100)
    // Newest first, as ECS lists them.
    expect(service?.events?.[0]?.id).toBe('e0')
    expect(service?.events?.[99]?.id).toBe('e99')
  })

  it('sends UpdateService members only when given', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: { serviceName: 'web' } })
    await ecs.updateService({ cluster: 'prod', service: 'web', taskDefinition: 'arn:td' })
    await ecs.updateService({
      cluster: 'prod',
      service: 'web',
      desiredCount: 0,
      forceNewDeployment: false
    })
    expect(ecsMock.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', service: 'web', taskDefinition: 'arn:td' },
      { cluster: 'prod', service: 'web', desiredCount: 0, forceNewDeployment: false }
    ])
  })

  it("lists the service's stopped tasks by service name and status, never startedBy with another filter, across pages", async () => {
    ecsMock
      .on(ListTasksCommand)
      .resolvesOnce({ taskArns: ['arn:task/1'], nextToken: 'p2' })
      .resolvesOnce({ taskArns: ['arn:task/2'] })
    expect(
      await ecs.listStoppedTasks({
        cluster: 'prod',
        service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
      })
    ).toEqual(['arn:task/1', 'arn:task/2'])
    expect(ecsMock.commandCalls(ListTasksCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' },
      { cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED', nextToken: 'p2' }
    ])
  })

  it('describes several services in one call and answers in the order asked, MISSING ones undefined', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        { serviceName: 'api', serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/api' },
        { serviceName: 'web', serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web' }
      ],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/gone', reason: 'MISSING' }]
    })
    const found = await ecs.describeServices({
      cluster: 'prod',
      services: ['web', 'gone', 'arn:aws:ecs:us-east-1:123456789012:service/prod/api']
    })
    expect(found.map((s) => s?.serviceName)).toEqual(['web', undefined, 'api'])
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1)
  })

  it('reads the task definitions of several service revisions in one call, in the order asked', async () => {
    const rev = (id: string) => `arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/${id}`
    ecsMock.on(DescribeServiceRevisionsCommand).resolves({
      serviceRevisions: [
        { serviceRevisionArn: rev('2'), taskDefinition: 'arn:td/web:2' },
        { serviceRevisionArn: rev('1'), taskDefinition: 'arn:td/web:1' }
      ],
      failures: [{ arn: rev('9'), reason: 'MISSING' }]
    })
    expect(await ecs.serviceRevisionTaskDefinitions([rev('1'), rev('9'), rev('2')])).toEqual([
      'arn:td/web:1',
      undefined,
      'arn:td/web:2'
    ])
    expect(ecsMock.commandCalls(DescribeServiceRevisionsCommand)[0]?.args[0].input).toEqual({
      serviceRevisionArns: [rev('1'), rev('9'), rev('2')]
    })
  })

  it('describes a task definition with its tags', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { family: 'web' }, tags: [{ key: 'a', value: 'b' }] })
    expect(await ecs.describeTaskDefinition('arn:td')).toEqual({
      taskDefinition: { family: 'web' },
      tags: [{ key: 'a', value: 'b' }]
    })
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: 'arn:td',
      include: ['TAGS']
    })
  })

  it('asks for a ROLLBACK stop of a service deployment', async () => {
    ecsMock.on(StopServiceDeploymentCommand).resolves({})
    await ecs.stopServiceDeployment({ arn: 'arn:sd', stopType: 'ROLLBACK' })
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArn: 'arn:sd',
      stopType: 'ROLLBACK'
    })
  })
})

describe('error classes', () => {
  const error = (name: string, status?: number, code?: string) =>
    Object.assign(new Error(name), {
      name,
      ...(code && { code }),
      ...(status && { $metadata: { httpStatusCode: status } })
    })

  it.each([
    [error('ThrottlingException', 400), 'transient'],
    [error('ServerException', 500), 'transient'],
    [error('SomethingNew', 503), 'transient'],
    [error('Error', undefined, 'ECONNRESET'), 'transient'],
    [error('AccessDeniedException', 400), 'permanent'],
    [error('ExpiredTokenException', 400), 'permanent'],
    [error('ClusterNotFoundException', 400), 'permanent']
  ])('%s is %s', (e, expected) => {
    expect(classifyError(e)).toBe(expected)
  })

  it('treats AccessDenied and UnsupportedFeature on the service-deployments API as "use deployments[]"', () => {
    expect(meansServiceDeploymentsUnavailable(error('AccessDeniedException'))).toBe(true)
    expect(meansServiceDeploymentsUnavailable(error('UnsupportedFeatureException'))).toBe(true)
    expect(meansServiceDeploymentsUnavailable(error('ThrottlingException'))).toBe(false)
  })
})
