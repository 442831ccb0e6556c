import { describe, expect, it } from '@jest/globals'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { loadAppSpec } from '../../src/codedeploy/appspec.js'
import {
  deployWithCodeDeploy,
  type DeployWithCodeDeployOptions
} from '../../src/codedeploy/deploy.js'
import type { CodeDeploySettings } from '../../src/codedeploy/settings.js'
import { FakeCodeDeploy, type Step } from './fake-port.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const APPSPEC = loadAppSpec(
  'Resources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: x\n        LoadBalancerInfo: {ContainerName: app, ContainerPort: 8080}\n',
  'appspec.yaml'
)
const NEW = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8'
const OLD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
const SETTINGS: CodeDeploySettings = {
  appSpec: { input: 'appspec.yaml', path: '/w/appspec.yaml', given: false },
  application: 'AppECS-prod-web',
  deploymentGroup: 'DgpECS-prod-web'
}
const GROUP: DeploymentGroupInfo = {
  applicationName: 'AppECS-prod-web',
  deploymentGroupName: 'DgpECS-prod-web',
  computePlatform: 'ECS',
  autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
  blueGreenDeploymentConfiguration: {
    deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
    terminateBlueInstancesOnDeploymentSuccess: {
      action: 'TERMINATE',
      terminationWaitTimeInMinutes: 5
    }
  }
}
const S = 1000

function run(
  steps: Step[],
  options: Partial<DeployWithCodeDeployOptions> & { group?: DeploymentGroupInfo } = {}
) {
  const clock = new FakeClock()
  const port = new FakeCodeDeploy(clock, options.group ?? GROUP, steps)
  const { lines, warnings, log } = recordingLog()
  const result = deployWithCodeDeploy({
    port,
    clock,
    settings: SETTINGS,
    appSpec: APPSPEC,
    taskDefinitionArn: NEW,
    previousTaskDefinitionArn: OLD,
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    log,
    waitForMinutes: 10,
    pollIntervalMs: 15 * S,
    ...options
  })
  return { clock, port, lines, warnings, result }
}

const inProgress = (at: number, events: Step['events']): Step => ({
  at,
  deployment: { status: 'InProgress' },
  events
})

describe('deployWithCodeDeploy', () => {
  it('creates the deployment from the AppSpec and succeeds, printing each change once', async () => {
    const { port, lines, result, clock } = run([
      { at: 0, deployment: { status: 'Created' } },
      inProgress(10 * S, { BeforeInstall: 'InProgress' }),
      inProgress(40 * S, { BeforeInstall: 'Succeeded', Install: 'InProgress' }),
      inProgress(70 * S, {
        BeforeInstall: 'Succeeded',
        Install: 'Succeeded',
        AfterInstall: 'Succeeded',
        AllowTestTraffic: 'Succeeded',
        AfterAllowTestTraffic: 'Succeeded',
        BeforeAllowTraffic: 'Succeeded',
        AllowTraffic: 'Succeeded',
        AfterAllowTraffic: 'Succeeded'
      }),
      {
        at: 100 * S,
        deployment: { status: 'Succeeded' },
        events: { AfterAllowTraffic: 'Succeeded' }
      }
    ])
    const { deploymentId, verdict, consoleUrl } = await result
    expect(deploymentId).toBe('d-TEST12345')
    expect(verdict).toEqual({
      kind: 'succeeded',
      reason: 'CodeDeploy deployment d-TEST12345 succeeded: the service runs web:8.'
    })
    expect(consoleUrl).toBe(
      'https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-TEST12345?region=us-east-1'
    )
    const create = port.calls.find((c) => c.operation === 'CreateDeployment')?.input as {
      appSpec: { content: string; sha256: string }
    }
    expect(create).toEqual({
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web',
      appSpec: {
        content: expect.stringContaining(NEW),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/)
      }
    })
    expect(lines).toEqual([
      'Started CodeDeploy deployment d-TEST12345 (application AppECS-prod-web, deployment group DgpECS-prod-web).',
      `Watch it in the CodeDeploy console: ${consoleUrl}`,
      'Waiting up to 15 min (wait-for-minutes 10 + ready wait 0 + termination wait 5).',
      'CodeDeploy deployment d-TEST12345: Created',
      'CodeDeploy deployment d-TEST12345: InProgress',
      '  BeforeInstall: InProgress',
      '  BeforeInstall: Succeeded',
      '  Install: InProgress',
      '  Install: Succeeded',
      '  AfterInstall: Succeeded',
      '  AllowTestTraffic: Succeeded',
      '  AfterAllowTestTraffic: Succeeded',
      '  BeforeAllowTraffic: Succeeded',
      '  AllowTraffic: Succeeded',
      '  AfterAllowTraffic: Succeeded',
      'CodeDeploy deployment d-TEST12345: Succeeded'
    ])
    expect(clock.sleeps.every((ms) => ms === 15 * S)).toBe(true)
    expect(port.count('ListDeploymentTargets')).toBe(2) // until CodeDeploy lists the target
  })

  it('sends the description and deployment config only when set', async () => {
    const { port, result } = run([{ at: 0, deployment: { status: 'Succeeded' } }], {
      settings: {
        ...SETTINGS,
        description: 'abc',
        deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce'
      }
    })
    await result
    expect(port.calls.find((c) => c.operation === 'CreateDeployment')?.input).toMatchObject({
      description: 'abc',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce'
    })
  })

  it('calls a failure with a rollback rolled-back, with the error and the failed hook', async () => {
    const { result } = run([
      inProgress(0, { BeforeInstall: 'Succeeded', AfterAllowTestTraffic: 'InProgress' }),
      {
        at: 60 * S,
        deployment: {
          status: 'Failed',
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'A lifecycle hook failed.' }
        },
        events: {
          AfterAllowTestTraffic: {
            status: 'Failed',
            diagnostics: { errorCode: 'UnknownError', message: 'smoke test returned 503' }
          }
        }
      },
      {
        at: 90 * S,
        deployment: {
          status: 'Failed',
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'A lifecycle hook failed.' },
          rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK1', rollbackMessage: 'Rolled back' }
        },
        events: {
          AfterAllowTestTraffic: {
            status: 'Failed',
            diagnostics: { errorCode: 'UnknownError', message: 'smoke test returned 503' }
          }
        }
      }
    ])
    const { verdict } = await result
    expect(verdict).toEqual({
      kind: 'rolled-back',
      cause: 'unknown',
      rollbackTaskDefinitionArn: OLD,
      reason:
        'CodeDeploy deployment d-TEST12345 failed: HOOK_EXECUTION_FAILURE: A lifecycle hook failed. ' +
        'lifecycle event AfterAllowTestTraffic failed (UnknownError: smoke test returned 503). ' +
        'CodeDeploy rolled it back with deployment d-ROLLBACK1: the service stays on web:7.'
    })
  })

  it('names alarms as the cause when CodeDeploy stopped on an alarm', async () => {
    const { result } = run([
      {
        at: 0,
        deployment: {
          status: 'Stopped',
          errorInformation: {
            code: 'ALARM_ACTIVE',
            message: 'One or more alarms have been activated'
          },
          rollbackInfo: { rollbackDeploymentId: 'd-RB' }
        }
      }
    ])
    expect((await result).verdict).toMatchObject({ kind: 'rolled-back', cause: 'alarms' })
  })

  it('calls a failure without a rollback failed, after a short grace for rollbackInfo', async () => {
    const failed: Step = {
      at: 0,
      deployment: {
        status: 'Failed',
        errorInformation: { code: 'ECS_UPDATE_ERROR', message: 'Invalid task definition' }
      }
    }
    const { result, port } = run([failed])
    expect((await result).verdict).toEqual({
      kind: 'failed',
      reason:
        'CodeDeploy deployment d-TEST12345 failed: ECS_UPDATE_ERROR: Invalid task definition. It was not rolled back.'
    })
    // The group rolls back on failure, so two more looks before calling it.
    expect(port.count('GetDeployment')).toBe(3)

    const noAutoRollback = run([failed], {
      group: { ...GROUP, autoRollbackConfiguration: { enabled: false } }
    })
    expect((await noAutoRollback.result).verdict?.kind).toBe('failed')
    expect(noAutoRollback.port.count('GetDeployment')).toBe(1)
  })

  it('adds the group waits to the deadline and times out with the last state', async () => {
    const group: DeploymentGroupInfo = {
      ...GROUP,
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 20 },
        terminateBlueInstancesOnDeploymentSuccess: { terminationWaitTimeInMinutes: 30 }
      }
    }
    const { result, clock, port, lines } = run(
      [
        {
          at: 0,
          deployment: { status: 'Ready' },
          events: {
            BeforeInstall: 'Succeeded',
            Install: 'Succeeded',
            AfterInstall: 'Succeeded',
            AllowTestTraffic: 'Succeeded',
            AfterAllowTestTraffic: 'Succeeded',
            BeforeAllowTraffic: 'InProgress'
          }
        }
      ],
      { group }
    )
    const start = clock.now()
    const { verdict, waitMinutes } = await result
    expect(waitMinutes).toBe(60)
    expect(clock.now() - start).toBe(60 * 60 * S)
    expect(verdict).toEqual({
      kind: 'timed-out',
      reason:
        'CodeDeploy deployment d-TEST12345 did not finish within 60 min: it was Ready, at BeforeAllowTraffic InProgress. ' +
        'CodeDeploy goes on with it: stop it in the console if it must not finish.'
    })
    expect(lines).toContain(
      'CodeDeploy deployment d-TEST12345: Ready (the replacement task set is ready; CodeDeploy waits up to 20 min for ContinueDeployment before rerouting traffic)'
    )
    expect(port.count('StopDeployment')).toBe(0)
  })

  it('caps the whole wait at 360 minutes', async () => {
    const group: DeploymentGroupInfo = {
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { waitTimeInMinutes: 200 },
        terminateBlueInstancesOnDeploymentSuccess: { terminationWaitTimeInMinutes: 2880 }
      }
    }
    const { result, lines } = run([{ at: 0, deployment: { status: 'InProgress' } }], { group })
    expect((await result).waitMinutes).toBe(360)
    expect(lines).toContain(
      'Waiting up to 360 min (wait-for-minutes 10 + ready wait 200 + termination wait 2880, capped at 360).'
    )
  })

  it.each([
    ['no blue/green configuration', {}],
    [
      'no ready option',
      {
        blueGreenDeploymentConfiguration: {
          terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE' as const }
        }
      }
    ],
    [
      'no termination option',
      {
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' as const }
        }
      }
    ]
  ])('treats %s as waits of 0 minutes (the official action crashes there)', async (_, group) => {
    const { result } = run([{ at: 0, deployment: { status: 'InProgress' } }], { group })
    expect((await result).waitMinutes).toBe(10)
  })

  it('stops with a rollback on timeout when rollback-on-failure is set', async () => {
    const { result, port } = run([{ at: 0, deployment: { status: 'InProgress' } }], {
      rollbackOnFailure: true,
      waitForMinutes: 1,
      group: {}
    })
    const { verdict } = await result
    expect(verdict?.reason).toMatch(/Asked CodeDeploy to stop it and roll back/)
    expect(port.calls.filter((c) => c.operation === 'StopDeployment').map((c) => c.input)).toEqual([
      { deploymentId: 'd-TEST12345', autoRollbackEnabled: true }
    ])
  })

  it('returns cancelled when the run is cancelled', async () => {
    const controller = new AbortController()
    const { result, port } = run([{ at: 0, deployment: { status: 'InProgress' } }], {
      signal: controller.signal,
      log: {
        info: (line) => {
          if (line.endsWith(': InProgress')) controller.abort()
        },
        warning: () => undefined
      }
    })
    const { verdict } = await result
    expect(verdict?.kind).toBe('cancelled')
    expect(verdict?.reason).toMatch(
      /cancelled while CodeDeploy deployment d-TEST12345 was in progress: it was InProgress\. CodeDeploy goes on/
    )
    expect(port.count('StopDeployment')).toBe(0)
  })

  it('retries throttling inside the deadline and keeps watching when targets are denied', async () => {
    const { result, port, warnings } = run([
      inProgress(0, { BeforeInstall: 'InProgress' }),
      { at: 60 * S, deployment: { status: 'Succeeded' } }
    ])
    port.getErrors.push(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
    port.targetError = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })
    const { verdict } = await result
    expect(verdict?.kind).toBe('succeeded')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/AccessDeniedException.*still watched/)
    expect(port.count('ListDeploymentTargets')).toBe(1)
  })

  it('fails at once on a permanent error, naming the input to check', async () => {
    const clock = new FakeClock()
    const port = new FakeCodeDeploy(clock, GROUP, [])
    port.getDeploymentGroup = () =>
      Promise.reject(
        Object.assign(new Error('The deployment group DgpECS-prod-web does not exist'), {
          name: 'DeploymentGroupDoesNotExistException'
        })
      )
    await expect(
      deployWithCodeDeploy({
        port,
        clock,
        settings: SETTINGS,
        appSpec: APPSPEC,
        taskDefinitionArn: NEW,
        cluster: 'prod',
        service: 'web',
        region: 'us-east-1',
        log: { info: () => undefined, warning: () => undefined },
        waitForMinutes: 10,
        pollIntervalMs: 1000
      })
    ).rejects.toThrow(
      /GetDeploymentGroup failed: DeploymentGroupDoesNotExistException: .* set "codedeploy-deployment-group"/
    )
    expect(port.count('CreateDeployment')).toBe(0)
  })

  it('returns without a verdict when asked not to wait', async () => {
    const { result, port } = run([{ at: 0, deployment: { status: 'Created' } }], { wait: false })
    expect((await result).verdict).toBeUndefined()
    expect(port.count('GetDeployment')).toBe(0)
  })
})
