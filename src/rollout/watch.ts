import type { Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import {
  classifyError,
  describeAwsError,
  meansServiceDeploymentsUnavailable
} from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { DeploymentRef } from './deployment-ref.js'
import { describeState, duration, elapsed, unseenEvents } from './progress.js'
import { stoppedTaskReason } from './stopped-tasks.js'
import { judge, type Observation, type Verdict } from './verdict.js'
import { taskId } from './names.js'

export interface WatchLog {
  info(line: string): void
  warning(line: string): void
}

export interface WatchOptions {
  ecs: Pick<
    EcsPort,
    'describeService' | 'describeServiceDeployment' | 'listStoppedTasks' | 'describeTasks'
  >
  clock: Clock
  log: WatchLog
  ref: DeploymentRef
  pollIntervalMs: number
  timeoutMs: number
  /** Events that existed before UpdateService: never printed. */
  knownEventIds: Iterable<string>
  signal?: AbortSignal
}

export interface WatchResult {
  verdict: Verdict
  /** The last successful observation, for the report. */
  last?: Observation
  /** Stopped tasks of our deployment seen while watching (stopped tasks vanish from ECS after ~1 h). */
  stoppedTasks: Task[]
  elapsedMs: number
}

/**
 * Polls our deployment until the verdict is known, the deadline passes or the run is cancelled.
 * Our own loop, never the SDK's ServicesStable waiter: that waiter reports success after a rollback.
 */
export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const { clock, log, ref, signal } = options
  const start = clock.now()
  const deadline = start + options.timeoutMs
  const seenEvents = new Set(options.knownEventIds)
  const stopped = new StoppedTasks(options)
  let serviceDeployments = ref.serviceDeploymentArn !== undefined
  let lastLine = ''
  let last: Observation | undefined

  log.info(
    serviceDeployments
      ? `Watching deployment ${ref.deploymentId} through the service-deployments API (${ref.serviceDeploymentArn ?? ''}).`
      : `Watching deployment ${ref.deploymentId} through the service's deployments list.`
  )

  const finish = (verdict: Verdict): WatchResult => ({
    verdict,
    ...(last !== undefined && { last }),
    stoppedTasks: stopped.all,
    elapsedMs: clock.now() - start
  })

  for (;;) {
    if (signal?.aborted) return finish(cancelled(ref, lastLine))
    const observation = await observe()
    if (observation) {
      last = observation
      const stamp = elapsed(observation.at - start)
      for (const event of unseenEvents(observation.service ?? {}, seenEvents)) {
        log.info(`${stamp} event: ${event.message ?? ''}`)
      }
      if (observation.service) {
        const line = describeState(ref, observation.service, observation.serviceDeployment)
        if (line !== lastLine) log.info(`${stamp} ${line}`)
        lastLine = line
        await stopped.update(observation.service, stamp)
      }
      const verdict = judge(ref, observation)
      if (verdict) {
        if (verdict.kind !== 'succeeded') await stopped.update(observation.service, stamp, true)
        return finish(verdict)
      }
    }
    const now = clock.now()
    if (now >= deadline) return finish(timedOut(ref, options.timeoutMs, lastLine))
    // The last sleep ends exactly at the deadline, so the final poll happens at it.
    await clock.sleep(Math.min(options.pollIntervalMs, deadline - now), signal)
  }

  async function observe(): Promise<Observation | undefined> {
    try {
      // The service deployment first: the service read after it is at least as new, so when the
      // deployment is SUCCESSFUL the service already shows the events that go with it.
      const sd = serviceDeployments ? await serviceDeployment() : undefined
      if (serviceDeployments && sd === undefined) return undefined
      const service = await options.ecs.describeService(ref)
      return {
        at: clock.now(),
        service,
        ...(sd && sd !== 'unavailable' && { serviceDeployment: sd })
      }
    } catch (error) {
      if (classifyError(error) === 'permanent') throw error
      log.warning(`${describeAwsError('Poll', error)} Retrying within the deadline.`)
      return undefined
    }
  }

  /** Our service deployment, 'unavailable' once the API has said no, or undefined after a transient error. */
  async function serviceDeployment(): Promise<ServiceDeployment | 'unavailable' | undefined> {
    const arn = ref.serviceDeploymentArn ?? ''
    try {
      const sd = await options.ecs.describeServiceDeployment(arn)
      if (sd) return sd
      log.info(
        `ECS has no record of service deployment ${arn}; watching the service's deployments list instead.`
      )
    } catch (error) {
      if (!meansServiceDeploymentsUnavailable(error)) {
        if (classifyError(error) === 'permanent') throw error
        log.warning(
          `${describeAwsError('DescribeServiceDeployments', error)} Retrying within the deadline.`
        )
        return undefined
      }
      log.info(
        `The service-deployments API is not available here (${describeAwsError('DescribeServiceDeployments', error)}); ` +
          `watching the service's deployments list instead.`
      )
    }
    serviceDeployments = false
    return 'unavailable'
  }
}

/** Fetches stopped tasks of our deployment when its failure count moves, and prints each once. */
class StoppedTasks {
  readonly all: Task[] = []
  private readonly seen = new Set<string>()
  private failedTasks = 0

  constructor(private readonly options: Pick<WatchOptions, 'ecs' | 'ref' | 'log'>) {}

  async update(service: Service | undefined, stamp: string, force = false): Promise<void> {
    const { ecs, ref, log } = this.options
    const ours = service?.deployments?.find((d) => d.id === ref.deploymentId)
    const failed = ours?.failedTasks ?? 0
    if (!force && failed <= this.failedTasks) return
    this.failedTasks = Math.max(this.failedTasks, failed)
    try {
      const arns = (await ecs.listStoppedTasks(ref)).filter((arn) => !this.seen.has(arn))
      const tasks = await ecs.describeTasks({ cluster: ref.cluster, taskArns: arns })
      for (const task of tasks) {
        if (task.taskArn === undefined) continue
        this.seen.add(task.taskArn)
        if (task.startedBy !== ref.deploymentId) continue
        this.all.push(task)
        log.info(`${stamp} task ${taskId(task.taskArn)} stopped: ${stoppedTaskReason(task)}`)
      }
    } catch (error) {
      // Diagnostics are a courtesy: never let them change the verdict.
      log.warning(
        `Could not read stopped tasks: ${describeAwsError('ListTasks/DescribeTasks', error)}`
      )
    }
  }
}

function timedOut(ref: DeploymentRef, timeoutMs: number, lastLine: string): Verdict {
  return {
    kind: 'timed-out',
    reason:
      `Deployment ${ref.deploymentId} did not finish within ${duration(timeoutMs)}. ` +
      `Last state: ${lastLine || 'unknown'}.`
  }
}

function cancelled(ref: DeploymentRef, lastLine: string): Verdict {
  return {
    kind: 'cancelled',
    reason: `The run was cancelled while deployment ${ref.deploymentId} was in progress. Last state: ${lastLine || 'unknown'}.`
  }
}
