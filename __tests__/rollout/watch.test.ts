import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs'

import { watchRollout, type WatchOptions } from '../../src/rollout/watch.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { deployment, NEW, oldActive, ref, service, serviceDeployment } from './builders.js'

type Step = Service | undefined | Error
type WatchPort = WatchOptions['ecs']

/** An ECS port that answers DescribeServices from a script, one step per call (the last one repeats). */
function scriptedEcs(options: {
  services: Step[]
  serviceDeployments?: (ServiceDeployment | Error | undefined)[]
  stoppedTasks?: Task[]
}): WatchPort & { calls: string[] } {
  const calls: string[] = []
  const next = <T>(list: T[], index: number): T => list[Math.min(index, list.length - 1)] as T
  let s = 0
  let d = 0
  return {
    calls,
    describeService: () => {
      calls.push('DescribeServices')
      const step = next(options.services, s++)
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step)
    },
    describeServiceDeployment: () => {
      calls.push('DescribeServiceDeployments')
      const step = next(options.serviceDeployments ?? [undefined], d++)
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step)
    },
    listStoppedTasks: () => {
      calls.push('ListTasks')
      return Promise.resolve((options.stoppedTasks ?? []).map((t) => t.taskArn ?? ''))
    },
    describeTasks: ({ taskArns }: { taskArns: string[] }) => {
      calls.push('DescribeTasks')
      return Promise.resolve(
        (options.stoppedTasks ?? []).filter((t) => taskArns.includes(t.taskArn ?? ''))
      )
    }
  }
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status }
  })
}

function setup(ecs: WatchPort, overrides: Partial<WatchOptions> = {}) {
  const clock = new FakeClock()
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

const running = (n: number): Service =>
  service([deployment({ id: NEW, runningCount: n }), oldActive()])
const done = service([deployment({ id: NEW, runningCount: 2, rolloutState: 'COMPLETED' })])

describe('watchRollout', () => {
  it('polls at the interval until the deployment completes, printing one line per change', async () => {
    const ecs = scriptedEcs({ services: [running(0), running(0), running(1), running(1), done] })
    const { lines, clock, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(ecs.calls.filter((c) => c === 'DescribeServices')).toHaveLength(5)
    expect(clock.sleeps).toEqual([5000, 5000, 5000, 5000])
    expect(result.elapsedMs).toBe(20_000)
    const states = lines.filter((l) => l.startsWith('['))
    expect(states).toEqual([
      expect.stringMatching(
        /^\[0:00\] ecs-svc\/2+ \(new, web:2\) IN_PROGRESS 0\/2 running/
      ) as unknown as string,
      expect.stringMatching(/^\[0:10\] .* 1\/2 running/) as unknown as string,
      expect.stringMatching(/^\[0:20\] .*COMPLETED 2\/2 running$/) as unknown as string
    ])
  })

  it('times out with the last known state after a final poll exactly at the deadline', async () => {
    const ecs = scriptedEcs({ services: [running(1)] })
    const { clock, run } = setup(ecs, { pollIntervalMs: 7000, timeoutMs: 20_000 })
    const result = await run()
    expect(result.verdict.kind).toBe('timed-out')
    expect(result.verdict.reason).toContain('did not finish within 20 seconds')
    expect(result.verdict.reason).toContain('1/2 running')
    // 0, 7, 14, then the last sleep is cut to end at 20 s, where the final poll happens.
    expect(clock.sleeps).toEqual([7000, 7000, 6000])
    expect(ecs.calls.filter((c) => c === 'DescribeServices')).toHaveLength(4)
  })

  it('prints each new service event once, oldest first, and skips the ones from before', async () => {
    const e = (id: string, message: string) => ({ id, message })
    const ecs = scriptedEcs({
      services: [
        {
          ...running(0),
          events: [e('b', 'second'), e('a', 'first'), e('old', 'before the update')]
        },
        { ...running(1), events: [e('c', 'third'), e('b', 'second'), e('a', 'first')] },
        { ...done, events: [e('c', 'third')] }
      ]
    })
    const { lines, run } = setup(ecs, { knownEventIds: ['old'] })
    await run()
    expect(
      lines.filter((l) => l.includes('event:')).map((l) => l.replace(/^\[[\d:]+\] event: /, ''))
    ).toEqual(['first', 'second', 'third'])
  })

  it('retries throttling and server errors within the deadline and never makes them a verdict', async () => {
    const ecs = scriptedEcs({
      services: [
        awsError('ThrottlingException', 400),
        awsError('ServerException', 500),
        running(1),
        done
      ]
    })
    const { warnings, run } = setup(ecs)
    const result = await run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('ThrottlingException')
  })

  it('stops at once on a permanent error', async () => {
    const ecs = scriptedEcs({
      services: [running(1), awsError('AccessDeniedException', 400), done]
    })
    await expect(setup(ecs).run()).rejects.toMatchObject({ name: 'AccessDeniedException' })
  })

  it('uses the service deployment for success, and falls back once when the API is denied', async () => {
    const withSd = { ...ref }
    const sdSuccess = scriptedEcs({
      services: [running(1), done, done],
      serviceDeployments: [
        serviceDeployment({}),
        serviceDeployment({}),
        serviceDeployment({ status: 'SUCCESSFUL' })
      ]
    })
    const first = setup(sdSuccess, { ref: withSd })
    // deployments[] look done at the second poll, but success waits for the service deployment.
    expect((await first.run()).elapsedMs).toBe(10_000)

    const denied = scriptedEcs({
      services: [running(1), done],
      serviceDeployments: [awsError('AccessDeniedException', 400)]
    })
    const second = setup(denied, { ref: withSd })
    const result = await second.run()
    expect(result.verdict.kind).toBe('succeeded')
    expect(denied.calls.filter((c) => c === 'DescribeServiceDeployments')).toHaveLength(1)
    expect(second.lines.filter((l) => l.includes('not available'))).toHaveLength(1)
    expect(second.warnings).toEqual([])
  })

  it('collects the stopped tasks of our deployment only, when its failure count moves', async () => {
    const task = (id: string, startedBy: string): Task => ({
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`,
      startedBy,
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }]
    })
    const failing = (n: number) => service([deployment({ id: NEW, failedTasks: n }), oldActive()])
    const ecs = scriptedEcs({
      services: [failing(0), failing(1), failing(1), failing(2)],
      stoppedTasks: [task('aaa', NEW), task('bbb', 'ecs-svc/someone-else')]
    })
    const { lines, run } = setup(ecs, { timeoutMs: 15_000 })
    const result = await run()
    expect(result.stoppedTasks.map((t) => t.taskArn)).toEqual([task('aaa', NEW).taskArn])
    expect(lines.filter((l) => l.includes('stopped:'))).toEqual([
      expect.stringContaining(
        'task aaa stopped: Essential container in task exited (EssentialContainerExited) — app exit 1'
      ) as unknown as string
    ])
    // Listed only when failedTasks rose (1, then 2), plus once for the final verdict.
    expect(ecs.calls.filter((c) => c === 'ListTasks')).toHaveLength(2)
  })

  it('reports cancelled when the signal aborts', async () => {
    const controller = new AbortController()
    const ecs = scriptedEcs({ services: [running(1)] })
    const clock = new FakeClock()
    const sleep = clock.sleep.bind(clock)
    clock.sleep = (ms, signal) => {
      controller.abort()
      return sleep(ms, signal)
    }
    const result = await watchRollout({
      ecs,
      clock,
      log: { info: () => undefined, warning: () => undefined },
      ref,
      pollIntervalMs: 5000,
      timeoutMs: 60_000,
      knownEventIds: [],
      signal: controller.signal
    })
    expect(result.verdict.kind).toBe('cancelled')
    expect(result.verdict.reason).toContain('1/2 running')
  })
})
