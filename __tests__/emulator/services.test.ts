import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'

import { createWorld, ecsOperations } from '../../emulator/index.js'
import { fargateDefinition, IMAGE, START, startHarness, type Harness } from './harness.js'

describe('the seeded service', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness({ scenario: 'success' })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('runs revision 1 with one COMPLETED PRIMARY deployment and a SUCCESSFUL service deployment', async () => {
    const service = await harness.service()
    expect(service).toMatchObject({
      serviceName: 'web',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      launchType: 'FARGATE',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100
      }
    })
    expect(service.deployments).toHaveLength(1)
    const [deployment] = service.deployments ?? []
    expect(deployment?.id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(deployment).toMatchObject({
      status: 'PRIMARY',
      desiredCount: 2,
      runningCount: 2,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${deployment?.id ?? ''} completed.`
    })
    expect(service.events?.[0]?.message).toBe('(service web) has reached a steady state.')
    const times = (service.events ?? []).map((event) => event.createdAt?.getTime() ?? 0)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(service.currentServiceDeployment).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/[A-Za-z0-9_-]{21}$/
    )
    const serviceDeployment = await harness.serviceDeployment(
      service.currentServiceDeployment ?? ''
    )
    expect(serviceDeployment).toMatchObject({
      status: 'SUCCESSFUL',
      deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 },
      targetServiceRevision: { requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 }
    })
    const revisions = await harness.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [
          serviceDeployment.targetServiceRevision?.arn ?? '',
          'arn:aws:ecs:nope'
        ]
      })
    )
    expect(revisions.serviceRevisions?.[0]).toMatchObject({
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      containerImages: [{ containerName: 'app', image: IMAGE('1.0.0') }]
    })
    expect(revisions.serviceRevisions?.[0]?.containerImages?.[0]?.imageDigest).toMatch(
      /^sha256:[0-9a-f]{64}$/
    )
    expect(revisions.failures).toEqual([{ arn: 'arn:aws:ecs:nope', reason: 'MISSING' }])
  })

  it('reports a missing service as a MISSING failure, not an error', async () => {
    const output = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'api'] })
    )
    expect(output.services?.map((service) => service.serviceName)).toEqual(['web'])
    expect(output.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/api', reason: 'MISSING' }
    ])
    const empty = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'default', services: ['web'] })
    )
    expect(empty.failures?.[0]?.reason).toBe('MISSING')
  })

  it('rejects an unknown cluster and more than 10 services', async () => {
    await expect(
      harness.ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['web'] }))
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException', message: 'Cluster not found.' })
    const eleven = Array.from({ length: 11 }, (_, index) => `svc${index}`)
    await expect(
      harness.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: eleven }))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'service names can have at most 10 items.'
    })
  })

  it('rejects UpdateService on an unknown service, cluster or task definition', async () => {
    await expect(
      harness.ecs.send(
        new UpdateServiceCommand({ cluster: 'prod', service: 'api', forceNewDeployment: true })
      )
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException', message: 'Service not found.' })
    await expect(
      harness.ecs.send(
        new UpdateServiceCommand({ cluster: 'staging', service: 'web', forceNewDeployment: true })
      )
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' })
    await expect(
      harness.ecs.send(
        new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:42' })
      )
    ).rejects.toMatchObject({ name: 'ClientException', message: 'TaskDefinition not found.' })
    expect((await harness.service()).deployments).toHaveLength(1)
  })

  it('changes only the desired count without starting a deployment', async () => {
    const before = await harness.service()
    const output = await harness.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 })
    )
    expect(output.service?.currentServiceDeployment).toBe(before.currentServiceDeployment)
    expect(output.service?.deployments?.map((deployment) => deployment.id)).toEqual(
      before.deployments?.map((deployment) => deployment.id)
    )
    harness.advance(60)
    const after = await harness.service()
    expect(after).toMatchObject({ desiredCount: 3, runningCount: 3 })
    await harness.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 2 })
    )
  })

  it('starts a deployment whose new PRIMARY is at desiredCount 0 and is the currentServiceDeployment', async () => {
    const before = await harness.service()
    const registered = await harness.ecs.send(
      new RegisterTaskDefinitionCommand(fargateDefinition('1.1.0'))
    )
    const output = await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
        taskDefinition: registered.taskDefinition?.taskDefinitionArn
      })
    )
    const service = output.service
    const [primary, old] = service?.deployments ?? []
    expect(service?.taskDefinition).toBe(registered.taskDefinition?.taskDefinitionArn)
    expect(primary).toMatchObject({
      status: 'PRIMARY',
      desiredCount: 0,
      runningCount: 0,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${primary?.id ?? ''} in progress.`,
      taskDefinition: registered.taskDefinition?.taskDefinitionArn
    })
    expect(primary?.id).not.toBe(before.deployments?.[0]?.id)
    expect(old).toMatchObject({
      id: before.deployments?.[0]?.id,
      status: 'ACTIVE',
      rolloutState: 'COMPLETED'
    })
    expect(service?.currentServiceDeployment).not.toBe(before.currentServiceDeployment)
    const serviceDeployment = await harness.serviceDeployment(
      service?.currentServiceDeployment ?? ''
    )
    expect(serviceDeployment.status).toBe('PENDING')
    expect(serviceDeployment.sourceServiceRevisions).toHaveLength(1)

    const listed = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
    )
    expect(listed.serviceDeployments?.map((brief) => brief.serviceDeploymentArn)).toEqual([
      service?.currentServiceDeployment,
      before.currentServiceDeployment
    ])
    const successfulOnly = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['SUCCESSFUL'] })
    )
    expect(successfulOnly.serviceDeployments).toHaveLength(1)
    const recent = await harness.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'prod',
        service: 'web',
        createdAt: { after: new Date(START - 60_000) }
      })
    )
    expect(recent.serviceDeployments?.[0]?.serviceDeploymentArn).toBe(
      service?.currentServiceDeployment
    )
    expect(recent.serviceDeployments).toHaveLength(1)
    await expect(
      harness.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'api' }))
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException' })
    expect(
      harness.emulator
        .mutatingCalls()
        .filter((call) => call.error === undefined)
        .map((call) => call.operation)
    ).toEqual(['UpdateService', 'UpdateService', 'RegisterTaskDefinition', 'UpdateService'])
  })
})

describe('services that cannot be updated', () => {
  it('service-missing: DescribeServices says MISSING, UpdateService ServiceNotFoundException', async () => {
    const harness = await startHarness({ scenario: 'service-missing' })
    try {
      const output = await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
      )
      expect(output.services).toEqual([])
      expect(output.failures).toEqual([
        { arn: 'arn:aws:ecs:us-east-1:123456789012:service/web', reason: 'MISSING' }
      ])
      await expect(
        harness.ecs.send(
          new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:1' })
        )
      ).rejects.toMatchObject({ name: 'ServiceNotFoundException', message: 'Service not found.' })
    } finally {
      await harness.close()
    }
  })

  it('service-draining: DRAINING with no tasks, UpdateService ServiceNotActiveException', async () => {
    const harness = await startHarness({ scenario: 'service-draining' })
    try {
      const service = await harness.service()
      expect(service).toMatchObject({ status: 'DRAINING', desiredCount: 0, runningCount: 0 })
      await expect(
        harness.ecs.send(
          new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true })
        )
      ).rejects.toMatchObject({
        name: 'ServiceNotActiveException',
        message: 'Service was not ACTIVE.'
      })
    } finally {
      await harness.close()
    }
  })

  it('a CODE_DEPLOY service refuses a task-definition change and a forced deployment', () => {
    const world = createWorld({ scenario: 'success', start: START / 1000 })
    const service = world.clusters.get('prod')?.services.get('web')
    if (service === undefined) throw new Error('seeded service missing')
    service.controller = 'CODE_DEPLOY'
    const update = (body: object) => () =>
      ecsOperations.UpdateService?.handle({
        world,
        body: { cluster: 'prod', service: 'web', ...body },
        caller: 'test'
      })
    expect(update({ taskDefinition: 'web:1' })).toThrow(
      'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    )
    expect(update({ forceNewDeployment: true })).toThrow(
      'Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    )
    // Changing the desired count is still allowed.
    expect(update({ desiredCount: 4 })).not.toThrow()
    expect(service.desiredCount).toBe(4)
  })
})
