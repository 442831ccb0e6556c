import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { CallBudget } from '../../src/rollout/call-budget.js'
import { LifecycleReport } from '../../src/rollout/lifecycle-report.js'
import { Timeline } from '../../src/rollout/timeline.js'
import { judge, type Observation } from '../../src/rollout/verdict.js'
import { watchRollout, type WatchOptions, type WatchPort } from '../../src/rollout/watch.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  deployment,
  NEW,
  OLD,
  oldActive,
  ref,
  REVISION,
  service,
  serviceDeployment,
  TD
} from './builders.js'

const blueGreen = { strategy: 'BLUE_GREEN' as const, bakeTimeInMinutes: 5 }
/** A blue/green service: green PRIMARY at full strength, blue kept running. */
const bgService = (overrides: Partial<Service> = {}): Service =>
  service([deployment({ id: NEW, runningCount: 2 }), oldActive({ runningCount: 2 })], {
    deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
    ...overrides
  })
const green = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/2'
const blue = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1'
const HOOK = 'ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw'

/** Our service deployment at a stage, with the weights that go with it. */
function bg(
  stage: ServiceDeployment['lifecycleStage'],
  overrides: Partial<ServiceDeployment> = {},
  production = 0,
  test = 0
): ServiceDeployment {
  return serviceDeployment({
    lifecycleStage: stage,
    deploymentConfiguration: blueGreen,
    targetServiceRevision: {
      arn: green,
      requestedProductionTrafficWeight: production,
      requestedTestTrafficWeight: test
    },
    sourceServiceRevisions: [
      {
        arn: blue,
        requestedProductionTrafficWeight: 100 - production,
        requestedTestTrafficWeight: 100 - test
      }
    ],
    ...overrides
  })
}

const paused = (stage: ServiceDeployment['lifecycleStage'] = 'POST_TEST_TRAFFIC_SHIFT') =>
  bg(
    stage,
    {
      lifecycleHookDetails: [
        {
          hookId: HOOK,
          targetType: 'PAUSE',
          status: 'AWAITING_ACTION',
          expiresAt: new Date('2025-06-02T09:40:00.000Z'),
          timeoutAction: 'ROLLBACK'
        }
      ]
    },
    0,
    100
  )

const observe = (svc: Service | undefined, sd?: ServiceDeployment): Observation => ({
  at: 0,
  service: svc,
  ...(sd && { serviceDeployment: sd })
})

describe('judge with wait-until-stage', () => {
  const options = { waitUntilStage: 'BAKE_TIME' as const }

  it('succeeds once our service deployment is at the stage or past it, saying so', () => {
    expect(judge(ref, observe(bgService(), bg('POST_PRODUCTION_TRAFFIC_SHIFT')), options)).toBe(
      undefined
    )
    expect(judge(ref, observe(bgService(), bg('BAKE_TIME', {}, 100, 100)), options)).toEqual({
      kind: 'succeeded',
      stage: 'BAKE_TIME',
      reason: `Deployment ${NEW} reached stage BAKE_TIME; the step passes without waiting for the rest (wait-until-stage).`
    })
    expect(judge(ref, observe(bgService(), bg('CLEAN_UP')), options)).toMatchObject({
      kind: 'succeeded',
      stage: 'BAKE_TIME',
      reason: expect.stringContaining('reached stage CLEAN_UP') as unknown as string
    })
  })

  it('a rollback or a stop before (or at) the stage still fails', () => {
    const rollback = bg('BAKE_TIME', {
      status: 'ROLLBACK_REQUESTED',
      alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx-rate'] }
    })
    expect(judge(ref, observe(bgService(), rollback), options)).toMatchObject({
      kind: 'rolled-back',
      cause: 'alarms'
    })
    expect(
      judge(ref, observe(bgService(), bg('BAKE_TIME', { status: 'STOPPED' })), options)
    ).toMatchObject({ kind: 'failed' })
  })

  it('a SUCCESSFUL deployment succeeds the ordinary way, without a stage', () => {
    const verdict = judge(
      ref,
      observe(bgService(), bg('CLEAN_UP', { status: 'SUCCESSFUL' })),
      options
    )
    expect(verdict?.kind).toBe('succeeded')
    expect(verdict?.stage).toBeUndefined()
  })

  it('without the service deployment the stage cannot be seen: success waits for completion', () => {
    expect(judge(ref, observe(bgService()), options)).toBeUndefined()
    const completed = service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })])
    expect(judge(ref, observe(completed), options)).toMatchObject({ kind: 'succeeded' })
    expect(judge(ref, observe(completed), options)?.stage).toBeUndefined()
  })
})

describe('judge for blue/green, linear and canary', () => {
  it('waits through the bake even when deployments[] looks finished: the service deployment decides', () => {
    const looksDone = service(
      [deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })],
      {
        deploymentConfiguration: { strategy: 'LINEAR' }
      }
    )
    expect(judge(ref, observe(looksDone, bg('BAKE_TIME', {}, 100, 100)))).toBeUndefined()
    expect(judge(ref, observe(looksDone, bg('CLEAN_UP', { status: 'SUCCESSFUL' })))?.kind).toBe(
      'succeeded'
    )
  })

  it('a hook awaiting action is not a verdict', () => {
    expect(judge(ref, observe(bgService(), paused()))).toBeUndefined()
  })
})

describe('LifecycleReport', () => {
  it('prints each stage, each traffic change and each hook state once, in plain words', () => {
    const info: string[] = []
    const warnings: string[] = []
    const report = new LifecycleReport({
      info: (l) => info.push(l),
      warning: (l) => warnings.push(l)
    })
    const polls: ServiceDeployment[] = [
      bg('SCALE_UP'),
      bg('SCALE_UP'),
      bg('TEST_TRAFFIC_SHIFT', {}, 0, 100),
      paused(),
      paused(),
      bg('PRODUCTION_TRAFFIC_SHIFT', {}, 10, 100),
      bg('PRODUCTION_TRAFFIC_SHIFT', {}, 10, 100),
      bg('PRODUCTION_TRAFFIC_SHIFT', {}, 100, 100),
      bg('BAKE_TIME', {}, 100, 100),
      bg('BAKE_TIME', { status: 'ROLLBACK_IN_PROGRESS' }, 0, 0)
    ]
    polls.forEach((sd, i) => {
      report.observe(sd, `[${i}]`)
    })
    expect(info).toEqual([
      '[0] Stage: SCALE_UP (tasks of the new revision are starting; it serves no traffic yet)',
      '[2] Stage: TEST_TRAFFIC_SHIFT (test traffic is moving to the new revision)',
      '[2] Test traffic: 100% new / 0% old',
      '[3] Stage: POST_TEST_TRAFFIC_SHIFT (test traffic 100% → new revision)',
      '[5] Stage: PRODUCTION_TRAFFIC_SHIFT (production traffic is moving to the new revision)',
      '[5] Production traffic: 10% new / 90% old',
      '[7] Production traffic: 100% new / 0% old',
      '[8] Stage: BAKE_TIME (both revisions run while ECS watches alarms and the circuit breaker, 5 minutes)',
      '[9] Production traffic: 0% new / 100% old',
      '[9] Test traffic: 0% new / 100% old'
    ])
    expect(warnings).toEqual([
      `Lifecycle hook ${HOOK} (PAUSE at POST_TEST_TRAFFIC_SHIFT) is waiting for someone to continue the deployment: ` +
        `aws ecs continue-service-deployment --region us-east-1 --service-deployment-arn ${ref.serviceDeploymentArn ?? ''} ` +
        `--hook-id ${HOOK} --action CONTINUE (or --action ROLLBACK to roll it back). ` +
        'It times out at 2025-06-02T09:40:00.000Z and then ECS will roll back (ROLLBACK). The watch keeps waiting.'
    ])
  })

  it('reports how a hook ended', () => {
    const info: string[] = []
    const report = new LifecycleReport({ info: (l) => info.push(l), warning: () => undefined })
    const ended = (status: 'SUCCEEDED' | 'TIMED_OUT') =>
      bg('POST_TEST_TRAFFIC_SHIFT', {
        lifecycleHookDetails: [
          { hookId: HOOK, targetType: 'PAUSE', status, timeoutAction: 'ROLLBACK' }
        ]
      })
    report.observe(paused(), '[0]')
    report.observe(ended('TIMED_OUT'), '[1]')
    expect(info.at(-1)).toBe(
      `[1] Lifecycle hook ${HOOK} (PAUSE at POST_TEST_TRAFFIC_SHIFT) timed out; ECS rolls back the deployment.`
    )
    report.observe(ended('SUCCEEDED'), '[2]')
    expect(info.at(-1)).toContain('succeeded.')
  })

  it('prints nothing for a rolling deployment', () => {
    const lines: string[] = []
    const report = new LifecycleReport({
      info: (l) => lines.push(l),
      warning: (l) => lines.push(l)
    })
    report.observe(serviceDeployment({ targetServiceRevision: { runningTaskCount: 1 } }), '[0]')
    expect(lines).toEqual([])
  })
})

describe('Timeline for strategies', () => {
  it('records stages, traffic shifts and hooks once each', () => {
    const timeline = new Timeline(ref, 0)
    const polls: [number, ServiceDeployment][] = [
      [1000, bg('SCALE_UP')],
      [2000, paused()],
      [3000, paused()],
      [4000, bg('PRODUCTION_TRAFFIC_SHIFT', {}, 100, 100)],
      [5000, bg('BAKE_TIME', {}, 100, 100)]
    ]
    for (const [at, sd] of polls)
      timeline.observe({ at, service: bgService(), serviceDeployment: sd })
    expect(timeline.entries.map((e) => `${e.afterMs} ${e.text}`)).toEqual([
      `0 deployment ${NEW} started (web:2)`,
      '1000 service deployment IN_PROGRESS',
      '1000 stage SCALE_UP',
      '2000 stage POST_TEST_TRAFFIC_SHIFT',
      '2000 test traffic 100% to the new revision',
      `2000 lifecycle hook ${HOOK} AWAITING_ACTION at POST_TEST_TRAFFIC_SHIFT`,
      '4000 stage PRODUCTION_TRAFFIC_SHIFT',
      '4000 production traffic 100% to the new revision',
      '5000 stage BAKE_TIME'
    ])
  })
})

/** A port answering from scripts (the last step repeats), recording when each call was made. */
function scripted(clock: FakeClock, services: Service[], sds: (ServiceDeployment | undefined)[]) {
  const calls: number[] = []
  let s = 0
  let d = 0
  const port: WatchPort = {
    describeService: () => {
      calls.push(clock.now())
      return Promise.resolve(services[Math.min(s++, services.length - 1)])
    },
    describeServiceDeployment: () => {
      calls.push(clock.now())
      return Promise.resolve(sds[Math.min(d++, sds.length - 1)])
    },
    listServiceDeployments: () => Promise.resolve([]),
    serviceRevisionTaskDefinition: (arn: string) =>
      Promise.resolve(arn === REVISION || arn === green ? TD(2) : arn === blue ? TD(1) : undefined),
    listStoppedTasks: () => Promise.resolve([]),
    describeTasks: () => Promise.resolve([]),
    describeTaskDefinition: (arn: string) =>
      Promise.resolve({ taskDefinition: { taskDefinitionArn: arn }, tags: [] })
  }
  return { port, calls }
}

function options(clock: FakeClock, port: WatchPort, overrides: Partial<WatchOptions> = {}) {
  const info: string[] = []
  const warnings: string[] = []
  const watch: WatchOptions = {
    ecs: port,
    clock,
    log: { info: (l) => info.push(l), warning: (l) => warnings.push(l) },
    ref,
    pollIntervalMs: 5000,
    timeoutMs: 10 * 60_000,
    knownEventIds: [],
    ...overrides
  }
  return { watch, info, warnings }
}

describe('watchRollout for strategies', () => {
  it('passes at the wait-until-stage stage, reporting stages and the hook once while it waits', async () => {
    const clock = new FakeClock()
    const { port } = scripted(
      clock,
      [bgService()],
      [
        bg('SCALE_UP'),
        paused(),
        paused(),
        paused(),
        bg('PRODUCTION_TRAFFIC_SHIFT', {}, 100, 100),
        bg('BAKE_TIME', {}, 100, 100),
        bg('CLEAN_UP', { status: 'SUCCESSFUL' }, 100, 100)
      ]
    )
    const { watch, info, warnings } = options(clock, port, { waitUntilStage: 'BAKE_TIME' })
    const result = await watchRollout(watch)
    expect(result.verdict).toMatchObject({ kind: 'succeeded', stage: 'BAKE_TIME' })
    expect(result.elapsedMs).toBe(25_000)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`--hook-id ${HOOK}`)
    expect(info.filter((l) => l.includes('Stage:')).map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      '[0:00] Stage: SCALE_UP',
      '[0:05] Stage: POST_TEST_TRAFFIC_SHIFT',
      '[0:20] Stage: PRODUCTION_TRAFFIC_SHIFT',
      '[0:25] Stage: BAKE_TIME'
    ])
    // The state line leaves the stage to its own line, and blue is not "draining".
    expect(info.filter((l) => l.includes(' · ')).every((l) => !l.includes('stage '))).toBe(true)
    expect(info.some((l) => l.endsWith('old web:1 2/2 running'))).toBe(true)
    expect(result.timeline.map((e) => e.text)).toContain('stage BAKE_TIME')
  })

  it('without wait-until-stage keeps watching through the bake until SUCCESSFUL', async () => {
    const clock = new FakeClock()
    const { port } = scripted(
      clock,
      [bgService()],
      [
        bg('BAKE_TIME', {}, 100, 100),
        bg('BAKE_TIME', {}, 100, 100),
        bg('CLEAN_UP', { status: 'SUCCESSFUL' }, 100, 100)
      ]
    )
    const result = await watchRollout(options(clock, port).watch)
    expect(result.verdict.kind).toBe('succeeded')
    expect(result.verdict.stage).toBeUndefined()
    expect(result.elapsedMs).toBe(10_000)
  })

  it('warns once, and waits for completion, when the stage cannot be seen (API denied)', async () => {
    const clock = new FakeClock()
    const done = service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })])
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' })
    const { port } = scripted(clock, [bgService(), bgService(), done], [])
    port.describeServiceDeployment = () => Promise.reject(denied)
    const { watch, warnings } = options(clock, port, { waitUntilStage: 'BAKE_TIME' })
    const result = await watchRollout(watch)
    expect(result.verdict).toMatchObject({ kind: 'succeeded' })
    expect(result.verdict.stage).toBeUndefined()
    expect(warnings.filter((w) => w.includes('wait-until-stage BAKE_TIME needs'))).toHaveLength(1)
  })

  it('keeps looking for a service deployment ECS has not listed yet, then honours the stage', async () => {
    const clock = new FakeClock()
    // MISSING twice (the listing lag), then found, already at BAKE_TIME.
    const { port } = scripted(
      clock,
      [bgService()],
      [undefined, undefined, bg('BAKE_TIME', {}, 100, 100)]
    )
    const { watch, warnings } = options(clock, port, { waitUntilStage: 'BAKE_TIME' })
    const result = await watchRollout(watch)
    expect(result.verdict).toMatchObject({ kind: 'succeeded', stage: 'BAKE_TIME' })
    expect(result.elapsedMs).toBe(10_000)
    expect(warnings).toEqual([])
  })

  it('says once, after a while, that the stage cannot be seen while ECS lists nothing', async () => {
    const clock = new FakeClock()
    const done = service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })])
    const stillGoing = Array.from({ length: 8 }, () => bgService())
    const { port } = scripted(clock, [...stillGoing, done], [undefined])
    const { watch, warnings } = options(clock, port, { waitUntilStage: 'BAKE_TIME' })
    expect((await watchRollout(watch)).verdict.kind).toBe('succeeded')
    expect(warnings).toEqual([
      expect.stringContaining('has not listed the service deployment') as unknown as string
    ])
  })

  it('says on a timeout that a hook is still waiting', async () => {
    const clock = new FakeClock()
    const { port } = scripted(clock, [bgService()], [paused()])
    const result = await watchRollout(options(clock, port, { timeoutMs: 30_000 }).watch)
    expect(result.verdict.kind).toBe('timed-out')
    expect(result.verdict.reason).toContain(
      `Lifecycle hook ${HOOK} at POST_TEST_TRAFFIC_SHIFT is still waiting for ContinueServiceDeployment.`
    )
  })

  it('fails as soon as a blue/green rollback starts, even at the wait-until-stage stage', async () => {
    const clock = new FakeClock()
    const rollingBack = service(
      [
        deployment({
          id: OLD,
          taskDefinition: TD(1),
          runningCount: 2,
          rolloutStateReason: `ECS deployment alarms: rolling back to deploymentId ${OLD}.`
        }),
        { ...deployment({ id: NEW, runningCount: 2, rolloutState: 'FAILED' }), status: 'ACTIVE' }
      ],
      { deploymentConfiguration: { strategy: 'BLUE_GREEN' } }
    )
    const { port } = scripted(
      clock,
      [bgService(), rollingBack],
      [
        bg('POST_PRODUCTION_TRAFFIC_SHIFT', {}, 100, 100),
        bg('BAKE_TIME', {
          status: 'ROLLBACK_REQUESTED',
          alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx-rate'] }
        })
      ]
    )
    const result = await watchRollout(options(clock, port, { waitUntilStage: 'BAKE_TIME' }).watch)
    expect(result.verdict).toMatchObject({ kind: 'rolled-back', cause: 'alarms' })
    expect(result.verdict.reason).toContain('web-5xx-rate')
  })
})

describe('a shared call budget', () => {
  it('keeps several watches side by side within one budget', async () => {
    const clock = new FakeClock()
    const budget = new CallBudget(clock, 40)
    const both = [0, 1].map(() => scripted(clock, [bgService()], [bg('BAKE_TIME')]))
    await Promise.all(
      both.map(({ port }) =>
        watchRollout(
          options(clock, budget.limit(port), {
            pollIntervalMs: 1000,
            timeoutMs: 3 * 60_000,
            budgeted: true
          }).watch
        )
      )
    )
    const times = both.flatMap(({ calls }) => calls)
    const busiest = Math.max(
      ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length)
    )
    expect(busiest).toBeLessThanOrEqual(40)
    expect(busiest).toBeGreaterThanOrEqual(36)
  })

  it('without one, each watch has its own budget', async () => {
    const clock = new FakeClock()
    const both = [0, 1].map(() => scripted(clock, [bgService()], [bg('BAKE_TIME')]))
    await Promise.all(
      both.map(({ port }) =>
        watchRollout(options(clock, port, { pollIntervalMs: 1000, timeoutMs: 3 * 60_000 }).watch)
      )
    )
    const times = both.flatMap(({ calls }) => calls)
    const busiest = Math.max(
      ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length)
    )
    expect(busiest).toBeGreaterThan(40)
  })
})
