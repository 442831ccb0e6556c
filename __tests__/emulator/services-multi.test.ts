import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'

import { createWorld, ecsOperations } from '../../emulator/index.js'
import { fargateDefinition, START, stepUntil, withHarness, type Harness } from './harness.js'

const TERMINAL = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']

async function describe2(harness: Harness, names: string[]): Promise<Service[]> {
  const output = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: names })
  )
  return output.services ?? []
}

describe('several services in one world', () => {
  it('each follows its own scenario: success and circuit-breaker rollback side by side, no shared ids', async () => {
    await withHarness(
      {
        scenario: 'success',
        extraServices: [{ name: 'api', scenario: 'circuit-breaker-rollback', desiredCount: 3 }]
      },
      async (harness) => {
        const seeded = await describe2(harness, ['web', 'api'])
        expect(seeded.map((service) => [service.serviceName, service.desiredCount])).toEqual([
          ['web', 2],
          ['api', 3]
        ])
        expect(seeded.map((service) => service.serviceArn)).toEqual([
          'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
          'arn:aws:ecs:us-east-1:123456789012:service/prod/api'
        ])
        expect(
          seeded.every((service) => service.deployments?.[0]?.rolloutState === 'COMPLETED')
        ).toBe(true)
        expect(seeded.map((service) => service.runningCount)).toEqual([2, 3])

        const registered = await harness.ecs.send(
          new RegisterTaskDefinitionCommand(fargateDefinition('1.1.0'))
        )
        const arn = registered.taskDefinition?.taskDefinitionArn
        const started = await Promise.all(
          ['web', 'api'].map(async (name) => {
            const output = await harness.ecs.send(
              new UpdateServiceCommand({ cluster: 'prod', service: name, taskDefinition: arn })
            )
            return {
              name,
              deployment: output.service?.deployments?.[0]?.id ?? '',
              serviceDeployment: output.service?.currentServiceDeployment ?? ''
            }
          })
        )

        const statuses = await stepUntil(harness, async () => {
          const found = await Promise.all(
            started.map(
              async (entry) => (await harness.serviceDeployment(entry.serviceDeployment)).status
            )
          )
          return found.every((status) => TERMINAL.includes(status ?? '')) ? found : undefined
        })
        expect(statuses).toEqual(['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL'])

        const [web, api] = await describe2(harness, ['web', 'api'])
        expect(web?.taskDefinition).toBe(arn)
        expect(api?.taskDefinition).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1')

        // Ids and ARNs: every deployment, service deployment and task belongs to one service only.
        const deployments = [web, api].flatMap((service) =>
          (service?.deployments ?? []).map((deployment) => deployment.id)
        )
        expect(new Set(deployments).size).toBe(deployments.length)
        expect(new Set(started.map((entry) => entry.deployment)).size).toBe(2)
        expect(started[0]?.serviceDeployment).toContain('service-deployment/prod/web/')
        expect(started[1]?.serviceDeployment).toContain('service-deployment/prod/api/')
        const taskArns = await Promise.all(
          ['web', 'api'].map(async (serviceName) => {
            const running = await harness.ecs.send(
              new ListTasksCommand({ cluster: 'prod', serviceName })
            )
            const stopped = await harness.ecs.send(
              new ListTasksCommand({ cluster: 'prod', serviceName, desiredStatus: 'STOPPED' })
            )
            return [...(running.taskArns ?? []), ...(stopped.taskArns ?? [])]
          })
        )
        const [webTasks = [], apiTasks = []] = taskArns
        expect(webTasks.length).toBeGreaterThan(0)
        expect(apiTasks.length).toBeGreaterThan(0)
        expect(webTasks.filter((task) => apiTasks.includes(task))).toEqual([])
      }
    )
  })

  it('setScenario changes only the services without a scenario of their own', async () => {
    await withHarness(
      {
        scenario: 'success',
        extraServices: [{ name: 'api', scenario: 'success' }, { name: 'worker' }]
      },
      async (harness) => {
        harness.emulator.setScenario('circuit-breaker-no-rollback')
        const services = await describe2(harness, ['web', 'api', 'worker'])
        expect(
          services.map((service) => [
            service.serviceName,
            service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback
          ])
        ).toEqual([
          ['web', false],
          ['api', true],
          ['worker', false]
        ])
      }
    )
  })

  it('an extra service can be missing while the main one is present (createWorld)', () => {
    const world = createWorld({
      scenario: 'success',
      start: START / 1000,
      extraServices: [{ name: 'gone', scenario: 'service-missing' }, { name: 'jobs' }]
    })
    const described = ecsOperations.DescribeServices?.handle({
      world,
      body: { cluster: 'prod', services: ['web', 'gone', 'jobs'] },
      caller: 'test'
    }) as { services: { serviceName: string }[]; failures: { arn: string; reason: string }[] }
    expect(described.services.map((service) => service.serviceName)).toEqual(['web', 'jobs'])
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/gone', reason: 'MISSING' }
    ])
  })

  it('rejects extra services that are badly named, duplicated or on an unknown scenario', () => {
    const world = (extraServices: Parameters<typeof createWorld>[0]['extraServices']) => () =>
      createWorld({ scenario: 'success', start: START / 1000, extraServices })
    expect(world([{ name: 'web' }])).toThrow('extraServices[0].name web is already a service')
    expect(world([{ name: 'a' }, { name: 'a' }])).toThrow('already a service')
    expect(world([{ name: 'has space' }])).toThrow(RangeError)
    expect(world([{ name: 'api', desiredCount: 0 }])).toThrow('desiredCount must be a positive')
    expect(world([{ name: 'api', scenario: 'nope' as unknown as 'success' }])).toThrow(
      'unknown scenario nope for api'
    )
  })
})
