import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { judge, successorOf, type Observation, type Verdict } from '../../src/rollout/verdict.js'
import {
  deployment,
  NEW,
  OLD,
  OTHER,
  oldActive,
  ref,
  service,
  serviceDeployment,
  STARTED,
  TD
} from './builders.js'
import type { DeploymentRef } from '../../src/rollout/deployment-ref.js'

const containing = (text: string): string => expect.stringContaining(text) as unknown as string

/** Every free text replaced, ids and numbers kept: what the emulator's reworded mode does. */
const scramble = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : (text.match(/[\w/-]*\d[\w/-]*/g) ?? []).join(' ~ ')
const reword = (svc: Service): Service => ({
  ...svc,
  deployments: svc.deployments?.map((d) => ({
    ...d,
    rolloutStateReason: scramble(d.rolloutStateReason)
  })),
  events: svc.events?.map((e) => ({ ...e, message: scramble(e.message) }))
})
const rewordSd = (sd: ServiceDeployment): ServiceDeployment => ({
  ...sd,
  statusReason: scramble(sd.statusReason),
  ...(sd.rollback && { rollback: { ...sd.rollback, reason: scramble(sd.rollback.reason) } })
})

const observe = (svc: Service | undefined, sd?: ServiceDeployment): Observation => ({
  at: 0,
  service: svc,
  ...(sd && { serviceDeployment: sd })
})

const breakerFailed = deployment({
  id: NEW,
  status: 'ACTIVE',
  failedTasks: 3,
  rolloutState: 'FAILED',
  rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
})
const rollbackPrimary = deployment({
  id: OLD,
  taskDefinition: TD(1),
  runningCount: 1,
  rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
})

describe('judge without the service-deployments API (deployments[] only)', () => {
  it.each<[string, Service | undefined, Partial<Verdict> | undefined, DeploymentRef?]>([
    [
      'new deployment still starting',
      service([deployment({ id: NEW, runningCount: 1 }), oldActive()]),
      undefined
    ],
    [
      'counts equal but rollout still IN_PROGRESS (bake time)',
      service([deployment({ id: NEW, runningCount: 2 })]),
      undefined
    ],
    [
      'completed, alone, at full strength, on our task definition',
      service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })]),
      { kind: 'succeeded' }
    ],
    [
      'completed but the old deployment still drains',
      service([
        deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' }),
        oldActive({ runningCount: 0 })
      ]),
      undefined
    ],
    [
      'completed but the service is short of tasks',
      service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })], {
        runningCount: 1
      }),
      undefined
    ],
    [
      'breaker FAILED ours and a rollback PRIMARY appeared',
      service([rollbackPrimary, breakerFailed]),
      { kind: 'rolled-back', cause: 'circuit-breaker', rollbackTaskDefinitionArn: TD(1) }
    ],
    [
      'breaker FAILED ours, rollback configured, rollback row not visible yet: provisional',
      service([{ ...breakerFailed, status: 'PRIMARY' }, oldActive()]),
      {
        kind: 'failed',
        provisional: true,
        cause: 'circuit-breaker',
        reason: containing('expected to roll back to web:1, but no rollback was seen yet')
      }
    ],
    [
      'breaker FAILED ours without rollback: ours stays PRIMARY',
      service([{ ...breakerFailed, status: 'PRIMARY' }, oldActive()], {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } }
      }),
      { kind: 'failed' }
    ],
    [
      'rollback converged: one healthy deployment, but not ours (the stock waiter says success here)',
      service([{ ...rollbackPrimary, runningCount: 2, rolloutState: 'COMPLETED' }]),
      { kind: 'rolled-back', rollbackTaskDefinitionArn: TD(1) }
    ],
    [
      'rollback converged and the rollback row now says completed: the failure event still tells',
      service(
        [
          deployment({ id: OLD, taskDefinition: TD(1), runningCount: 2, rolloutState: 'COMPLETED' })
        ],
        {
          events: [
            { id: 'e2', message: `(service web) rolling back to deployment ${OLD}.` },
            {
              id: 'e1',
              message: `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`
            }
          ]
        }
      ),
      { kind: 'rolled-back', cause: 'circuit-breaker' }
    ],
    [
      'rolled back with no task failed and alarms on: the alarms, whatever the events say',
      service([deployment({ id: OLD, taskDefinition: TD(1), runningCount: 1 })], {
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          alarms: { enable: true, rollback: true, alarmNames: ['web-5xx'] }
        },
        events: [{ id: 'e1', message: `(service web) (deployment ${NEW}) deployment failed.` }]
      }),
      { kind: 'rolled-back', cause: 'alarms' }
    ],
    [
      'breaker FAILED ours, rollback on, but no earlier deployment completed: no rollback to expect',
      service([{ ...breakerFailed, status: 'PRIMARY' }, oldActive({ rolloutState: 'FAILED' })]),
      { kind: 'failed', reason: containing('ECS cannot roll back') },
      { ...ref, previousCompleted: false }
    ],
    [
      'someone moved the service back to the previous revision with a new deployment: rolled back',
      service([
        deployment({ id: OTHER, taskDefinition: TD(1), createdAt: new Date(STARTED + 5000) }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      { kind: 'rolled-back', rollbackTaskDefinitionArn: TD(1) }
    ],
    [
      'a newer PRIMARY of our own revision: not a verdict (the watch follows it)',
      service([
        deployment({ id: OTHER, createdAt: new Date(STARTED + 5000) }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      undefined
    ],
    [
      'ours not listed yet and the old deployment untouched since before our update: not yet',
      service([
        oldActive({
          status: 'PRIMARY',
          updatedAt: new Date(STARTED - 3_600_000),
          createdAt: new Date(STARTED - 7_200_000)
        })
      ]),
      undefined
    ],
    [
      'someone else started a deployment',
      service([
        deployment({ id: OTHER, taskDefinition: TD(3) }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      { kind: 'superseded', supersededBy: OTHER }
    ],
    // Gone only when it stays gone for a few polls: the watch decides (watch.test.ts).
    ['our deployment not listed, nothing else either', service([]), undefined],
    ['service deleted (MISSING)', undefined, { kind: 'failed' }],
    [
      'service draining',
      service([deployment({ id: NEW })], { status: 'DRAINING' }),
      { kind: 'failed' }
    ]
  ])('%s', (_name, svc, expected, ours = ref) => {
    const verdict = judge(ours, observe(svc))
    if (expected === undefined) expect(verdict).toBeUndefined()
    else expect(verdict).toMatchObject(expected)
    // Texts reworded: the same kind and cause, since no text decides.
    const reworded = judge(ours, observe(svc && reword(svc)))
    expect([reworded?.kind, reworded?.cause]).toEqual([verdict?.kind, verdict?.cause])
  })
})

describe('judge with the service-deployments API', () => {
  const inProgress = service([deployment({ id: NEW, runningCount: 1 }), oldActive()])

  it.each<[string, Service, ServiceDeployment, Partial<Verdict> | undefined]>([
    [
      'SUCCESSFUL',
      service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })]),
      serviceDeployment({ status: 'SUCCESSFUL' }),
      { kind: 'succeeded' }
    ],
    [
      'deployments[] look done but the service deployment is still IN_PROGRESS',
      service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })]),
      serviceDeployment({ status: 'IN_PROGRESS' }),
      undefined
    ],
    [
      'ROLLBACK_IN_PROGRESS after the breaker tripped',
      service([rollbackPrimary, breakerFailed]),
      serviceDeployment({
        status: 'ROLLBACK_IN_PROGRESS',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 }
      }),
      {
        kind: 'rolled-back',
        cause: 'circuit-breaker',
        reason: expect.stringContaining('3 tasks failed (threshold 3)') as unknown as string
      }
    ],
    [
      'ROLLBACK_REQUESTED by alarms, while deployments[] have not caught up',
      inProgress,
      serviceDeployment({
        status: 'ROLLBACK_REQUESTED',
        alarms: { status: 'TRIGGERED', alarmNames: ['web-5xx'], triggeredAlarmNames: ['web-5xx'] }
      }),
      { kind: 'rolled-back', cause: 'alarms', reason: containing('web-5xx') }
    ],
    [
      'ROLLBACK_SUCCESSFUL without a triggered monitor is a manual rollback',
      service([
        deployment({ id: OLD, taskDefinition: TD(1), runningCount: 2, rolloutState: 'COMPLETED' })
      ]),
      serviceDeployment({
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: { reason: 'Rollback requested by user.' }
      }),
      {
        kind: 'rolled-back',
        cause: 'manual',
        reason: containing('rolled the service back to web:1')
      }
    ],
    [
      'ROLLBACK_SUCCESSFUL after a lifecycle hook failed: the hook is named, not "a rollback was requested"',
      inProgress,
      serviceDeployment({
        status: 'ROLLBACK_IN_PROGRESS',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [
          {
            hookId: 'hook-smoke',
            targetType: 'AWS_LAMBDA',
            targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test',
            status: 'FAILED'
          }
        ]
      }),
      {
        kind: 'rolled-back',
        cause: 'hook',
        reason: containing('lifecycle hook hook-smoke')
      }
    ],
    [
      'STOPPED by an operator (ABORT), no monitor triggered: failed, stopped, not rolled back',
      service([deployment({ id: NEW, runningCount: 1 }), oldActive()]),
      serviceDeployment({ status: 'STOPPED' }),
      { kind: 'failed', cause: 'manual', reason: containing('was stopped') }
    ],
    [
      'ROLLBACK_FAILED',
      inProgress,
      serviceDeployment({ status: 'ROLLBACK_FAILED' }),
      { kind: 'failed' }
    ],
    [
      'STOPPED by the breaker without rollback',
      service([{ ...breakerFailed, status: 'PRIMARY' }, oldActive()], {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } }
      }),
      serviceDeployment({ status: 'STOPPED', deploymentCircuitBreaker: { status: 'TRIGGERED' } }),
      { kind: 'failed' }
    ],
    [
      'STOPPED because another deployment replaced ours',
      service([
        deployment({ id: OTHER, taskDefinition: TD(3) }),
        { ...deployment({ id: NEW }), status: 'ACTIVE' }
      ]),
      serviceDeployment({ status: 'STOPPED' }),
      { kind: 'superseded', supersededBy: OTHER }
    ],
    [
      'IN_PROGRESS, but deployments[] already show FAILED: fail at once',
      service([{ ...breakerFailed, status: 'PRIMARY' }, oldActive()], {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } }
      }),
      serviceDeployment({ status: 'IN_PROGRESS' }),
      { kind: 'failed' }
    ]
  ])('%s', (_name, svc, sd, expected) => {
    const verdict = judge(ref, observe(svc, sd))
    if (expected === undefined) expect(verdict).toBeUndefined()
    else expect(verdict).toMatchObject(expected)
    const reworded = judge(ref, observe(reword(svc), rewordSd(sd)))
    expect([reworded?.kind, reworded?.cause]).toEqual([verdict?.kind, verdict?.cause])
  })
})

describe('the rollback target', () => {
  it('is the revision ECS names for the rollback, not merely the one before ours', () => {
    const verdict = judge(ref, {
      at: 0,
      service: service([deployment({ id: NEW, runningCount: 1 }), oldActive()]),
      serviceDeployment: serviceDeployment({ status: 'ROLLBACK_REQUESTED' }),
      rollbackTaskDefinitionArn: TD(0)
    })
    expect(verdict).toMatchObject({ kind: 'rolled-back', rollbackTaskDefinitionArn: TD(0) })
    expect(verdict?.reason).toContain('back to web:0')
  })
})

describe('judge over a recorded sequence', () => {
  const firstVerdict = (
    observations: Observation[]
  ): { index: number; verdict: Verdict } | undefined => {
    for (const [index, observation] of observations.entries()) {
      const verdict = judge(ref, observation)
      if (verdict) return { index, verdict }
    }
    return undefined
  }

  it('fails at the first sign of the rollback, not after it finished', () => {
    const result = firstVerdict([
      observe(service([deployment({ id: NEW }), oldActive()])),
      observe(service([deployment({ id: NEW, failedTasks: 1 }), oldActive()])),
      observe(service([deployment({ id: NEW, failedTasks: 2 }), oldActive()])),
      observe(service([rollbackPrimary, breakerFailed])),
      observe(service([{ ...rollbackPrimary, runningCount: 2, rolloutState: 'COMPLETED' }]))
    ])
    expect(result?.index).toBe(3)
    expect(result?.verdict.kind).toBe('rolled-back')
    expect(result?.verdict.reason).toMatch(
      /circuit breaker stopped deployment ecs-svc\/2+: tasks failed to start\. ECS is rolling the service back to web:1\./
    )
  })

  it('succeeds only once the old deployment is gone and ours completed', () => {
    const result = firstVerdict([
      observe(service([deployment({ id: NEW, runningCount: 1 }), oldActive()])),
      observe(service([deployment({ id: NEW, runningCount: 2 }), oldActive({ runningCount: 0 })])),
      observe(service([deployment({ id: NEW, runningCount: 2 })])),
      observe(service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })]))
    ])
    expect(result).toEqual({
      index: 3,
      verdict: expect.objectContaining({ kind: 'succeeded' }) as unknown as Verdict
    })
  })

  it('never succeeds while a stall goes on', () => {
    const stall = Array.from({ length: 20 }, (_, i) =>
      observe(service([deployment({ id: NEW, failedTasks: i }), oldActive()]))
    )
    expect(firstVerdict(stall)).toBeUndefined()
  })
})

describe('successorOf', () => {
  // A force-new-deployment of an unchanged revision: the previous revision is ours too.
  const sameRevision = { ...ref, previousTaskDefinitionArn: TD(2) }
  const newer = deployment({ id: OTHER, createdAt: new Date(STARTED + 60_000) })

  it('follows a newer PRIMARY of our revision that replaced ours while it was in progress', () => {
    const ours = deployment({ id: NEW, status: 'ACTIVE', createdAt: new Date(STARTED) })
    expect(successorOf(sameRevision, service([newer, ours]))?.id).toBe(OTHER)
  })

  it("never follows the deployment that replaced ours after it FAILED: that is ECS's rollback", () => {
    const failed = deployment({
      id: NEW,
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      createdAt: new Date(STARTED)
    })
    expect(successorOf(sameRevision, service([newer, failed]))).toBeUndefined()
  })
})
