// The gate wired to the emulator through the real SDK adapters: proves the wire shapes of RunTask,
// DescribeTasks, StopTask and GetLogEvents as the gate uses them. Virtual time moves only when the
// gate's clock sleeps.

import { describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, RegisterTaskDefinitionCommand, type Task } from '@aws-sdk/client-ecs'
import { logStreamAdapter } from '../../src/aws/log-stream.js'
import { tasksAdapter } from '../../src/aws/tasks.js'
import type { Clock } from '../../src/clock.js'
import { runTaskGate } from '../../src/run-task/gate.js'
import type { RunTaskSettings } from '../../src/run-task/settings.js'
import type { EmulatorOptions } from '../../emulator/index.js'
import { START, migrationDefinition, withHarness, type Harness } from '../emulator/harness.js'
import { recorder } from './fakes.js'

const SETTINGS: RunTaskSettings = {
  containerOverrides: [],
  command: ['npm', 'run', 'migrate'],
  network: {
    subnets: ['subnet-0123456789abcdef0'],
    securityGroups: ['sg-0123456789abcdef0'],
    assignPublicIp: 'DISABLED'
  },
  launchType: 'FARGATE',
  startedBy: 'GitHub-Actions',
  tags: [{ key: 'purpose', value: 'migration' }],
  waitForTaskStopped: true,
  waitMinutes: 30
}

/** The gate's clock drives the emulator's: each sleep moves virtual time. */
const clockOf = (harness: Harness): Clock => ({
  now: () => START + harness.elapsed() * 1000,
  sleep: (ms, signal) => {
    if (signal?.aborted !== true) harness.advance(ms / 1000)
    return Promise.resolve()
  }
})

async function gate(
  options: Partial<EmulatorOptions>,
  settings: RunTaskSettings = SETTINGS,
  definition = migrationDefinition()
) {
  const out = recorder()
  let result: Awaited<ReturnType<typeof runTaskGate>> | undefined
  let task: Task | undefined
  await withHarness({ scenario: 'success', ...options }, async (harness) => {
    const registered = await harness.ecs.send(new RegisterTaskDefinitionCommand(definition))
    result = await runTaskGate({
      tasks: tasksAdapter(harness.ecs),
      logs: logStreamAdapter({
        endpoint: harness.emulator.url,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        maxAttempts: 1
      }),
      clock: clockOf(harness),
      settings,
      cluster: 'prod',
      taskDefinitionArn: registered.taskDefinition?.taskDefinitionArn ?? '',
      taskDefinition: definition,
      region: 'us-east-1',
      log: out.log,
      service: 'web'
    })
    const [arn] = result.taskArns
    if (arn !== undefined) {
      // Long enough for a stop the gate asked for to complete.
      harness.advance(30)
      const described = await harness.ecs.send(
        new DescribeTasksCommand({ cluster: 'prod', tasks: [arn] })
      )
      task = described.tasks?.[0]
    }
  })
  if (result === undefined) throw new Error('the gate did not run')
  return { result, out, task }
}

describe('run-task gate against the emulator', () => {
  it('passes a migration that exits 0, streaming its lines once each; the sidecar failing is a note', async () => {
    const { result, out, task } = await gate({
      runTasks: {
        containers: {
          migrate: {
            logLines: ['Applying 0041_users', 'Applying 0042_add_index', 'Done: 2 migrations'],
            runSeconds: 30
          },
          xray: { exitCode: 1, runSeconds: 5, logLines: ['xray: no daemon'] }
        }
      }
    })
    expect(result).toMatchObject({ outcome: 'passed', passed: true, exitCode: 0 })
    expect(out.info.filter((line) => line.startsWith('['))).toEqual([
      '[migrate] Applying 0041_users',
      '[xray] xray: no daemon',
      '[migrate] Applying 0042_add_index',
      '[migrate] Done: 2 migrations'
    ])
    expect(out.info).toContain(
      'Note: Non-essential container xray exited 1; it does not decide the gate.'
    )
    expect(out.warnings).toEqual([])
    // What RunTask received, as DescribeTasks shows it back.
    expect(task).toMatchObject({
      group: 'family:migrate',
      startedBy: 'GitHub-Actions',
      tags: [{ key: 'purpose', value: 'migration' }],
      overrides: {
        containerOverrides: [
          { name: 'migrate', command: ['npm', 'run', 'migrate'] },
          { name: 'xray' }
        ]
      }
    })
  })

  it('fails when the migration exits non-zero, with its last lines', async () => {
    const { result } = await gate({
      runTasks: {
        containers: {
          migrate: { exitCode: 3, logLines: ['Applying 0042_add_index', 'ERROR: lock timeout'] }
        }
      }
    })
    expect(result).toMatchObject({
      outcome: 'failed',
      passed: false,
      exitCode: 3,
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      reason:
        'Run-task gate failed: container migrate exited 3 (essential). The service was not updated.'
    })
    expect(result.lastLogLines).toEqual(
      expect.arrayContaining(['[migrate] Applying 0042_add_index', '[migrate] ERROR: lock timeout'])
    )
  })

  it('fails a task that never starts (image cannot be pulled)', async () => {
    const { result } = await gate({ runTasks: { containers: { migrate: { cannotPull: true } } } })
    expect(result.passed).toBe(false)
    expect(result.exitCode).toBeUndefined()
    expect(result.stopCode).toBe('TaskFailedToStart')
    expect(result.reason).toMatch(
      /^Run-task gate failed: container migrate never ran or has no exit code \(CannotPullContainerError: /
    )
  })

  it('stops a task that outlives run-task-wait-minutes', async () => {
    const { result, task } = await gate(
      { runTasks: { containers: { migrate: { runSeconds: 3600 } } } },
      { ...SETTINGS, waitMinutes: 2 }
    )
    expect(result.outcome).toBe('timed-out')
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'ECS Rollout: run-task-wait-minutes reached'
    })
  })

  it('warns once and still judges when the logs are denied', async () => {
    const { result, out } = await gate({ denyLogs: true })
    expect(result.passed).toBe(true)
    expect(out.warnings).toHaveLength(1)
    expect(out.warnings[0]).toMatch(/^Cannot read the task's logs \(AccessDeniedException: /)
  })

  it('fails without a task on failures[] and on a rejected request', async () => {
    const placed = await gate({ runTasks: { placementFailure: 'RESOURCE:MEMORY' } })
    expect(placed.result.outcome).toBe('not-started')
    expect(placed.result.reason).toBe(
      'Run-task gate failed: ECS did not start the task (arn:aws:ecs:us-east-1:123456789012:cluster/prod: RESOURCE:MEMORY). The service was not updated.'
    )
    const withoutNetwork: RunTaskSettings = { ...SETTINGS }
    delete (withoutNetwork as { network?: unknown }).network
    const rejected = await gate({}, withoutNetwork)
    expect(rejected.result.outcome).toBe('not-started')
    expect(rejected.result.reason).toBe(
      "Run-task gate failed: RunTask failed: InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is specified. The service was not updated."
    )
  })
})
