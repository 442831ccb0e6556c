import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs'
import { watchRollout, type WatchOptions, type WatchPort } from '../../src/rollout/watch.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { TimeLimitReached } from '../../src/clock.js'
import {
  deployment,
  NEW,
  OTHER,
  OLD,
  oldActive,
  ref,
  REVISION,
  STARTED,
  service,
  serviceDeployment,
  TD
} from './builders.js'

type Step = Service | undefined | Error

/** An ECS port answering from scripts, one step per call (the last step repeats); it logs each call. */
function scriptedEcs(options: {
  services: Step[]
  serviceDeployments?: (ServiceDeployment | Error | undefined)[]
  stoppedTasks?: Task[]
  registeredBy?: string
}): WatchPort & { calls: { at: number; op: string }[]; clock?: FakeClock } {
  const calls: { at: number; op: string }[] = []
  const port = {
    calls,
    clock: undefined as FakeClock | undefined,
    describeService: () => answer('DescribeServices', options.services, s++),
    describeServiceDeployment: () =>
      answer('DescribeServiceDeployments', options.serviceDeployments ?? [undefined], d++),
    listServiceDeployments: () => {
      record('ListServiceDeployments')
      return Promise.resolve([])
    },
    serviceRevisionTaskDefinition: (arn: string) => {
      record('DescribeServiceRevisions')
      return Promise.resolve(arn === REVISION ? TD(2) : undefined)
    },
    listStoppedTasks: () => {
      record('ListTasks')
      return Promise.resolve((options.stoppedTasks ?? []).map((t) => t.taskArn ?? ''))
    },
    describeTasks: ({ taskArns }: { taskArns: string[] }) => {
      record('DescribeTasks')
      return Promise.resolve(
        (options.stoppedTasks ?? []).filter((t) => taskArns.includes(t.taskArn ?? ''))
      )
    },
    describeTaskDefinition: (arn: string) => {
      record('DescribeTaskDefinition')
      return Promise.resolve({
        taskDefinition: {
          taskDefinitionArn: arn,
          ...(options.registeredBy && { registeredBy: options.registeredBy })
        },
        tags: []
      })
    }
  }
  let s = 0
  let d = 0
  function record(op: string): void {
    calls.push({ at: port.clock?.now() ?? 0, op })
  }
  function answer<T>(op: string, list: (T | Error)[], index: number): Promise<T> {
    record(op)
    const step = list[Math.min(index, list.length - 1)] as T | Error
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step)
  }
  return port
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status }
  })
}

function setup(ecs: ReturnType<typeof scriptedEcs>, overrides: Partial<WatchOptions> = {}) {
  const clock = new FakeClock()
  ecs.clock = clock
  const lines: string[] = []
  const warnings: string[] = []
  const options: WatchOptions = {
    ecs,
    clock,
    log: { info: (l) => lines.push(l), warning: (l) => warnings.push(l) },
    ref: { ...ref, serviceDeploymentArn: undefined },
    pollIntervalMs: 5000,
    timeoutMs: 60_000,
    knownEventIds: [],
    ...overrides
  }
  return { clock, lines, warnings, run: () => watchRollout(options) }
}

const ops = (ecs: ReturnType<typeof scriptedEcs>, op: string): number =>
  ecs.calls.filter((c) => c.op === op).length
const running = (n: number): Service =>
  service([deployment({ id: NEW, runningCount: n }), oldActive()])
const failing = (n: number): Service =>
  service([deployment({ id: NEW, failedTasks: n }), oldActive()])
const done = service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })])
const crashed = (id: string, startedBy = NEW): Task => ({
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`,
  startedBy,
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'app', exitCode: 1 }]
})

describe('watchRollout', () => {
  it('polls at the interval until the deployment completes, printing one line per change', async () => {
    const ecs = scriptedEcs({ services: [running(0), running(0), running(1), running(1), done] })
    const { lines, clock, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(ops(ecs, 'DescribeServices')).toBe(5)
    expect(clock.sleeps).toEqual([5000, 5000, 5000, 5000])
    expect(result.elapsedMs).toBe(20_000)
    expect(lines.filter((l) => l.startsWith('['))).toEqual([
      `[0:00] ${NEW} (new, web:2) 0/2 running · old web:1 2/2 draining`,
      `[0:10] ${NEW} (new, web:2) 1/2 running · old web:1 2/2 draining`,
      `[0:20] ${NEW} (new, web:2) 2/2 running, COMPLETED`
    ])
  })

  it('times out with the last known state after a final poll exactly at the deadline', async () => {
    const ecs = scriptedEcs({
      services: [service([deployment({ id: NEW, runningCount: 1, failedTasks: 1 }), oldActive()])]
    })
    const { clock, run } = setup(ecs, { pollIntervalMs: 7000, timeoutMs: 20_000 })
    const result = await run()
    expect(result.verdict).toEqual({
      kind: 'timed-out',
      reason: `Deployment ${NEW} did not finish within 20 seconds: 1/2 new tasks running, 1 failed, old tasks draining.`
    })
    // 0, 7, 14, then the last sleep is cut to end at 20 s, where the final poll happens.
    expect(clock.sleeps).toEqual([7000, 7000, 6000])
    expect(ops(ecs, 'DescribeServices')).toBe(4)
  })

  it('prints each new service event once, oldest first, and skips the ones from before', async () => {
    const e = (id: string, message: string) => ({ id, message })
    const ecs = scriptedEcs({
      services: [
        {
          ...running(0),
          events: [e('b', 'second'), e('a', 'first'), e('old', 'before the update')]
        },
        {
          ...running(1),
          events: [e('c', `third (deployment ${NEW})`), e('b', 'second'), e('a', 'first')]
        },
        { ...done, events: [e('c', `third (deployment ${NEW})`)] }
      ]
    })
    const { lines, run } = setup(ecs, { knownEventIds: ['old'] })
    await run()
    const events = lines
      .filter((l) => l.includes('event:'))
      .map((l) => l.replace(/^\[[\d:]+\] /, ''))
    expect(events).toEqual([
      'service event: first',
      'service event: second',
      `event: third (deployment ${NEW})`
    ])
  })

  it('retries throttling and server errors with backoff and never makes them a verdict', async () => {
    const ecs = scriptedEcs({
      services: [
        awsError('ThrottlingException', 400),
        awsError('ServerException', 500),
        running(1),
        done
      ]
    })
    const { warnings, clock, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('ThrottlingException')
    expect(clock.sleeps).toEqual([10_000, 20_000, 5000])
  })

  it('an answer that could not be read: one warning per kind, retried, never a verdict', async () => {
    const garbled = (): Error =>
      Object.assign(
        new Error(
          'DescribeServices got an answer that is not valid JSON (HTTP 200): Unterminated string in JSON at position 42'
        ),
        {
          name: 'MalformedAnswer',
          $metadata: { httpStatusCode: 200 }
        }
      )
    const ecs = scriptedEcs({
      services: [
        running(1),
        garbled(),
        running(1),
        garbled(),
        awsError('ThrottlingException', 400),
        done
      ]
    })
    const { warnings, lines, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(warnings).toEqual([
      'Poll failed: MalformedAnswer: DescribeServices got an answer that is not valid JSON (HTTP 200): Unterminated string in JSON at position 42 Retrying with backoff within the deadline.',
      'Poll failed: ThrottlingException: ThrottlingException happened Retrying with backoff within the deadline.'
    ])
    // The second one of a kind is only noted.
    expect(lines.filter((l) => l.includes('MalformedAnswer'))).toHaveLength(1)
  })

  it('answers that cannot be read, again and again: stops, saying so', async () => {
    const garbled = Object.assign(
      new Error(
        'DescribeServices got an answer that is not valid JSON (HTTP 200): Unexpected end of JSON input'
      ),
      {
        name: 'MalformedAnswer'
      }
    )
    const ecs = scriptedEcs({ services: [running(1), garbled] })
    const error = (await setup(ecs, { timeoutMs: 600_000 })
      .run()
      .catch((e: unknown) => e)) as Error
    expect(error.message).toBe(
      'AWS sent 5 answers in a row that could not be read; the last: DescribeServices got an answer that is not valid JSON (HTTP 200): Unexpected end of JSON input. Check AWS_ENDPOINT_URL* and any proxy between the runner and AWS.'
    )
    expect(ops(ecs, 'DescribeServices')).toBe(6)
  })

  it('the step time limit ends a look at ECS that never gets its answer: timed out, with what was known', async () => {
    const limit = new AbortController()
    const ecs = scriptedEcs({ services: [running(1)] })
    let calls = 0
    const hanging: WatchPort = {
      ...ecs,
      describeService: (target) => {
        if (++calls < 3) return ecs.describeService(target)
        setTimeout(() => {
          limit.abort(new TimeLimitReached('The step stopped at its time limit.'))
        }, 0)
        return new Promise(() => undefined)
      }
    }
    const { run } = setup(ecs, { ecs: hanging, signal: limit.signal, timeoutMs: 600_000 })
    const result = await run()
    expect(result.verdict.kind).toBe('timed-out')
    expect(result.verdict.reason).toMatch(
      new RegExp(
        `^Deployment ${NEW} did not finish within 10 minutes: 1/2 new tasks running, old tasks draining\\.`
      )
    )
  })

  it('cancelled while a look at ECS waits for its answer: the answer is used, for the report', async () => {
    const runner = new AbortController()
    const ecs = scriptedEcs({ services: [running(1)] })
    const slow: WatchPort = {
      ...ecs,
      describeService: (target) => {
        runner.abort()
        return new Promise((resolve) => {
          setTimeout(() => {
            resolve(ecs.describeService(target))
          }, 5)
        })
      }
    }
    const result = await setup(ecs, { ecs: slow, signal: runner.signal }).run()
    expect(result.verdict).toEqual({
      kind: 'cancelled',
      reason: `The run was cancelled while deployment ${NEW} was in progress: 1/2 new tasks running, old tasks draining.`
    })
  })

  it('stops at once on a permanent error', async () => {
    const ecs = scriptedEcs({
      services: [running(1), awsError('AccessDeniedException', 400), done]
    })
    await expect(setup(ecs).run()).rejects.toMatchObject({ name: 'AccessDeniedException' })
  })

  it('uses the service deployment for success, and falls back once when the API is denied', async () => {
    const sdSuccess = scriptedEcs({
      services: [running(1), done, done],
      serviceDeployments: [
        serviceDeployment({}),
        serviceDeployment({}),
        serviceDeployment({ status: 'SUCCESSFUL' })
      ]
    })
    const first = setup(sdSuccess, { ref })
    // deployments[] look done at the second poll, but success waits for the service deployment.
    expect((await first.run()).elapsedMs).toBe(10_000)

    const denied = scriptedEcs({
      services: [running(1), done],
      serviceDeployments: [awsError('AccessDeniedException', 400)]
    })
    const second = setup(denied, { ref })
    const result = await second.run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(ops(denied, 'DescribeServiceDeployments')).toBe(1)
    // Denied is a missing permission: one warning, nothing more.
    expect(second.warnings.filter((l) => l.includes('not available'))).toHaveLength(1)
    expect(second.lines.filter((l) => l.includes('not available'))).toHaveLength(0)
  })

  it('keeps the last service deployment through a MISSING answer once ours was found', async () => {
    // Poll 2: DescribeServiceDeployments answers MISSING while deployments[] look done. The
    // service deployment still decides: success comes with SUCCESSFUL at poll 3, not at poll 2.
    const ecs = scriptedEcs({
      services: [running(1), done, done],
      serviceDeployments: [
        serviceDeployment({}),
        undefined,
        serviceDeployment({ status: 'SUCCESSFUL' })
      ]
    })
    const result = await setup(ecs, { ref }).run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(result.elapsedMs).toBe(10_000)
  })

  it('fetches stopped tasks of our deployment with one extra call per poll, and prints each once', async () => {
    const ecs = scriptedEcs({
      services: [failing(0), failing(1), failing(1), failing(1), failing(2), failing(2)],
      stoppedTasks: [crashed('aaa'), crashed('bbb', 'ecs-svc/someone-else')]
    })
    const { lines, run } = setup(ecs, { timeoutMs: 25_000 })
    const result = await run()
    expect(result.stoppedTasks.map((t) => t.taskArn)).toEqual([crashed('aaa').taskArn])
    expect(lines.filter((l) => l.includes('stopped:'))).toEqual([
      '[0:10] task aaa stopped: Essential container in task exited (EssentialContainerExited) — app exit 1'
    ])
    // Never more than three calls at one moment of the clock (one poll).
    const perPoll = new Map<number, number>()
    for (const call of ecs.calls) perPoll.set(call.at, (perPoll.get(call.at) ?? 0) + 1)
    expect(Math.max(...perPoll.values())).toBeLessThanOrEqual(3)
  })

  it('keeps to 40 calls a minute however short the poll interval', async () => {
    const ecs = scriptedEcs({ services: [running(1)], serviceDeployments: [serviceDeployment({})] })
    const { run } = setup(ecs, { ref, pollIntervalMs: 1000, timeoutMs: 5 * 60_000 })
    await run()
    const times = ecs.calls.map((c) => c.at)
    const busiest = Math.max(
      ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length)
    )
    expect(busiest).toBeLessThanOrEqual(40)
    expect(busiest).toBeGreaterThanOrEqual(38)
  })

  it('fails fast after N failed tasks when asked, before the breaker trips', async () => {
    const ecs = scriptedEcs({ services: [failing(0), failing(1), failing(2), failing(3)] })
    const { run } = setup(ecs, { failFastFailedTasks: 2 })
    const result = await run()
    expect(result.verdict).toMatchObject({ kind: 'failed', failFast: true })
    expect(result.verdict.reason).toContain('2 tasks of deployment')
    expect(result.elapsedMs).toBe(10_000)
  })

  it('warns once when tasks fail in a way the breaker may never count', async () => {
    const pull: Task = {
      ...crashed('ccc'),
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: failed to resolve ref web:2.0.0: not found',
      containers: [{ name: 'app' }]
    }
    const ecs = scriptedEcs({
      services: [failing(0), failing(1), failing(1), failing(2)],
      stoppedTasks: [pull]
    })
    const { warnings, run } = setup(ecs, { timeoutMs: 20_000 })
    await run()
    expect(warnings).toEqual([
      expect.stringContaining('the circuit breaker may never trip') as unknown as string
    ])
  })

  it('names who registered the deployment that superseded ours', async () => {
    const ecs = scriptedEcs({
      services: [
        running(1),
        service([
          deployment({ id: OTHER, taskDefinition: TD(3) }),
          { ...deployment({ id: NEW }), status: 'ACTIVE' }
        ])
      ],
      registeredBy: 'arn:aws:sts::123456789012:assumed-role/other-pipeline/run-7'
    })
    const result = await setup(ecs).run()
    expect(result.verdict.kind).toBe('superseded')
    expect(result.verdict.reason).toContain(
      'web:3 was registered by arn:aws:sts::123456789012:assumed-role/other-pipeline/run-7.'
    )
    // Named once: the likely cause does not repeat who registered it.
    expect(result.verdict.reason.split('registered by')).toHaveLength(2)
  })

  it('reports cancelled when the signal aborts', async () => {
    const controller = new AbortController()
    const ecs = scriptedEcs({ services: [running(1)] })
    const { clock, run } = setup(ecs, { signal: controller.signal })
    const sleep = clock.sleep.bind(clock)
    clock.sleep = (ms, signal) => {
      controller.abort()
      return sleep(ms, signal)
    }
    const result = await run()
    expect(result.verdict.kind).toBe('cancelled')
    expect(result.verdict.reason).toContain('1/2 new tasks running')
  })

  it('follows a newer deployment of our own revision instead of calling ours superseded', async () => {
    const successor = 'ecs-svc/4444444444444444444'
    const replaced = service([
      deployment({ id: successor, createdAt: new Date(STARTED + 10_000) }),
      { ...deployment({ id: NEW }), status: 'ACTIVE' },
      oldActive()
    ])
    const completed = service([
      deployment({ id: successor, runningCount: 2, rolloutState: 'COMPLETED' })
    ])
    const ecs = scriptedEcs({ services: [running(0), replaced, completed] })
    const { lines, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(result.ref.deploymentId).toBe(successor)
    expect(lines.join('\n')).toContain(`ECS replaced deployment ${NEW} with ${successor}`)
  })

  it('waits a few polls for a rollback ECS is expected to start, and names it when it comes', async () => {
    const failedPrimary = service([
      deployment({ id: NEW, failedTasks: 3, rolloutState: 'FAILED' }),
      oldActive()
    ])
    const rollingBack = service([
      deployment({ id: OLD, taskDefinition: TD(1), runningCount: 1 }),
      { ...deployment({ id: NEW, failedTasks: 3, rolloutState: 'FAILED' }), status: 'ACTIVE' }
    ])
    const seen = await setup(scriptedEcs({ services: [failedPrimary, rollingBack] })).run()
    expect(seen.verdict).toMatchObject({ kind: 'rolled-back', cause: 'circuit-breaker' })

    const never = setup(scriptedEcs({ services: [failedPrimary] }))
    const result = await never.run()
    expect(result.verdict).toMatchObject({ kind: 'failed', cause: 'circuit-breaker' })
    expect(result.verdict.provisional).toBeUndefined()
    expect(result.verdict.reason).toContain('no rollback was seen yet')
    // Three polls of FAILED without a rollback (0, 5 and 10 s): the verdict comes at the third.
    expect(result.elapsedMs).toBe(10_000)
  })

  it('fails a stall: nothing of ours placed for stall-minutes, with the breaker never tripping', async () => {
    const nothing = service([deployment({ id: NEW, desiredCount: 2 }), oldActive()], {
      events: [
        {
          id: 'p1',
          createdAt: new Date(STARTED + 30_000),
          message:
            '(service web) was unable to place a task because no container instance met all of its requirements.'
        }
      ]
    })
    const { run } = setup(scriptedEcs({ services: [nothing] }), {
      stallMs: 30_000,
      timeoutMs: 10 * 60_000
    })
    const result = await run()
    expect(result.verdict).toMatchObject({ kind: 'failed', stalled: true })
    expect(result.verdict.reason).toContain('has been placed in 30 seconds')
    expect(result.verdict.reason).toContain('Likely cause:')
    expect(result.elapsedMs).toBe(30_000)

    // A slow start (tasks PENDING, none failed) is no stall: it times out instead.
    const slow = service([deployment({ id: NEW, pendingCount: 2 }), oldActive()])
    const patient = await setup(scriptedEcs({ services: [slow] }), {
      stallMs: 30_000,
      timeoutMs: 60_000
    }).run()
    expect(patient.verdict.kind).toBe('timed-out')

    // stall-minutes 0 turns the check off: the same placement failure runs into the timeout.
    const off = await setup(scriptedEcs({ services: [nothing] }), {
      stallMs: 0,
      timeoutMs: 60_000
    }).run()
    expect(off.verdict.kind).toBe('timed-out')
    expect(off.verdict.stalled).toBeUndefined()
    expect(off.elapsedMs).toBe(60_000)
  })

  it('calls ours gone only when it stays missing for a few polls', async () => {
    const gone = service([deployment({ id: OTHER, taskDefinition: TD(1) })], {
      deployments: []
    })
    const result = await setup(scriptedEcs({ services: [running(1), gone] })).run()
    expect(result.verdict).toMatchObject({ kind: 'failed' })
    expect(result.verdict.reason).toContain('disappeared')
    expect(result.elapsedMs).toBe(20_000)
  })

  it('skips events older than our update even when their ids are new', async () => {
    const ecs = scriptedEcs({
      services: [
        {
          ...running(1),
          events: [
            { id: 'x', createdAt: new Date(STARTED - 3_600_000), message: 'an hour old' },
            { id: 'y', createdAt: new Date(STARTED + 5000), message: 'fresh' }
          ]
        },
        done
      ]
    })
    const { lines, run } = setup(ecs)
    await run()
    const events = lines.filter((l) => l.includes('event:')).join('\n')
    expect(events).toContain('fresh')
    expect(events).not.toContain('an hour old')
  })

  it('counts tasks the scheduler stopped for failed health checks, not those it scaled in', async () => {
    const unhealthy: Task = {
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/hhh',
      startedBy: NEW,
      stopCode: 'ServiceSchedulerInitiated',
      healthStatus: 'UNHEALTHY',
      stoppedReason: 'Task failed container health checks',
      containers: [{ name: 'app', healthStatus: 'UNHEALTHY' }]
    }
    const scaledIn: Task = {
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/sss',
      startedBy: NEW,
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/x)'
    }
    const ecs = scriptedEcs({
      services: [failing(0), failing(1), failing(1), failing(1)],
      stoppedTasks: [unhealthy, scaledIn]
    })
    const result = await setup(ecs, { timeoutMs: 15_000 }).run()
    expect(result.stoppedTasks.map((t) => t.taskArn)).toEqual([unhealthy.taskArn])
    expect(result.verdict.reason).toMatch(/Likely cause: .*health/i)
  })

  it('keeps to 20 calls a minute while the service deployment answers, and sees its end within a poll', async () => {
    const steps = Array.from({ length: 40 }, () => serviceDeployment({}))
    const ecs = scriptedEcs({
      services: [running(1)],
      serviceDeployments: [...steps, serviceDeployment({ status: 'ROLLBACK_REQUESTED' })]
    })
    const { run } = setup(ecs, { ref, timeoutMs: 10 * 60_000 })
    const result = await run()
    expect(result.verdict.kind).toBe('rolled-back')
    const minutes = result.elapsedMs / 60_000
    expect(ecs.calls.length / minutes).toBeLessThanOrEqual(20)
    // The poll after the last IN_PROGRESS one: 40 reads, the first from the lookup.
    expect(result.elapsedMs).toBe(40 * 5000)
  })
})
