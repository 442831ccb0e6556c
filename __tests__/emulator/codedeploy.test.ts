// The emulated CodeDeploy over the wire, with the real SDK clients, on a hand-stepped clock.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand,
  BatchGetDeploymentTargetsCommand,
  ListDeploymentTargetsCommand,
  type DeploymentInfo
} from '@aws-sdk/client-codedeploy'
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { createHash } from 'node:crypto'

import { startEmulator, type CodeDeployOptions, type Emulator } from '../../emulator/index.js'
import { codeDeployAdapter } from '../../src/aws/codedeploy.js'
import type { Clock } from '../../src/clock.js'
import { loadAppSpec } from '../../src/codedeploy/appspec.js'
import { deployWithCodeDeploy } from '../../src/codedeploy/deploy.js'
import { readCodeDeploySettings, resolveCodeDeploySettings } from '../../src/codedeploy/settings.js'
import { readInputs } from '../../src/settings/table.js'

const START = Date.parse('2025-06-02T09:00:00.000Z')
const APP = 'AppECS-prod-web'
const GROUP = 'DgpECS-prod-web'
const APPSPEC_YAML = readFileSync(
  fileURLToPath(new URL('../../examples/appspec.yaml', import.meta.url)),
  'utf8'
)

interface Setup {
  emulator: Emulator
  ecs: ECSClient
  codeDeploy: CodeDeployClient
  clock: Clock & { advance(seconds: number): void }
  service(): Promise<Service>
  register(): Promise<string>
  create(taskDefinitionArn: string, extra?: Record<string, unknown>): Promise<string>
  deployment(id: string): Promise<DeploymentInfo>
  /** Steps time until the deployment reaches one of `statuses`. */
  until(id: string, statuses: string[], limit?: number): Promise<DeploymentInfo>
}

let open: Setup | undefined

afterEach(async () => {
  open?.ecs.destroy()
  open?.codeDeploy.destroy()
  await open?.emulator.close()
  open = undefined
})

function appSpecContent(taskDefinitionArn: string): { content: string; sha256: string } {
  const content = JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 }
          }
        }
      }
    ],
    Hooks: [{ AfterAllowTestTraffic: 'SmokeTestFunction' }]
  })
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}

async function setup(codeDeploy: CodeDeployOptions): Promise<Setup> {
  let now = START
  const clock = {
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (!signal?.aborted) now += ms
      return Promise.resolve()
    },
    advance: (seconds: number) => {
      now += seconds * 1000
    }
  }
  const emulator = await startEmulator({ scenario: 'success', clock: () => now, codeDeploy })
  const config = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  }
  const ecs = new ECSClient(config)
  const client = new CodeDeployClient(config)
  const deployment = async (id: string): Promise<DeploymentInfo> => {
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: id }))
    if (deploymentInfo === undefined) throw new Error('no deploymentInfo')
    return deploymentInfo
  }
  const setup: Setup = {
    emulator,
    ecs,
    codeDeploy: client,
    clock,
    service: async () => {
      const { services } = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
      )
      const [service] = services ?? []
      if (service === undefined) throw new Error('no service')
      return service
    },
    register: async () => {
      const { taskDefinition } = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          containerDefinitions: [
            {
              name: 'app',
              image: 'nginx:1.27',
              essential: true,
              portMappings: [{ containerPort: 8080 }]
            }
          ],
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512'
        })
      )
      return taskDefinition?.taskDefinitionArn ?? ''
    },
    create: async (taskDefinitionArn, extra = {}) => {
      const { deploymentId } = await client.send(
        new CreateDeploymentCommand({
          applicationName: APP,
          deploymentGroupName: GROUP,
          revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: appSpecContent(taskDefinitionArn)
          },
          ...extra
        })
      )
      return deploymentId ?? ''
    },
    deployment,
    until: async (id, statuses, limit = 3600) => {
      for (let elapsed = 0; elapsed <= limit; elapsed += 5) {
        const info = await deployment(id)
        if (statuses.includes(info.status ?? '')) return info
        clock.advance(5)
      }
      throw new Error(`deployment ${id} never reached ${statuses.join('/')}`)
    }
  }
  open = setup
  return setup
}

describe('CodeDeploy emulator', () => {
  it('shows the service as CODE_DEPLOY with one PRIMARY task set, and refuses a task definition change', async () => {
    const s = await setup({ outcome: 'success', terminationWaitMinutes: 5 })
    const { ecs, codeDeploy } = s
    const service = () => s.service()
    const register = () => s.register()
    const before = await service()
    expect(before.deploymentController).toEqual({ type: 'CODE_DEPLOY' })
    expect(before.deployments).toEqual([])
    expect(before.taskSets).toHaveLength(1)
    expect(before.taskSets?.[0]).toMatchObject({
      status: 'PRIMARY',
      startedBy: 'CODE_DEPLOY',
      externalId: expect.stringMatching(/^d-[A-Z0-9]{9}$/),
      taskDefinition: before.taskDefinition,
      runningCount: 2,
      stabilityStatus: 'STEADY_STATE'
    })
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'prod',
          service: 'web',
          taskDefinition: await register()
        })
      )
    ).rejects.toThrow(
      /Unable to update task definition on services with a CODE_DEPLOY deployment controller/
    )

    const { deploymentGroupInfo } = await codeDeploy.send(
      new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: GROUP })
    )
    expect(deploymentGroupInfo).toMatchObject({
      computePlatform: 'ECS',
      ecsServices: [{ clusterName: 'prod', serviceName: 'web' }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
        terminateBlueInstancesOnDeploymentSuccess: {
          action: 'TERMINATE',
          terminationWaitTimeInMinutes: 5
        }
      },
      lastSuccessfulDeployment: {
        deploymentId: before.taskSets?.[0]?.externalId,
        status: 'Succeeded'
      }
    })
  })

  it('runs a deployment through every lifecycle event and moves the service to the new revision', async () => {
    const s = await setup({ outcome: 'success', terminationWaitMinutes: 5 })
    const arn = await s.register()
    const id = await s.create(arn)
    expect((await s.deployment(id)).status).toBe('Created')
    expect(
      (await s.codeDeploy.send(new ListDeploymentTargetsCommand({ deploymentId: id }))).targetIds
    ).toEqual([])

    await s.until(id, ['InProgress'])
    const { deploymentTargets } = await s.codeDeploy.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['prod:web'] })
    )
    expect(deploymentTargets?.[0]?.deploymentTargetType).toBe('ECSTarget')
    expect(
      deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents?.map((e) => e.lifecycleEventName)
    ).toEqual([
      'BeforeInstall',
      'Install',
      'AfterInstall',
      'AllowTestTraffic',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'AllowTraffic',
      'AfterAllowTraffic'
    ])

    // Traffic has moved, but the original task set is kept for the 5-minute termination wait.
    s.clock.advance(120)
    const during = await s.service()
    expect((await s.deployment(id)).status).toBe('InProgress')
    expect(during.taskDefinition).toBe(arn)
    expect(during.taskSets?.map((t) => [t.status, t.externalId])).toEqual([
      ['PRIMARY', id],
      ['ACTIVE', expect.stringMatching(/^d-/)]
    ])

    const done = await s.until(id, ['Succeeded', 'Failed', 'Stopped'])
    expect(done.status).toBe('Succeeded')
    expect(done.completeTime).toBeInstanceOf(Date)
    const after = await s.service()
    expect(after.taskSets?.map((t) => [t.status, t.taskDefinition])).toEqual([['PRIMARY', arn]])
    const what = s.emulator.timeline.map((e) => e.what)
    expect(what).toContain(`codedeploy-deployment Succeeded ${id}`)
    expect(what).toContain(`codedeploy-lifecycle ${id} AfterAllowTestTraffic Succeeded`)
    expect(s.emulator.mutatingCalls().map((c) => c.operation)).toEqual([
      'RegisterTaskDefinition',
      'CreateDeployment'
    ])
  })

  it('fails the AfterAllowTestTraffic hook and rolls back: the service keeps its revision', async () => {
    const s = await setup({ outcome: 'rollback' })
    const old = (await s.service()).taskDefinition
    const id = await s.create(await s.register())
    const failed = await s.until(id, ['Succeeded', 'Failed', 'Stopped'])
    expect(failed).toMatchObject({
      status: 'Failed',
      errorInformation: { code: 'HOOK_EXECUTION_FAILURE' },
      rollbackInfo: { rollbackDeploymentId: expect.stringMatching(/^d-/) }
    })
    const { deploymentTargets } = await s.codeDeploy.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['prod:web'] })
    )
    const events = deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents ?? []
    expect(events.find((e) => e.status === 'Failed')).toMatchObject({
      lifecycleEventName: 'AfterAllowTestTraffic',
      diagnostics: { scriptName: 'SmokeTestFunction' }
    })
    const rollback = await s.until(failed.rollbackInfo?.rollbackDeploymentId ?? '', ['Succeeded'])
    expect(rollback).toMatchObject({
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: id }
    })
    const service = await s.service()
    expect(service.taskDefinition).toBe(old)
    expect(service.taskSets?.map((t) => [t.status, t.taskDefinition])).toEqual([['PRIMARY', old]])
  })

  it('fails without a rollback when the group has automatic rollback off', async () => {
    const s = await setup({ outcome: 'fail-no-rollback' })
    const old = (await s.service()).taskDefinition
    const id = await s.create(await s.register())
    const failed = await s.until(id, ['Succeeded', 'Failed', 'Stopped'])
    expect(failed.status).toBe('Failed')
    expect(failed.rollbackInfo).toBeUndefined()
    expect((await s.service()).taskDefinition).toBe(old)
  })

  it('waits in Ready for ContinueDeployment when the group stops at ready, and can be stopped with a rollback', async () => {
    const s = await setup({ outcome: 'success', readyWaitMinutes: 30 })
    const id = await s.create(await s.register())
    await s.until(id, ['Ready'])
    await s.codeDeploy.send(
      new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' })
    )
    expect((await s.until(id, ['Succeeded', 'Failed', 'Stopped'])).status).toBe('Succeeded')

    const second = await s.create(await s.register())
    await s.until(second, ['Ready'])
    await s.codeDeploy.send(
      new StopDeploymentCommand({ deploymentId: second, autoRollbackEnabled: true })
    )
    expect(await s.deployment(second)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP' },
      rollbackInfo: { rollbackDeploymentId: expect.stringMatching(/^d-/) }
    })
    await expect(
      s.codeDeploy.send(new StopDeploymentCommand({ deploymentId: second }))
    ).rejects.toThrow(expect.objectContaining({ name: 'DeploymentAlreadyCompletedException' }))
  })

  it('leaves out the wait options when asked to', async () => {
    const s = await setup({ outcome: 'success', omitWaitOptions: true })
    const { deploymentGroupInfo } = await s.codeDeploy.send(
      new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: GROUP })
    )
    expect(deploymentGroupInfo?.blueGreenDeploymentConfiguration).toEqual({})
  })

  it('answers like CodeDeploy for unknown names, a busy group, bad revisions and long descriptions', async () => {
    const s = await setup({ outcome: 'success' })
    const arn = await s.register()
    const name = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (e: unknown) => (e as Error).name
      )
    expect(
      await name(
        s.codeDeploy.send(
          new GetDeploymentGroupCommand({ applicationName: 'nope', deploymentGroupName: GROUP })
        )
      )
    ).toBe('ApplicationDoesNotExistException')
    expect(
      await name(
        s.codeDeploy.send(
          new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: 'nope' })
        )
      )
    ).toBe('DeploymentGroupDoesNotExistException')
    expect(await name(s.deployment('d-AAAAAAAAA'))).toBe('DeploymentDoesNotExistException')
    expect(await name(s.deployment('nope'))).toBe('InvalidDeploymentIdException')
    expect(await name(s.create(arn, { description: 'x'.repeat(513) }))).toBe(
      'DescriptionTooLongException'
    )
    expect(
      await name(s.create(arn, { deploymentConfigName: 'CodeDeployDefault.OneAtATime' }))
    ).toBe('DeploymentConfigDoesNotExistException')
    expect(
      await name(
        s.codeDeploy.send(
          new CreateDeploymentCommand({
            applicationName: APP,
            deploymentGroupName: GROUP,
            revision: {
              revisionType: 'AppSpecContent',
              appSpecContent: { content: appSpecContent(arn).content, sha256: '00' }
            }
          })
        )
      )
    ).toBe('InvalidRevisionException')
    const first = await s.create(arn, { description: 'x'.repeat(512) })
    expect(await name(s.create(arn))).toBe('DeploymentLimitExceededException')
    expect((await s.deployment(first)).description).toHaveLength(512)
  })
})

describe('deployWithCodeDeploy against the emulator', () => {
  const cases: [CodeDeployOptions['outcome'], string][] = [
    ['success', 'succeeded'],
    ['rollback', 'rolled-back'],
    ['fail-no-rollback', 'failed']
  ]
  it.each(cases)('outcome %s gives the verdict %s through the real SDK', async (outcome, kind) => {
    const s = await setup({ outcome, terminationWaitMinutes: 5 })
    const before = await s.service()
    const arn = await s.register()
    const lines: string[] = []
    const settings = resolveCodeDeploySettings(
      readCodeDeploySettings(readInputs({ getInput: () => '' }), '/w'),
      {
        cluster: 'prod',
        service: 'web'
      }
    )
    const result = await deployWithCodeDeploy({
      port: codeDeployAdapter(s.codeDeploy),
      clock: s.clock,
      settings,
      appSpec: loadAppSpec(APPSPEC_YAML, 'appspec.yaml'),
      taskDefinitionArn: arn,
      ...(before.taskDefinition !== undefined && {
        previousTaskDefinitionArn: before.taskDefinition
      }),
      cluster: 'prod',
      service: 'web',
      region: 'us-east-1',
      log: { info: (line) => lines.push(line), warning: (line) => lines.push(`WARNING ${line}`) },
      waitForMinutes: 10,
      pollIntervalMs: 5000
    })
    expect(result.verdict?.kind).toBe(kind)
    expect(result.waitMinutes).toBe(15)
    expect(lines.filter((l) => l.startsWith('WARNING'))).toEqual([])
    expect(
      lines.some((l) =>
        /^ {2}(AfterAllowTestTraffic: Succeeded|lifecycle event AfterAllowTestTraffic failed)/.test(
          l
        )
      )
    ).toBe(true)
    const service = await s.service()
    expect(service.taskDefinition).toBe(kind === 'succeeded' ? arn : before.taskDefinition)
    if (kind === 'rolled-back') {
      expect(result.verdict?.reason).toMatch(
        /HOOK_EXECUTION_FAILURE.*AfterAllowTestTraffic.*hook function SmokeTestFunction reported Failed.*rolled it back.*stays on web:1/
      )
    }
    if (kind === 'succeeded') {
      expect(lines).toContain(`CodeDeploy deployment ${result.deploymentId}: Succeeded`)
      expect(
        lines.some((l) =>
          l.includes(
            'task sets: original (Blue) 2/2 running, 0% traffic · replacement (Green) 2/2 running, 100% traffic'
          )
        )
      ).toBe(true)
    }
  })
})
