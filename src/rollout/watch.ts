import type { ServiceDeployment, Task } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError, errorName, meansServiceDeploymentsUnavailable } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import { CallBudget } from './call-budget.js'
import type { DeploymentRef } from './deployment-ref.js'
import { StoppedTaskDiagnostics } from './diagnostics.js'
import { LifecycleReport } from './lifecycle-report.js'
import { familyRevision } from '../text/names.js'
import { pollUntil } from '../aws/poll.js'
import { describeState, progressPhrase, unseenEvents } from './progress.js'
import { duration, elapsed } from '../text/time.js'
import type { Stage } from './stage.js'
import { Timeline, type TimelineEntry } from './timeline.js'
import { judge, type JudgeOptions, type Observation, type Verdict } from './verdict.js'

export interface WatchLog {
  info(line: string): void
  warning(line: string): void
}

export type WatchPort = Pick<
  EcsPort,
  | 'describeService'
  | 'describeServiceDeployment'
  | 'listStoppedTasks'
  | 'describeTasks'
  | 'describeTaskDefinition'
>

export interface WatchOptions {
  ecs: WatchPort
  clock: Clock
  log: WatchLog
  ref: DeploymentRef
  pollIntervalMs: number
  timeoutMs: number
  /** Events that existed before UpdateService: never printed. */
  knownEventIds: Iterable<string>
  failFastFailedTasks?: number
  /**
   * wait-until-stage: pass once our service deployment reaches this lifecycle stage (or a later
   * one). Without the service-deployments API the stage cannot be seen: the watch warns once and
   * waits for the deployment to complete instead.
   */
  waitUntilStage?: Stage
  /**
   * A call budget shared with other watches (several services side by side within one budget).
   * Absent: this watch gets its own budget of CALLS_PER_MINUTE.
   */
  budget?: CallBudget
  signal?: AbortSignal
}

export interface WatchResult {
  verdict: Verdict
  /** The last successful observation, for the report. */
  last?: Observation
  /** Failed tasks of our deployment, with their stop codes and exit codes. */
  stoppedTasks: Task[]
  elapsedMs: number
  timeline: TimelineEntry[]
}

/** ECS calls a watch may make per minute: at most 3 per poll, and this across polls. */
export const CALLS_PER_MINUTE = 40
/** No task placed for this long is worth a warning: the breaker counts failures, not silence. */
const NOTHING_PLACED_MS = 5 * 60_000

/**
 * Polls our deployment until the verdict is known, the deadline passes or the run is cancelled.
 * Our own loop, never the SDK's ServicesStable waiter: that waiter reports success after a rollback.
 * Each poll makes at most three calls: the service deployment (while that API answers),
 * DescribeServices, and one call for stopped-task diagnostics when there is something to fetch.
 */
export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const { clock, log, ref, signal } = options
  const ecs = (options.budget ?? new CallBudget(clock, CALLS_PER_MINUTE)).limit(options.ecs, signal)
  const start = clock.now()
  const stamp = (): string => elapsed(clock.now() - start)
  const seenEvents = new Set(options.knownEventIds)
  const diagnostics = new StoppedTaskDiagnostics(ecs, ref, log)
  const timeline = new Timeline(ref, start)
  const lifecycle = new LifecycleReport(log)
  let useServiceDeployment = ref.serviceDeploymentArn !== undefined
  let lastLine = ''
  let nothingPlacedWarned = false
  let stageUnseenWarned = false

  log.info(
    useServiceDeployment
      ? `Watching deployment ${ref.deploymentId} through the service-deployments API (${ref.serviceDeploymentArn ?? ''}).`
      : `Watching deployment ${ref.deploymentId} through the service's deployments list.`
  )
  if (!useServiceDeployment) warnStageUnseen()

  const outcome = await pollUntil<Observation, Verdict>({
    clock,
    intervalMs: options.pollIntervalMs,
    deadline: start + options.timeoutMs,
    ...(signal !== undefined && { signal }),
    observe: async () => {
      // The service deployment first: the service read after it is at least as new, so when the
      // deployment is SUCCESSFUL the service already shows the events that go with it.
      const sd = useServiceDeployment ? await serviceDeployment() : undefined
      const service = await ecs.describeService(ref)
      const ours = service?.deployments?.find((d) => d.id === ref.deploymentId)
      diagnostics.note(ours)
      return {
        at: clock.now(),
        service,
        failedTasks: diagnostics.failedCount(ours),
        ...(sd !== undefined && { serviceDeployment: sd })
      }
    },
    decide: async (observation) => {
      report(observation)
      const judgeOptions: JudgeOptions = {
        ...(options.failFastFailedTasks !== undefined && {
          failFastFailedTasks: options.failFastFailedTasks
        }),
        ...(options.waitUntilStage !== undefined && { waitUntilStage: options.waitUntilStage })
      }
      const verdict = judge(ref, observation, judgeOptions)
      // The third call of a poll: fresher detail for a failure, or one step of diagnostics.
      if (verdict === undefined || verdict.kind === 'succeeded') {
        await diagnostics.step(stamp())
        return verdict
      }
      return (await richer(observation, judgeOptions)) ?? verdict
    },
    onTransientError: (error) => {
      log.warning(`${describeAwsError('Poll', error)} Retrying with backoff within the deadline.`)
    }
  })

  const last = outcome.last
  let verdict: Verdict
  if (outcome.kind === 'decided') verdict = outcome.result
  else if (outcome.kind === 'cancelled') {
    verdict = {
      kind: 'cancelled',
      reason: `The run was cancelled while deployment ${ref.deploymentId} was in progress: ${progressPhrase(ref, last?.service)}.`
    }
  } else {
    verdict = {
      kind: 'timed-out',
      reason:
        `Deployment ${ref.deploymentId} did not finish within ${duration(options.timeoutMs)}: ` +
        `${progressPhrase(ref, last?.service)}.${waitingHooks(last?.serviceDeployment)}`
    }
  }
  // Cancellation leaves seconds before the runner kills us: spend them on the rollback, not here.
  if (verdict.kind !== 'succeeded' && verdict.kind !== 'cancelled') {
    await diagnostics.finish(stamp())
    if (verdict.kind === 'superseded') verdict = await whoSuperseded(verdict)
  }
  timeline.add(clock.now(), `verdict: ${verdict.kind}`)
  return {
    verdict,
    ...(last !== undefined && { last }),
    stoppedTasks: diagnostics.failed,
    elapsedMs: clock.now() - start,
    timeline: timeline.entries
  }

  /** Prints what is new in an observation: events, one state line per change, early warnings. */
  function report(observation: Observation): void {
    const now = stamp()
    const service = observation.service
    for (const event of unseenEvents(service ?? {}, seenEvents)) {
      log.info(`${now} event: ${event.message ?? ''}`)
      diagnostics.warnIfStuck(event.message ?? '')
    }
    // Stages, traffic and hooks get lines of their own, so the state line leaves the stage out.
    if (observation.serviceDeployment) lifecycle.observe(observation.serviceDeployment, now)
    if (service === undefined) return
    timeline.observe(observation)
    const line = describeState(ref, service, observation.serviceDeployment, { stage: false })
    if (line !== lastLine) log.info(`${now} ${line}`)
    lastLine = line
    const ours = service.deployments?.find((d) => d.id === ref.deploymentId)
    const placed = (ours?.runningCount ?? 0) + (ours?.pendingCount ?? 0)
    if (
      !nothingPlacedWarned &&
      placed === 0 &&
      (ours?.desiredCount ?? 0) > 0 &&
      observation.at - start >= NOTHING_PLACED_MS
    ) {
      nothingPlacedWarned = true
      log.warning(
        `No task of deployment ${ref.deploymentId} has been running or pending for ${duration(observation.at - start)}; ` +
          'the circuit breaker counts failed tasks, so it may never trip.'
      )
    }
  }

  /**
   * deployments[] can show a failure a moment before the service deployment read just before it
   * does; read that again, so the reason carries the breaker's count or the alarm's name.
   */
  async function richer(
    observation: Observation,
    judgeOptions: JudgeOptions
  ): Promise<Verdict | undefined> {
    const status = observation.serviceDeployment?.status
    if (!useServiceDeployment || (status !== 'PENDING' && status !== 'IN_PROGRESS'))
      return undefined
    const sd = await serviceDeployment()
    return sd && judge(ref, { ...observation, serviceDeployment: sd }, judgeOptions)
  }

  /** Our service deployment, or undefined once the API has said it cannot answer here. */
  async function serviceDeployment(): Promise<ServiceDeployment | undefined> {
    const arn = ref.serviceDeploymentArn ?? ''
    try {
      const sd = await ecs.describeServiceDeployment(arn)
      if (sd) return sd
      log.info(
        `ECS has no record of service deployment ${arn}; watching the service's deployments list instead.`
      )
    } catch (error) {
      if (!meansServiceDeploymentsUnavailable(error)) throw error
      // A missing permission is worth an annotation; a region without the API is not.
      const say = (line: string): void =>
        errorName(error) === 'AccessDeniedException' ? log.warning(line) : log.info(line)
      say(
        `The service-deployments API is not available (${describeAwsError('DescribeServiceDeployments', error)}); ` +
          "watching the service's deployments list instead."
      )
    }
    useServiceDeployment = false
    warnStageUnseen()
    return undefined
  }

  /** wait-until-stage needs lifecycleStage, which only the service-deployments API shows. */
  function warnStageUnseen(): void {
    if (options.waitUntilStage === undefined || stageUnseenWarned) return
    stageUnseenWarned = true
    log.warning(
      `wait-until-stage ${options.waitUntilStage} needs the service-deployments API to see lifecycle stages, ` +
        `and it does not answer for deployment ${ref.deploymentId}; waiting for the whole deployment to complete instead.`
    )
  }

  /** ECS does not say who started a deployment; the IAM principal that registered its revision does. */
  async function whoSuperseded(verdict: Verdict): Promise<Verdict> {
    const other = last?.service?.deployments?.find((d) => d.id === verdict.supersededBy)
    if (other?.taskDefinition === undefined) return verdict
    try {
      const { taskDefinition } = await ecs.describeTaskDefinition(other.taskDefinition)
      if (taskDefinition.registeredBy === undefined) return verdict
      return {
        ...verdict,
        reason: `${verdict.reason} ${familyRevision(other.taskDefinition)} was registered by ${taskDefinition.registeredBy}.`
      }
    } catch {
      return verdict
    }
  }
}

/** For a timeout: " Lifecycle hook X is still waiting for ContinueServiceDeployment." */
function waitingHooks(sd: ServiceDeployment | undefined): string {
  const waiting = (sd?.lifecycleHookDetails ?? []).filter((h) => h.status === 'AWAITING_ACTION')
  return waiting
    .map(
      (h) =>
        ` Lifecycle hook ${h.hookId ?? 'unknown'}${sd?.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''} is still waiting for ContinueServiceDeployment.`
    )
    .join('')
}
