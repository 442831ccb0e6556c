import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { runTaskGate, type RunTaskGateOptions } from '../../src/run-task/gate.js'
import {
  FakeLogStreams,
  FakeTasks,
  TASK_ARN,
  TASK_ID,
  TD_ARN,
  recorder,
  running,
  settings,
  stoppedTask,
  taskDefinition
} from './fakes.js'

const MINUTE = 60_000

/** PROVISIONING, PENDING at 6 s, RUNNING at 30 s, then `end` from `stopsAt` on. */
const lifecycle =
  (end: ReturnType<typeof stoppedTask>, stopsAt = 60_000) =>
  (elapsed: number) =>
    elapsed >= stopsAt
      ? end
      : elapsed >= 30_000
        ? running('RUNNING')
        : elapsed >= 6_000
          ? running('PENDING')
          : running('PROVISIONING')

function setup(
  timeline: (elapsed: number) => ReturnType<typeof stoppedTask> | undefined,
  streams: Record<string, { atMs: number; line: string }[]> = {},
  overrides: Partial<RunTaskGateOptions> = {}
) {
  const clock = new FakeClock()
  const tasks = new FakeTasks(clock, timeline)
  const logs = new FakeLogStreams(clock, streams)
  const out = recorder()
  const options: RunTaskGateOptions = {
    tasks,
    logs,
    clock,
    settings: settings(),
    cluster: 'prod',
    taskDefinitionArn: TD_ARN,
    taskDefinition,
    region: 'us-east-1',
    log: out.log,
    service: 'web',
    ...overrides
  }
  return { clock, tasks, logs, out, run: () => runTaskGate(options) }
}

describe('runTaskGate', () => {
  it('passes when the essential container exits 0; a sidecar exiting 1 is only a note', async () => {
    const { tasks, out, run, clock } = setup(lifecycle(stoppedTask({ migrate: 0, xray: 1 })))
    const result = await run()
    expect(result).toMatchObject({
      outcome: 'passed',
      passed: true,
      exitCode: 0,
      taskArns: [TASK_ARN],
      reason: 'Run-task gate passed: container migrate exited 0.',
      stopCode: 'EssentialContainerExited',
      containers: [
        { name: 'migrate', essential: true, exitCode: 0 },
        { name: 'xray', essential: false, exitCode: 1 }
      ]
    })
    expect(out.info).toContain(
      'Note: Non-essential container xray exited 1; it does not decide the gate.'
    )
    expect(out.info.filter((line) => line.startsWith(`Task ${TASK_ID}:`))).toEqual([
      `Task ${TASK_ID}: PROVISIONING.`,
      `Task ${TASK_ID}: PENDING.`,
      `Task ${TASK_ID}: RUNNING.`,
      `Task ${TASK_ID}: STOPPED.`
    ])
    // Our own loop: every 6 s on the injected clock, never the SDK waiter.
    expect(new Set(clock.sleeps)).toEqual(new Set([6_000]))
    expect(tasks.describeCalls).toBe(11)
    expect(tasks.stops).toEqual([])
  })

  it('sends one RunTask for the registered revision with the settings as given', async () => {
    const { tasks, run } = setup(
      lifecycle(stoppedTask({ migrate: 0 })),
      {},
      {
        settings: settings({
          command: ['npm', 'run', 'migrate'],
          containerOverrides: [{ name: 'xray', memory: 128 }],
          network: { subnets: ['subnet-1'], securityGroups: [], assignPublicIp: 'DISABLED' },
          tags: [{ key: 'purpose', value: 'migration' }]
        })
      }
    )
    await run()
    expect(tasks.runRequests).toEqual([
      {
        cluster: 'prod',
        taskDefinition: TD_ARN,
        startedBy: 'GitHub-Actions',
        containerOverrides: [
          { name: 'xray', memory: 128 },
          { name: 'migrate', command: ['npm', 'run', 'migrate'] }
        ],
        launchType: 'FARGATE',
        network: { subnets: ['subnet-1'], securityGroups: [], assignPublicIp: 'DISABLED' },
        tags: [{ key: 'purpose', value: 'migration' }]
      }
    ])
  })

  it('fails when an essential container exits non-zero, with exit codes, stop reason and the last log lines', async () => {
    const stream = `ecs/migrate/${TASK_ID}`
    const { out, run } = setup(lifecycle(stoppedTask({ migrate: 3, xray: 0 })), {
      [stream]: [
        { atMs: 31_000, line: 'Applying 0042_add_index' },
        { atMs: 50_000, line: 'ERROR: lock timeout' }
      ]
    })
    const result = await run()
    expect(result.outcome).toBe('failed')
    expect(result.passed).toBe(false)
    expect(result.exitCode).toBe(3)
    expect(result.reason).toBe(
      'Run-task gate failed: container migrate exited 3 (essential). The service was not updated.'
    )
    expect(result.stoppedReason).toBe('Essential container in task exited')
    expect(result.lastLogLines).toEqual([
      '[migrate] Applying 0042_add_index',
      '[migrate] ERROR: lock timeout'
    ])
    expect(result.logUrl).toContain(
      'log-group/$252Fecs$252Fmigrate/log-events/ecs$252Fmigrate$252F'
    )
    const tail = out.info.slice(
      out.info.indexOf(
        `Task ${TASK_ID} stopped (EssentialContainerExited: Essential container in task exited).`
      )
    )
    expect(tail).toEqual([
      `Task ${TASK_ID} stopped (EssentialContainerExited: Essential container in task exited).`,
      '  migrate (essential): exit code 3',
      '  xray (non-essential): exit code 0',
      'Last log lines:',
      '  [migrate] Applying 0042_add_index',
      '  [migrate] ERROR: lock timeout',
      `Logs: ${result.logUrl ?? ''}`
    ])
  })

  it('fails a task that never started: no exit code, the pull error as the reason', async () => {
    const pullError =
      'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref migrate:1: not found'
    const task = stoppedTask(
      { migrate: undefined, xray: undefined },
      { stopCode: 'TaskFailedToStart', stoppedReason: pullError }
    )
    task.containers = [
      { name: 'migrate', lastStatus: 'STOPPED', reason: pullError },
      { name: 'xray', lastStatus: 'STOPPED' }
    ]
    const { run } = setup(lifecycle(task, 40_000))
    const result = await run()
    expect(result.passed).toBe(false)
    expect(result.exitCode).toBeUndefined()
    expect(result.stopCode).toBe('TaskFailedToStart')
    expect(result.reason).toBe(
      `Run-task gate failed: container migrate never ran or has no exit code (${pullError}). The service was not updated.`
    )
  })

  it('fails a task stopped from outside even when its containers exited 0 on SIGTERM', async () => {
    const { run } = setup(
      lifecycle(
        stoppedTask(
          { migrate: 0 },
          { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' }
        )
      )
    )
    const result = await run()
    expect(result.passed).toBe(false)
    expect(result.reason).toBe(
      `Run-task gate failed: task ${TASK_ID} was stopped before it finished (UserInitiated: Task stopped by user). The service was not updated.`
    )
  })

  it('stops the task and fails when run-task-wait-minutes is reached', async () => {
    const { tasks, run, clock } = setup(
      () => running('RUNNING'),
      {},
      {
        settings: settings({ waitMinutes: 2 })
      }
    )
    const start = clock.now()
    const result = await run()
    expect(result.outcome).toBe('timed-out')
    expect(clock.now() - start).toBe(2 * MINUTE)
    expect(tasks.stops).toEqual([
      { cluster: 'prod', task: TASK_ARN, reason: 'ECS Rollout: run-task-wait-minutes reached' }
    ])
    expect(result.reason).toBe(
      `Run-task gate failed: task ${TASK_ID} was still RUNNING after 2 minutes (run-task-wait-minutes); it was asked to stop. The service was not updated.`
    )
  })

  it('stops the task and fails when the run is cancelled', async () => {
    const controller = new AbortController()
    let polls = 0
    const { tasks, run } = setup(
      () => {
        if (++polls === 3) controller.abort()
        return running('RUNNING')
      },
      {},
      { signal: controller.signal }
    )
    const result = await run()
    expect(result.outcome).toBe('cancelled')
    expect(tasks.stops.map((s) => s.reason)).toEqual([
      'ECS Rollout: the workflow run was cancelled'
    ])
    expect(result.reason).toMatch(
      /^Run-task gate failed: the workflow run was cancelled while task/
    )
  })

  it('streams each log line once, in order, prefixed with its container', async () => {
    const lines = (container: string, count: number, from: number) =>
      Array.from({ length: count }, (_, i) => ({
        atMs: from + i * 4_000,
        line: `${container} line ${i + 1}`
      }))
    const { out, logs, run } = setup(lifecycle(stoppedTask({ migrate: 0, xray: 0 }), 80_000), {
      [`ecs/migrate/${TASK_ID}`]: lines('migrate', 9, 30_000),
      [`ecs/xray/${TASK_ID}`]: lines('xray', 3, 31_000)
    })
    const result = await run()
    expect(result.passed).toBe(true)
    const printed = out.info.filter((line) => line.startsWith('['))
    expect(printed.filter((l) => l.startsWith('[migrate]'))).toEqual(
      Array.from({ length: 9 }, (_, i) => `[migrate] migrate line ${i + 1}`)
    )
    expect(printed.filter((l) => l.startsWith('[xray]'))).toEqual([
      '[xray] xray line 1',
      '[xray] xray line 2',
      '[xray] xray line 3'
    ])
    // Reads go on from the token CloudWatch gave back.
    const tokens = logs.reads
      .filter((r) => r.stream === `ecs/migrate/${TASK_ID}`)
      .map((r) => r.token)
    expect(tokens[0]).toBeUndefined()
    expect(tokens.slice(1).every((t) => t !== undefined)).toBe(true)
  })

  it('warns once when the logs cannot be read, and still judges the exit codes', async () => {
    const { out, logs, run } = setup(lifecycle(stoppedTask({ migrate: 0 })), {})
    logs.denied = true
    const result = await run()
    expect(result.passed).toBe(true)
    expect(out.warnings).toHaveLength(1)
    expect(out.warnings[0]).toMatch(
      /^Cannot read the task's logs \(AccessDeniedException: .*logs:GetLogEvents on log group \/ecs\/migrate/
    )
    // After the denial nothing more is asked.
    expect(logs.reads).toHaveLength(1)
  })

  it('fails without waiting when RunTask answers failures[]', async () => {
    const { tasks, run } = setup(() => undefined)
    tasks.failures = [
      {
        arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/1',
        reason: 'RESOURCE:MEMORY'
      }
    ]
    const result = await run()
    expect(result).toMatchObject({ outcome: 'not-started', passed: false, taskArns: [] })
    expect(result.reason).toBe(
      'Run-task gate failed: ECS did not start the task (arn:aws:ecs:us-east-1:123456789012:container-instance/prod/1: RESOURCE:MEMORY). The service was not updated.'
    )
    expect(tasks.describeCalls).toBe(0)
  })

  it('fails with the AWS error when RunTask is rejected', async () => {
    const { tasks, run } = setup(() => undefined, {}, { service: undefined })
    tasks.runError = Object.assign(
      new Error("Network Configuration must be provided when networkMode 'awsvpc' is specified."),
      { name: 'InvalidParameterException' }
    )
    const result = await run()
    expect(result.outcome).toBe('not-started')
    expect(result.reason).toBe(
      "Run-task gate failed: RunTask failed: InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )
  })

  it('retries transient DescribeTasks errors and fails at once on permanent ones', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    const first = setup(lifecycle(stoppedTask({ migrate: 0 })))
    first.tasks.describeErrors = [throttled, throttled]
    expect((await first.run()).passed).toBe(true)
    expect(first.out.info.filter((l) => l.includes('ThrottlingException'))).toHaveLength(2)

    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })
    const second = setup(lifecycle(stoppedTask({ migrate: 0 })))
    second.tasks.describeErrors = [denied]
    const result = await second.run()
    expect(result.passed).toBe(false)
    expect(result.reason).toMatch(
      /^Run-task gate failed: DescribeTasks failed: AccessDeniedException: not authorized\. .* Task 0123456789abcdef0123456789abcdef may still be running\. The service was not updated\.$/
    )
    expect(second.tasks.stops).toEqual([])
  })

  it('starts the task and goes on when wait-for-task-stopped is false', async () => {
    const { tasks, run } = setup(
      () => running('RUNNING'),
      {},
      {
        settings: settings({ waitForTaskStopped: false })
      }
    )
    const result = await run()
    expect(result).toMatchObject({ outcome: 'not-waited', passed: true, taskArns: [TASK_ARN] })
    expect(result.exitCode).toBeUndefined()
    expect(tasks.describeCalls).toBe(0)
  })

  it('fails when ECS stops describing the task', async () => {
    const { run } = setup(() => undefined)
    const result = await run()
    expect(result.reason).toBe(
      `Run-task gate failed: ECS no longer describes task ${TASK_ID}, so its outcome is unknown. The service was not updated.`
    )
  })
})
