import type { Deployment, Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError, errorName } from '../aws/errors.js'
import { pollUntil } from '../aws/poll.js'
import type { Clock } from '../clock.js'
import { familyRevision, taskId } from '../text/names.js'
import { duration, elapsed } from '../text/time.js'
import { CallBudget } from './call-budget.js'
import { causeSentence, likelyCauses } from './causes/index.js'
import type { DeploymentRef } from './deployment-ref.js'
import { StoppedTaskDiagnostics } from './diagnostics.js'
import { EVENTS_PER_POLL, namesOurs, newEvents } from './events.js'
import { LifecycleReport } from './lifecycle-report.js'
import { describeState, progressPhrase } from './progress.js'
import { ServiceDeploymentTracker } from './service-deployment.js'
import type { Stage } from './stage.js'
import { stallReason } from './stall.js'
import { Timeline, type TimelineEntry } from './timeline.js'
import {
  failedHook,
  judge,
  successorOf,
  type JudgeOptions,
  type Observation,
  type Verdict
} from './verdict.js'

export interface WatchLog {
  info(line: string): void
  warning(line: string): void
}

export type WatchPort = Pick<
  EcsPort,
  | 'describeService'
  | 'describeServiceDeployment'
  | 'listServiceDeployments'
  | 'serviceRevisionTaskDefinition'
  | 'listStoppedTasks'
  | 'describeTasks'
  | 'describeTaskDefinition'
>

export interface WatchOptions {
  ecs: WatchPort
  clock: Clock
  log: WatchLog
  ref: DeploymentRef
  /** The service deployment the service showed before our UpdateService: never ours. */
  serviceDeploymentBefore?: string
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
  /** stall-minutes in ms: fail when nothing of ours ran for this long and ECS cannot place or start it; 0: off. */
  stallMs?: number
  /** The least time ECS needs for this rollout (linear, canary, bake time), when known. */
  leastRolloutMs?: number
  /**
   * True when `ecs` already keeps to a call budget the caller shares among several watches (and
   * batches their reads below it). Absent: this watch gets its own budget of CALLS_PER_MINUTE.
   */
  budgeted?: boolean
  /** Epoch ms the polls of the run's watches are aligned to (poll.ts, alignTo). */
  pollGrid?: number
  signal?: AbortSignal
}

export interface WatchResult {
  verdict: Verdict
  /** The deployment the verdict is about: ours, or the one of our revision that replaced it. */
  ref: DeploymentRef
  /** The last successful observation, for the report. */
  last?: Observation
  /** Failed tasks of our deployment, with their stop codes and exit codes. */
  stoppedTasks: Task[]
  elapsedMs: number
  timeline: TimelineEntry[]
}

/** ECS calls a watch may make per minute, whatever the poll interval. */
export const CALLS_PER_MINUTE = 40
/** While the service deployment answers, DescribeServices every this many polls (and on changes). */
const SERVICE_EVERY_POLLS = 3
/** Polls a provisional verdict (an expected rollback not seen yet) waits to be confirmed. */
const CONFIRM_POLLS = 2
/** Polls without our service deployment listed before wait-until-stage says it cannot see stages. */
const STAGE_UNSEEN_POLLS = 6
/** Polls our deployment may be missing from deployments[] before it counts as gone. */
const MISSING_POLLS = 3

/**
 * Polls our deployment until the verdict is known, the deadline passes or the run is cancelled.
 * Our own loop, never the SDK's ServicesStable waiter: that waiter reports success after a rollback.
 * A poll reads the service deployment while that API answers for ours, and DescribeServices every
 * few polls or when the service deployment changed; without it, DescribeServices every poll. Tasks
 * are read only when failures grew. So one service costs well under 20 calls a minute, and a
 * failure or success is still seen within one poll.
 */
export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const { clock, log, signal } = options
  let ref = options.ref
  const ecs =
    options.budgeted === true
      ? options.ecs
      : new CallBudget(clock, CALLS_PER_MINUTE).limit(options.ecs, signal)
  const start = clock.now()
  const stamp = (): string => elapsed(clock.now() - start)
  const seenEvents = new Set(options.knownEventIds)
  const eventTexts: string[] = []
  const ourIds = [ref.deploymentId]
  const diagnostics = new StoppedTaskDiagnostics(ecs, () => ref, log)
  const timeline = new Timeline(ref, start)
  const lifecycle = new LifecycleReport(log)
  const tracker = new ServiceDeploymentTracker(ecs, () => ref, log, options.serviceDeploymentBefore)
  let lastService: Service | undefined
  let lastSd: ServiceDeployment | undefined
  let polls = 0
  let lastLine = ''
  let everRunning = false
  let missing = 0
  let serviceRead = false
  let provisional: { verdict: Verdict; polls: number } | undefined
  let stageUnseenWarned = false
  let rollbackTarget: string | undefined
  const warnedKinds = new Set<string>()

  log.info(`Watching deployment ${ref.deploymentId} (${familyRevision(ref.taskDefinitionArn)}).`)
  const judgeOptions: JudgeOptions = {
    ...(options.failFastFailedTasks !== undefined && {
      failFastFailedTasks: options.failFastFailedTasks
    }),
    ...(options.waitUntilStage !== undefined && { waitUntilStage: options.waitUntilStage })
  }

  const outcome = await pollUntil<Observation, Verdict>({
    clock,
    intervalMs: options.pollIntervalMs,
    deadline: start + options.timeoutMs,
    ...(options.pollGrid !== undefined && { alignTo: options.pollGrid }),
    ...(signal !== undefined && { signal }),
    observe,
    decide: async (observation) => {
      report(observation)
      const verdict = decideOne(await fresher(observation))
      if (verdict === undefined || verdict.kind === 'succeeded') await diagnostics.step(stamp())
      return verdict
    },
    onTransientError: (error) => {
      // A warning for the first error of each kind; the same kind again is only noted.
      const line = `${describeAwsError('Poll', error)} Retrying with backoff within the deadline.`
      if (warnedKinds.has(errorName(error))) log.info(line)
      else log.warning(line)
      warnedKinds.add(errorName(error))
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
  } else verdict = provisional?.verdict ?? timedOut(last)
  if (verdict.provisional === true) verdict = withoutFlag(verdict)
  // Cancellation leaves seconds before the runner kills us: spend them on the rollback, not here.
  if (verdict.kind !== 'succeeded' && verdict.kind !== 'cancelled') {
    await diagnostics.finish(stamp())
    if (verdict.kind === 'superseded') verdict = await whoSuperseded(verdict)
    verdict = explained(verdict)
  }
  timeline.add(clock.now(), `verdict: ${verdict.kind}`)
  return {
    verdict,
    ref: tracker.arn === undefined ? ref : { ...ref, serviceDeploymentArn: tracker.arn },
    ...(last !== undefined && { last }),
    stoppedTasks: diagnostics.failed,
    elapsedMs: clock.now() - start,
    timeline: timeline.entries
  }

  /** One poll's reads: see the class comment of ServiceDeploymentTracker for the lookups. */
  async function observe(): Promise<Observation> {
    polls++
    // Once found, a MISSING answer is a hiccup of the API: the last answer stands for this poll.
    let sd =
      (await tracker.read()) ??
      (tracker.arn !== undefined && tracker.available ? lastSd : undefined)
    const changed = sd !== undefined && fingerprint(sd) !== fingerprint(lastSd)
    const due =
      sd === undefined || changed || lastService === undefined || polls % SERVICE_EVERY_POLLS === 0
    const service = due ? await ecs.describeService(ref) : lastService
    serviceRead = due
    // Following a successor forgets the service deployment of the one it replaced.
    if (follow(service)) sd = undefined
    if (sd === undefined && tracker.available) sd = await tracker.lookup(service)
    if (sd === undefined && (!tracker.available || polls === STAGE_UNSEEN_POLLS)) warnStageUnseen()
    lastService = service
    if (sd !== undefined) lastSd = sd
    if (sd?.rollback?.serviceRevisionArn !== undefined && rollbackTarget === undefined) {
      rollbackTarget = await tracker.taskDefinitionOf(sd.rollback.serviceRevisionArn)
    }
    const ours = service?.deployments?.find((d) => d.id === ref.deploymentId)
    if ((ours?.runningCount ?? 0) > 0) everRunning = true
    diagnostics.note(ours)
    return {
      at: clock.now(),
      service,
      failedTasks: diagnostics.failedCount(ours),
      ...(sd !== undefined && { serviceDeployment: sd }),
      ...(rollbackTarget !== undefined && { rollbackTaskDefinitionArn: rollbackTarget })
    }
  }

  /** A newer deployment of our very revision replaced ours: follow it rather than give up. */
  function follow(service: Service | undefined): boolean {
    const next = successorOf(ref, service)
    if (next?.id === undefined) return false
    log.info(
      `${stamp()} ECS replaced deployment ${ref.deploymentId} with ${next.id}, which rolls out the same revision ${familyRevision(ref.taskDefinitionArn)}: following it.`
    )
    ref = { ...ref, deploymentId: next.id }
    ourIds.push(next.id)
    tracker.reset()
    lastSd = undefined
    rollbackTarget = undefined
    provisional = undefined
    return true
  }

  /**
   * deployments[] can show a failure a moment before the service deployment read just before it
   * does: read that again, so the verdict carries its monitors' cause, counts and hooks.
   */
  async function fresher(observation: Observation): Promise<Observation> {
    const status = observation.serviceDeployment?.status
    if (status !== 'PENDING' && status !== 'IN_PROGRESS') return observation
    const verdict = judge(ref, observation, judgeOptions)
    if (verdict === undefined || verdict.kind === 'succeeded') return observation
    // A provisional verdict waiting to be confirmed is re-read by the next polls anyway.
    if (verdict.provisional === true && provisional !== undefined) return observation
    const sd = await tracker.read()
    if (sd === undefined) return observation
    lastSd = sd
    return { ...observation, serviceDeployment: sd }
  }

  /** The verdict of this poll, with the rules that need more than one poll. */
  function decideOne(observation: Observation): Verdict | undefined {
    const verdict = judge(ref, observation, judgeOptions)
    const ours = observation.service?.deployments?.find((d) => d.id === ref.deploymentId)
    if (verdict?.provisional === true) {
      provisional = { verdict, polls: (provisional?.polls ?? 0) + 1 }
      return provisional.polls > CONFIRM_POLLS ? verdict : undefined
    }
    if (verdict !== undefined) return verdict
    provisional = undefined
    // Counted on fresh reads of the service only, not on polls that reuse the last one.
    if (serviceRead)
      missing = ours === undefined && observation.service !== undefined ? missing + 1 : 0
    if (missing > MISSING_POLLS) {
      return {
        kind: 'failed',
        reason: `Deployment ${ref.deploymentId} disappeared from service ${ref.service}.`
      }
    }
    const stalled = stallReason({
      ours,
      everRunning,
      failedTasks: observation.failedTasks ?? 0,
      elapsedMs: observation.at - start,
      stallMs: options.stallMs ?? 0
    })
    if (stalled !== undefined) return { kind: 'failed', stalled: true, reason: stalled }
    return undefined
  }

  /** Prints what is new in an observation: events, one state line per change. */
  function report(observation: Observation): void {
    const now = stamp()
    const service = observation.service
    if (service !== undefined) printEvents(service, now)
    if (observation.serviceDeployment) lifecycle.observe(observation.serviceDeployment, now)
    if (service === undefined) return
    timeline.observe(observation)
    // Stages, traffic and hooks get lines of their own, so the state line leaves the stage out.
    const line = describeState(ref, service, observation.serviceDeployment, { stage: false })
    if (line !== lastLine) log.info(`${now} ${line}`)
    lastLine = line
  }

  function printEvents(service: Service, now: string): void {
    const fresh = newEvents(service, seenEvents, ref.startedAt)
    const shown = fresh.slice(-EVENTS_PER_POLL)
    if (fresh.length > shown.length) {
      log.info(`${now} … ${fresh.length - shown.length} more service events not shown`)
    }
    const tasks = new Set(diagnostics.ourTasks.map(taskId))
    for (const event of fresh) eventTexts.push(event.message ?? '')
    eventTexts.splice(0, Math.max(0, eventTexts.length - 100))
    for (const event of shown) {
      const message = event.message ?? ''
      log.info(
        `${now} ${namesOurs(message, ourIds, tasks) ? 'event' : 'service event'}: ${message}`
      )
      diagnostics.warnIfStuck(message)
    }
  }

  /** wait-until-stage needs lifecycleStage, which only the service-deployments API shows. */
  function warnStageUnseen(): void {
    if (options.waitUntilStage === undefined || stageUnseenWarned) return
    stageUnseenWarned = true
    log.warning(
      tracker.available
        ? `wait-until-stage ${options.waitUntilStage} needs the service-deployments API to see lifecycle stages, ` +
            `and ECS has not listed the service deployment of ${ref.deploymentId} yet; the watch keeps looking, and meanwhile waits for the whole deployment to complete.`
        : `wait-until-stage ${options.waitUntilStage} needs the service-deployments API to see lifecycle stages, ` +
            `and it does not answer for deployment ${ref.deploymentId}; waiting for the whole deployment to complete instead.`
    )
  }

  function timedOut(observation: Observation | undefined): Verdict {
    const service = observation?.service
    const ours = service?.deployments?.find((d) => d.id === ref.deploymentId)
    return {
      kind: 'timed-out',
      reason:
        `Deployment ${ref.deploymentId} did not finish within ${duration(options.timeoutMs)}: ` +
        `${progressPhrase(ref, service)}.${healthy(ours, observation)}${waitingHooks(observation?.serviceDeployment)}`
    }
  }

  /** For a timeout of a rollout that was going well: say so, and how long it needs. */
  function healthy(ours: Deployment | undefined, observation: Observation | undefined): string {
    if (ours === undefined || (observation?.failedTasks ?? 0) > 0 || !everRunning) return ''
    const least = options.leastRolloutMs
    const more =
      least !== undefined && least > options.timeoutMs
        ? ` This rollout needs at least ${duration(least)}: set wait-for-minutes to ${Math.ceil(least / 60_000) + 5} or more.`
        : ' It needed more time: raise wait-for-minutes.'
    return ` The deployment was healthy and progressing (no task failed); ECS had not finished.${more}`
  }

  /** The verdict's reason, ended with the likely cause and what to do. */
  function explained(verdict: Verdict): Verdict {
    const sd = last?.serviceDeployment
    const hook = failedHook(sd)
    const other = last?.service?.deployments?.find((d) => d.id === verdict.supersededBy)
    const sentence = causeSentence(
      likelyCauses({
        stoppedTasks: diagnostics.failed,
        events: eventTexts,
        ...(sd?.alarms?.status === 'TRIGGERED' && {
          triggeredAlarms: sd.alarms.triggeredAlarmNames ?? []
        }),
        ...(verdict.supersededBy !== undefined && {
          supersededBy: {
            id: verdict.supersededBy,
            // Who registered it is in the reason already, in full.
            ...(other?.taskDefinition !== undefined && { taskDefinition: other.taskDefinition })
          }
        }),
        ...(hook?.hookId !== undefined && {
          failedHook: {
            hookId: hook.hookId,
            status: hook.status ?? 'FAILED',
            ...(hook.targetArn !== undefined && { targetArn: hook.targetArn })
          }
        }),
        stoppedByOperator: verdict.cause === 'manual'
      })
    )
    return sentence === '' ? verdict : { ...verdict, reason: `${verdict.reason} ${sentence}` }
  }

  /** ECS does not say who started a deployment; the IAM principal that registered its revision does. */
  async function whoSuperseded(superseded: Verdict): Promise<Verdict> {
    const other = last?.service?.deployments?.find((d) => d.id === superseded.supersededBy)
    if (other?.taskDefinition === undefined) return superseded
    try {
      const { taskDefinition } = await ecs.describeTaskDefinition(other.taskDefinition)
      const registeredBy = taskDefinition.registeredBy
      if (registeredBy === undefined) return superseded
      return {
        ...superseded,
        reason: `${superseded.reason} ${familyRevision(other.taskDefinition)} was registered by ${registeredBy}.`
      }
    } catch {
      return superseded
    }
  }
}

/** What of a service deployment, when it changes, is worth a fresh DescribeServices. */
function fingerprint(sd: ServiceDeployment | undefined): string {
  if (sd === undefined) return ''
  return JSON.stringify([
    sd.status,
    sd.lifecycleStage,
    sd.deploymentCircuitBreaker?.status,
    sd.deploymentCircuitBreaker?.failureCount,
    sd.alarms?.status,
    sd.targetServiceRevision?.runningTaskCount,
    sd.targetServiceRevision?.requestedTaskCount,
    (sd.lifecycleHookDetails ?? []).map((h) => h.status)
  ])
}

function withoutFlag(verdict: Verdict): Verdict {
  const rest = { ...verdict }
  delete rest.provisional
  return rest
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
