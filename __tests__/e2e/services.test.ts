/**
 * Several services with one revision, service update options, promotion of an existing revision and
 * the controllers we refuse: the bundled action against the emulator.
 */
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  operations,
  runAgain,
  TASK_DEFINITION
} from '../../__fixtures__/e2e.js'

afterEach(closeEmulators)

/** The example task definition with a volume the service configures at launch, as EBS needs. */
const withVolume = (() => {
  const td = JSON.parse(TASK_DEFINITION) as {
    volumes?: unknown[]
    containerDefinitions: Record<string, unknown>[]
  }
  td.volumes = [{ name: 'data', configuredAtLaunch: true }]
  const [app] = td.containerDefinitions
  if (app !== undefined) app.mountPoints = [{ sourceVolume: 'data', containerPath: '/data' }]
  return { '.aws/task-definition.json': JSON.stringify(td) }
})()

interface ServiceResult {
  service: string
  verdict: string | null
  reason: string | null
  'deployment-id': string | null
}

const servicesOutput = (outputs: Record<string, string>): ServiceResult[] =>
  JSON.parse(outputs.services ?? '[]') as ServiceResult[]

describe('several services', () => {
  it('registers once, updates every service, and passes when all of them succeed', async () => {
    const run = await deploy('success', {
      inputs: { ...DEPLOY, service: 'web\napi' },
      emulator: { extraServices: [{ name: 'api' }] }
    })
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
      'UpdateService'
    ])
    const updated = run.emulator
      .mutatingCalls()
      .filter((c) => c.operation === 'UpdateService')
      .map((c) => (c.input as { service: string; taskDefinition: string }).service)
    expect(updated.sort()).toEqual(['api', 'web'])
    expect(run.outputs.verdict).toBe('succeeded')
    expect(servicesOutput(run.outputs).map((s) => [s.service, s.verdict])).toEqual([
      ['web', 'succeeded'],
      ['api', 'succeeded']
    ])
    // With several services, each line names its service; the single-valued outputs are not set.
    expect(run.log).toMatch(/^\[api\] .*completed: the service runs web:2\./m)
    expect(run.log).toMatch(/^\[web\] .*completed: the service runs web:2\./m)
    expect(run.outputs['deployment-id']).toBeUndefined()
    expect(run.summary).toContain('<h3>Services</h3>')
  })

  it('partial failure: one service rolls back, the other succeeds, and the step fails naming it', async () => {
    const run = await deploy('success', {
      inputs: { ...DEPLOY, service: 'web, api' },
      emulator: { extraServices: [{ name: 'api', scenario: 'circuit-breaker-rollback' }] }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(servicesOutput(run.outputs).map((s) => [s.service, s.verdict])).toEqual([
      ['web', 'succeeded'],
      ['api', 'rolled-back']
    ])
    const [error] = errorLines(run.log)
    expect(errorLines(run.log)).toHaveLength(1)
    expect(error).toMatch(/1 of 2 services did not succeed\. api: rolled-back\./)
    expect(error).toContain('Succeeded: web.')
    expect(run.summary).toMatch(/Why tasks of api stopped/)
  })

  it('rollback-on-failure applies to every service that failed', async () => {
    const run = await deploy('success', {
      inputs: {
        ...DEPLOY,
        service: 'web,api',
        'wait-for-minutes': '4',
        'rollback-on-failure': 'true'
      },
      emulator: { extraServices: [{ name: 'api', scenario: 'stall' }] }
    })
    expectExit(run, 1)
    expect(servicesOutput(run.outputs).map((s) => [s.service, s.verdict])).toEqual([
      ['web', 'succeeded'],
      ['api', 'timed-out']
    ])
    const rollbacks = run.emulator
      .mutatingCalls()
      .filter((c) => c.operation === 'StopServiceDeployment')
    expect(rollbacks).toHaveLength(1)
    expect(JSON.stringify(rollbacks[0]?.input)).toContain('service-deployment/prod/api/')
  })

  it('deregisters nothing when one of several services was superseded, even with on-superseded: succeed', async () => {
    const inputs = { ...DEPLOY, service: 'web, api', 'on-superseded': 'succeed' }
    const tag = (version: string) => ({ image: DEPLOY.image?.replace('2.0.0', version) ?? '' })
    const first = await deploy('success', {
      inputs: { ...inputs, ...tag('1.1.0') },
      emulator: { extraServices: [{ name: 'api', scenario: 'superseded' }] }
    })
    expectExit(first, 0)
    expectExit(await runAgain(first.emulator, { ...inputs, ...tag('1.2.0') }), 0)
    // Revisions web:2 and web:3 now run nowhere: after a run in which every service took the
    // new revision they would be deregistered.
    const last = await runAgain(first.emulator, {
      ...inputs,
      ...tag('1.3.0'),
      'verify-images': 'false', // 1.3.0 is not in the emulator's ECR; a new revision is what counts
      'deregister-previous': '1'
    })
    expectExit(last, 0)
    expect(servicesOutput(last.outputs).map((s) => [s.service, s.verdict])).toEqual([
      ['web', 'succeeded'],
      ['api', 'superseded']
    ])
    expect(first.emulator.mutatingCalls().map((c) => c.operation)).not.toContain(
      'DeregisterTaskDefinition'
    )
  })

  it('watches several services within one API call budget', async () => {
    const run = await deploy('success', {
      inputs: { ...DEPLOY, service: 'web,api,worker', 'poll-interval-seconds': '1' },
      emulator: { extraServices: [{ name: 'api' }, { name: 'worker' }] }
    })
    expectExit(run, 0)
    const calls = run.emulator.calls.filter((c) => c.service === 'ecs' && !c.error)
    const updates = calls.filter((c) => c.operation === 'UpdateService')
    expect(updates).toHaveLength(3)
    const from = Math.min(...updates.map((c) => c.virtualTime))
    // Polling three services every second would take about 180 reads a minute; the watches share
    // one budget of 40 a minute of the action's clock. The emulator stamps a call when it arrives:
    // at 200× a few real milliseconds of transit jitter are a second or two of its clock, so its
    // windows are 58 s long.
    const reads = calls
      .filter((c) => c.virtualTime >= from && c.operation !== 'UpdateService')
      .map((c) => c.virtualTime)
      .sort((a, b) => a - b)
    const busiest = Math.max(
      ...reads.map((t) => reads.filter((u) => u >= t && u < t + 58_000).length)
    )
    expect(busiest).toBeLessThanOrEqual(40)
    expect(busiest).toBeGreaterThan(20) // the budget, not a quiet rollout, kept it there
    // Reads of one turn go together: some DescribeServices name more than one service.
    const described = calls.filter(
      (c) => c.operation === 'DescribeServices' && c.virtualTime >= from
    )
    expect(
      described.some((c) => ((c.input as { services?: string[] }).services ?? []).length > 1)
    ).toBe(true)
  })
})

describe('service update options', () => {
  it('sends only the options that are set, with the new task definition', async () => {
    const run = await deploy('success', {
      inputs: {
        ...DEPLOY,
        'enable-ecs-managed-tags': 'true',
        'propagate-tags': 'SERVICE',
        'enable-execute-command': 'true',
        'health-check-grace-period-seconds': '30'
      }
    })
    expectExit(run, 0)
    const update = run.emulator.mutatingCalls().find((c) => c.operation === 'UpdateService')
    expect(update?.input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: run.outputs['task-definition-arn'],
      enableECSManagedTags: true,
      propagateTags: 'SERVICE',
      enableExecuteCommand: true,
      healthCheckGracePeriodSeconds: 30
    })
  })

  it('sends the service-managed EBS volume when both inputs are set', async () => {
    const run = await deploy('success', {
      inputs: {
        ...DEPLOY,
        'service-managed-ebs-volume-name': 'data',
        'service-managed-ebs-volume':
          '{"roleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","sizeInGiB":20,"volumeType":"gp3"}'
      },
      files: withVolume
    })
    expectExit(run, 0)
    const update = run.emulator.mutatingCalls().find((c) => c.operation === 'UpdateService')
    expect(update?.input).toMatchObject({
      volumeConfigurations: [
        {
          name: 'data',
          managedEBSVolume: {
            roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
            sizeInGiB: 20,
            volumeType: 'gp3'
          }
        }
      ]
    })
  })

  it('never wipes an existing EBS configuration when the EBS inputs are absent', async () => {
    const ebsVolume = {
      name: 'data',
      managedEBSVolume: {
        roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
        sizeInGiB: 50
      }
    }
    const run = await deploy('success', { emulator: { ebsVolume }, files: withVolume })
    expectExit(run, 0)
    const update = run.emulator.mutatingCalls().find((c) => c.operation === 'UpdateService')
    expect(update?.input).not.toHaveProperty('volumeConfigurations')
    // The deployment this run created still carries the service's volume configuration.
    const client = new ECSClient({
      region: 'us-east-1',
      endpoint: run.emulator.url,
      credentials: { accessKeyId: 'AKIAEMULATOREXAMPLE', secretAccessKey: 'not-a-secret' }
    })
    const { services } = await client.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
    )
    const primary = services?.[0]?.deployments?.find((d) => d.status === 'PRIMARY')
    expect(primary?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(primary?.volumeConfigurations).toEqual([ebsVolume])
  })

  it('applies options to a service that already runs the revision, starting no deployment', async () => {
    const run = await deploy('success')
    expectExit(run, 0)
    const again = await runAgain(run.emulator, {
      ...DEPLOY,
      'health-check-grace-period-seconds': '45'
    })
    expectExit(again, 0)
    expect(again.outputs.verdict).toBe('unchanged')
    expect(again.log).toContain('Updated healthCheckGracePeriodSeconds.')
    const last = run.emulator.mutatingCalls().at(-1)
    expect(last?.input).toEqual({
      cluster: 'prod',
      service: 'web',
      healthCheckGracePeriodSeconds: 45
    })
  })
})

describe('promotion and controllers', () => {
  it('task-definition-arn with service deploys that revision and registers nothing', async () => {
    const staging = await deploy('success')
    expectExit(staging, 0)
    const arn = staging.outputs['task-definition-arn'] ?? ''
    // Production rolls back to web:1 by hand, then promotes the revision staging proved.
    await runAgain(staging.emulator, {
      'task-definition-arn': arn.replace(/:2$/, ':1'),
      service: 'web',
      cluster: 'prod'
    })
    const promote = await runAgain(staging.emulator, {
      'task-definition-arn': arn,
      service: 'web',
      cluster: 'prod'
    })
    expectExit(promote, 0)
    expect(promote.outputs).toMatchObject({ 'task-definition-arn': arn, verdict: 'succeeded' })
    expect(operations(staging.emulator).filter((o) => o === 'RegisterTaskDefinition')).toHaveLength(
      1
    )
  })

  it('refuses a service with the EXTERNAL controller before changing anything', async () => {
    const run = await deploy('success', { emulator: { deploymentController: 'EXTERNAL' } })
    expectExit(run, 1)
    expect(errorLines(run.log).join('\n')).toMatch(/uses the EXTERNAL deployment controller/)
    expect(operations(run.emulator)).toEqual([])
  })
})
