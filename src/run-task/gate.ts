import type { RegisterTaskDefinitionCommandInput, Task } from '@aws-sdk/client-ecs'
import { describeAwsError } from '../aws/errors.js'
import type { LogStreamPort } from '../aws/log-stream.js'
import type { TaskPort } from '../aws/tasks.js'
import type { Clock } from '../clock.js'
import { logStreamConsoleUrl } from '../text/links.js'
import { commandSafeLog } from '../text/safe-text.js'
import { taskId } from '../text/names.js'
import { pollUntil } from '../aws/poll.js'
import { describeContainers, judgeStoppedTask, type ContainerOutcome } from './judge.js'
import { LogFollower, logTargets } from './log-follower.js'
import { resolveContainerOverrides } from './overrides.js'
import type { RunTaskSettings } from './settings.js'

export interface RunTaskGateOptions {
  tasks: TaskPort
  logs: LogStreamPort
  clock: Clock
  settings: RunTaskSettings
  cluster: string
  /** The revision just registered: the task runs exactly what the service is about to run. */
  taskDefinitionArn: string
  /** The rendered task definition: which containers are essential, and where they log. */
  taskDefinition: RegisterTaskDefinitionCommandInput
  region: string
  log: { info(line: string): void; warning(line: string): void }
  /** When given, a failure ends with "The service was not updated." */
  service?: string
  signal?: AbortSignal
  /** Default 6 s. */
  pollIntervalMs?: number
}

export type RunTaskOutcome =
  /** Every essential container exited 0. */
  | 'passed'
  /** The task stopped and an essential container failed, never ran, or the task was interrupted. */
  | 'failed'
  /** RunTask failed or returned failures[]: no task ran. */
  | 'not-started'
  /** run-task-wait-minutes passed; the task was asked to stop. */
  | 'timed-out'
  /** The workflow run was cancelled; the task was asked to stop. */
  | 'cancelled'
  /** wait-for-task-stopped is false: started, outcome unknown, nothing gated. */
  | 'not-waited'

export interface RunTaskResult {
  readonly outcome: RunTaskOutcome
  /** Whether the deploy may go on to the service update. */
  readonly passed: boolean
  /** Plain sentences: what happened, and what it means for the service. */
  readonly reason: string
  readonly taskArns: readonly string[]
  /** 0 on success; the first failing essential container's exit code; undefined when unknown. */
  readonly exitCode: number | undefined
  readonly containers: readonly ContainerOutcome[]
  readonly stopCode?: string
  readonly stoppedReason?: string
  /** The last lines streamed from the task's logs, `[container] line`, oldest first. */
  readonly lastLogLines: readonly string[]
  /** The CloudWatch console link of the first (failing, else essential) container's stream. */
  readonly logUrl?: string
  readonly elapsedMs: number
}

const POLL_INTERVAL_MS = 6_000
const KEEP_LOG_LINES = 20
// DescribeTasks may not know a task for a moment after RunTask returns it (eventual consistency).
const MAX_MISSING_POLLS = 5
export const TIMEOUT_STOP_REASON = 'ECS Rollout: run-task-wait-minutes reached'
export const CANCEL_STOP_REASON = 'ECS Rollout: the workflow run was cancelled'

type Decision = { kind: 'stopped'; task: Task } | { kind: 'missing' }

/**
 * Runs one task of the new revision and waits for it to stop: the release gate for migrations.
 * Never throws for what AWS answers; every way it can end is a result with a reason. Throws
 * InputError when the overrides do not fit the task definition (call resolveContainerOverrides
 * earlier to catch that before registering).
 */
export async function runTaskGate(options: RunTaskGateOptions): Promise<RunTaskResult> {
  const { settings, clock } = options
  // Log lines, stopped reasons and exit reasons come from the task: none may act as a workflow command.
  const log = commandSafeLog(options.log)
  const started = clock.now()
  const elapsed = (): number => clock.now() - started
  const consequence = options.service === undefined ? '' : ' The service was not updated.'
  const containerOverrides = resolveContainerOverrides({
    containerOverrides: settings.containerOverrides,
    command: settings.command,
    taskDefinition: options.taskDefinition
  })
  const empty = { containers: [], lastLogLines: [], exitCode: undefined }
  if (options.signal?.aborted) {
    return {
      ...empty,
      outcome: 'cancelled',
      passed: false,
      reason: `Run-task gate failed: the workflow run was cancelled before the task was started.${consequence}`,
      taskArns: [],
      elapsedMs: 0
    }
  }

  let response
  try {
    response = await options.tasks.runTask({
      cluster: options.cluster,
      taskDefinition: options.taskDefinitionArn,
      startedBy: settings.startedBy,
      containerOverrides,
      ...(settings.capacityProviderStrategy === undefined
        ? settings.launchType !== undefined && { launchType: settings.launchType }
        : { capacityProviderStrategy: settings.capacityProviderStrategy }),
      ...(settings.network !== undefined && { network: settings.network }),
      tags: settings.tags
    })
  } catch (error) {
    return {
      ...empty,
      outcome: 'not-started',
      passed: false,
      reason: `Run-task gate failed: ${describeAwsError('RunTask', error)}${consequence}`,
      taskArns: [],
      elapsedMs: elapsed()
    }
  }
  const taskArns = response.tasks.flatMap((t) => (t.taskArn === undefined ? [] : [t.taskArn]))
  const [taskArn] = taskArns
  if (response.failures.length > 0 || taskArn === undefined) {
    const failures = response.failures
      .map((f) => [f.arn, f.reason, f.detail].filter((part) => part !== undefined).join(': '))
      .join('; ')
    return {
      ...empty,
      outcome: 'not-started',
      passed: false,
      reason: `Run-task gate failed: ECS did not start the task (${failures === '' ? 'RunTask returned no task' : failures}).${consequence}`,
      taskArns,
      elapsedMs: elapsed()
    }
  }
  const id = taskId(taskArn)
  log.info(`Started task ${id} (${taskArn}).`)
  if (!settings.waitForTaskStopped) {
    return {
      ...empty,
      outcome: 'not-waited',
      passed: true,
      reason: `Started task ${id}; wait-for-task-stopped is false, so its outcome is not checked.`,
      taskArns,
      elapsedMs: elapsed()
    }
  }

  const { targets, notes } = logTargets({
    taskDefinition: options.taskDefinition,
    taskArn,
    region: options.region
  })
  for (const note of notes) log.info(note)
  if (targets.length === 0 && notes.length === 0)
    log.info('No container logs with the awslogs driver, so no log lines are shown.')
  const follower = new LogFollower({ logs: options.logs, targets, log, keep: KEEP_LOG_LINES })
  let lastStatus: string | undefined
  let missing = 0

  const outcome = await pollUntil<Task | undefined, Decision>({
    clock,
    intervalMs: options.pollIntervalMs ?? POLL_INTERVAL_MS,
    deadline: started + settings.waitMinutes * 60_000,
    ...(options.signal !== undefined && { signal: options.signal }),
    observe: async () => {
      const [task] = await options.tasks.describeTasks({ cluster: options.cluster, taskArns })
      // After describing, so the lines written before the task stopped are read with it.
      await follower.poll()
      return task
    },
    decide: (task) => {
      if (task === undefined)
        return ++missing >= MAX_MISSING_POLLS ? { kind: 'missing' } : undefined
      missing = 0
      if (task.lastStatus !== lastStatus) {
        lastStatus = task.lastStatus
        log.info(`Task ${id}: ${lastStatus ?? 'unknown status'}.`)
      }
      return task.lastStatus === 'STOPPED' ? { kind: 'stopped', task } : undefined
    },
    onTransientError: (error) => log.info(`${describeAwsError('DescribeTasks', error)} Retrying.`)
  }).catch((error: unknown) => ({ kind: 'error' as const, error }))

  const base = { ...empty, taskArns, lastLogLines: follower.lastLines }
  if (outcome.kind === 'error') {
    return {
      ...base,
      outcome: 'failed',
      passed: false,
      reason: `Run-task gate failed: ${describeAwsError('DescribeTasks', outcome.error)} Task ${id} may still be running.${consequence}`,
      elapsedMs: elapsed()
    }
  }
  if (outcome.kind !== 'decided') {
    const timedOut = outcome.kind === 'deadline'
    const stop = await stopTask(
      options,
      taskArn,
      timedOut ? TIMEOUT_STOP_REASON : CANCEL_STOP_REASON
    )
    const what = timedOut
      ? `task ${id} was still ${lastStatus ?? 'starting'} after ${settings.waitMinutes} minutes (run-task-wait-minutes)`
      : `the workflow run was cancelled while task ${id} was ${lastStatus ?? 'starting'}`
    return {
      ...base,
      outcome: timedOut ? 'timed-out' : 'cancelled',
      passed: false,
      reason: `Run-task gate failed: ${what}; ${stop}.${consequence}`,
      elapsedMs: elapsed()
    }
  }
  if (outcome.result.kind === 'missing') {
    return {
      ...base,
      outcome: 'failed',
      passed: false,
      reason: `Run-task gate failed: ECS no longer describes task ${id}, so its outcome is unknown.${consequence}`,
      elapsedMs: elapsed()
    }
  }

  const task = outcome.result.task
  const judgement = judgeStoppedTask(task, options.taskDefinition.containerDefinitions ?? [])
  log.info(`Task ${id} stopped${stopText(task)}.`)
  for (const line of describeContainers(judgement)) log.info(line)
  for (const note of judgement.notes) log.info(`Note: ${note}`)
  const failingName = judgement.containers.find((c) => c.essential && c.exitCode !== 0)?.name
  const logTarget = targets.find((t) => t.container === failingName) ?? targets[0]
  const result = {
    ...base,
    containers: judgement.containers,
    exitCode: judgement.exitCode,
    ...(task.stopCode !== undefined && { stopCode: task.stopCode }),
    ...(task.stoppedReason !== undefined && { stoppedReason: task.stoppedReason }),
    ...(logTarget !== undefined && { logUrl: logStreamConsoleUrl(logTarget) }),
    elapsedMs: elapsed()
  }
  if (judgement.passed) {
    return {
      ...result,
      outcome: 'passed',
      passed: true,
      reason: `Run-task gate passed: ${judgement.what}.`
    }
  }
  if (follower.lastLines.length > 0) {
    log.info('Last log lines:')
    for (const line of follower.lastLines) log.info(`  ${line}`)
  }
  if (result.logUrl !== undefined) log.info(`Logs: ${result.logUrl}`)
  return {
    ...result,
    outcome: 'failed',
    passed: false,
    reason: `Run-task gate failed: ${judgement.what}.${consequence}`
  }
}

function stopText(task: Task): string {
  const parts = [task.stopCode, task.stoppedReason].filter((p) => p !== undefined && p !== '')
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`
}

/** Asks ECS to stop the task; says what happened, as a clause for the reason. */
async function stopTask(
  options: RunTaskGateOptions,
  taskArn: string,
  reason: string
): Promise<string> {
  try {
    await options.tasks.stopTask({ cluster: options.cluster, task: taskArn, reason })
    return 'it was asked to stop'
  } catch (error) {
    const line = describeAwsError('StopTask', error)
    options.log.warning(line)
    return `stopping it failed (${line}), so it may still be running: stop it by hand`
  }
}
