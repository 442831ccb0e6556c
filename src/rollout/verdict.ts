import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { primaryOf } from '../aws/service-deployments.js'
import { familyRevision } from '../text/names.js'
import type { RollbackCause, Verdict } from '../verdict.js'
import type { DeploymentRef } from './deployment-ref.js'
import { reachedStage, type Stage } from './stage.js'

export type { Verdict } from '../verdict.js'

// The verdict rests on structure only: statuses, ids, task definitions, times, counts and the
// service deployment's monitors and rollback field. Real ECS words its reasons and events as it
// likes (only the circuit breaker's wording is confirmed by sources), so no text is ever matched
// here; texts are only shown, as the detail of a reason.

export interface JudgeOptions {
  /** fail-fast-failed-tasks: fail once this many tasks of our deployment have failed. */
  readonly failFastFailedTasks?: number
  /**
   * wait-until-stage: succeed once our service deployment is at this lifecycle stage or a later
   * one. Needs the service deployment: without it, success waits for the whole rollout.
   */
  readonly waitUntilStage?: Stage
}

/** One poll: what ECS showed at `at`. */
export interface Observation {
  readonly at: number
  /** `undefined` when DescribeServices reports the service MISSING. */
  readonly service: Service | undefined
  /** Present only once the service-deployments API answered for our deployment. */
  readonly serviceDeployment?: ServiceDeployment
  /** Failed tasks of our deployment seen so far (ECS's own counter resets after a healthy task). */
  readonly failedTasks?: number
  /** The task definition of the revision ECS's rollback targets, read from ECS. */
  readonly rollbackTaskDefinitionArn?: string
}

/** How far a deployment's times may lie before our UpdateService (clocks differ). */
export const SKEW_MS = 60_000

/**
 * The verdict for one observation of our deployment, or `undefined` while it is still in progress.
 * Failures are read from both sources and win as soon as either shows one; success needs the
 * authoritative source: the service deployment when that API answers, deployments[] otherwise.
 * A verdict marked `provisional` may still turn into another kind (a rollback ECS is expected to
 * start): the watch confirms it over a few polls before giving it.
 */
export function judge(
  ref: DeploymentRef,
  observation: Observation,
  options: JudgeOptions = {}
): Verdict | undefined {
  const { service, serviceDeployment } = observation
  if (service === undefined) {
    return {
      kind: 'failed',
      reason: `Service ${ref.service} no longer exists in cluster ${ref.cluster}.`
    }
  }
  if (service.status !== undefined && service.status !== 'ACTIVE') {
    return {
      kind: 'failed',
      reason: `Service ${ref.service} is ${service.status}: it is being deleted.`
    }
  }
  const failure =
    (serviceDeployment && fromServiceDeployment(ref, observation, serviceDeployment)) ??
    fromDeployments(ref, observation)
  if (failure) return failure
  const limit = options.failFastFailedTasks
  const failed = observation.failedTasks ?? 0
  if (limit !== undefined && failed >= limit && serviceDeployment?.status !== 'SUCCESSFUL') {
    return {
      kind: 'failed',
      failFast: true,
      reason:
        `${failed} tasks of deployment ${ref.deploymentId} failed, reaching fail-fast-failed-tasks (${limit}) ` +
        'before ECS stopped the deployment.'
    }
  }

  // Blue/green, linear and canary deployments are judged by the service deployment alone
  // (rolloutState is documented for rolling updates only); deployments[] only when the
  // service-deployments API cannot answer.
  const done = serviceDeployment
    ? serviceDeployment.status === 'SUCCESSFUL'
    : rolloutComplete(ref, service)
  const stage = options.waitUntilStage
  if (!done && stage !== undefined && serviceDeployment && reachedStage(serviceDeployment, stage)) {
    return {
      kind: 'succeeded',
      stage,
      reason:
        `Deployment ${ref.deploymentId} reached stage ${serviceDeployment.lifecycleStage ?? stage}; ` +
        'the step passes without waiting for the rest (wait-until-stage).'
    }
  }
  if (!done) return undefined
  return {
    kind: 'succeeded',
    reason: `Deployment ${ref.deploymentId} completed: the service runs ${familyRevision(ref.taskDefinitionArn)}.`
  }
}

/**
 * A newer PRIMARY deployment of our very task definition, created after ours: ECS (or a retry of
 * this run) replaced ours with the same revision. The watch follows it instead of calling ours
 * superseded: the service still goes to our revision. Never after ours FAILED: then the newer
 * deployment is ECS's rollback, which targets our revision too when the previous one was the same
 * (force-new-deployment of an unchanged revision), and following it would call a rollback success.
 */
export function successorOf(
  ref: DeploymentRef,
  service: Service | undefined
): Deployment | undefined {
  const primary = primaryOf(service)
  const ours = service?.deployments?.find((d) => d.id === ref.deploymentId)
  if (primary?.id === undefined || primary.id === ref.deploymentId) return undefined
  if (primary.taskDefinition !== ref.taskDefinitionArn) return undefined
  if (ours?.rolloutState === 'FAILED') return undefined
  const created = primary.createdAt?.getTime()
  const after = Math.max(ours?.createdAt?.getTime() ?? 0, ref.startedAt - SKEW_MS)
  return created !== undefined && created >= after ? primary : undefined
}

function fromServiceDeployment(
  ref: DeploymentRef,
  observation: Observation,
  sd: ServiceDeployment
): Verdict | undefined {
  const service = observation.service ?? {}
  switch (sd.status) {
    case 'ROLLBACK_REQUESTED':
    case 'ROLLBACK_IN_PROGRESS':
    case 'ROLLBACK_SUCCESSFUL':
      return rolledBack({
        ref,
        observation,
        cause: monitorCause(sd) ?? (failedHook(sd) ? 'hook' : 'manual'),
        detail: sdDetail(sd),
        finished: sd.status === 'ROLLBACK_SUCCESSFUL'
      })
    case 'ROLLBACK_FAILED':
      return {
        kind: 'failed',
        ...withCause(monitorCause(sd) ?? (failedHook(sd) ? 'hook' : undefined)),
        reason: `Deployment ${ref.deploymentId} failed and ECS could not roll it back${suffix(sdDetail(sd))}`
      }
    case 'STOPPED':
    case 'STOP_REQUESTED': {
      const replaced = replacement(ref, observation)
      if (replaced !== undefined) return replaced
      const cause = monitorCause(sd)
      if (cause !== undefined) {
        return failedWithoutRollback({ ref, cause, detail: sdDetail(sd), service })
      }
      // ECS also stops a service deployment it replaces with another of the same revision
      // (kayac/ecspresso#899): confirmed over a few polls, in case that one shows up.
      return {
        kind: 'failed',
        cause: 'manual',
        provisional: true,
        reason: `Deployment ${ref.deploymentId} was stopped (StopServiceDeployment) before it finished${suffix(sdDetail(sd))} It was not rolled back.`
      }
    }
    default:
      return undefined
  }
}

function fromDeployments(ref: DeploymentRef, observation: Observation): Verdict | undefined {
  const service = observation.service ?? {}
  const ours = service.deployments?.find((d) => d.id === ref.deploymentId)
  const replaced = replacement(ref, observation)
  if (replaced !== undefined) return replaced
  if (ours?.rolloutState !== 'FAILED') return undefined
  // Ours FAILED and is still PRIMARY: ECS has not rolled back (yet).
  const cause = inferredCause(service, ours, observation)
  const rollbackOn =
    cause === 'circuit-breaker'
      ? service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true
      : cause === 'alarms' && service.deploymentConfiguration?.alarms?.rollback === true
  if (!rollbackOn) {
    return failedWithoutRollback({ ref, cause, detail: ours.rolloutStateReason, service })
  }
  if (ref.previousCompleted === false) {
    return {
      kind: 'failed',
      ...withCause(cause),
      reason:
        `${CAUSE_TEXT[cause]} deployment ${ref.deploymentId}${suffix(ours.rolloutStateReason)} ` +
        'ECS cannot roll back: no earlier deployment of this service completed, so there is nothing to go back to.'
    }
  }
  return {
    kind: 'failed',
    provisional: true,
    ...withCause(cause),
    reason:
      `${CAUSE_TEXT[cause]} deployment ${ref.deploymentId}${suffix(ours.rolloutStateReason)} ` +
      `Its rollback option is on, so ECS is expected to roll back to ${familyRevision(ref.previousTaskDefinitionArn)}, but no rollback was seen yet.`
  }
}

/**
 * Another PRIMARY than ours: the revision it runs tells what happened. The previous revision means
 * ECS (or someone) rolled the service back; any other revision but ours means someone else's
 * deployment replaced ours. A PRIMARY with old times and no sign of ours is a stale read.
 */
function replacement(ref: DeploymentRef, observation: Observation): Verdict | undefined {
  const service = observation.service ?? {}
  const primary = primaryOf(service)
  if (primary?.id === undefined || primary.id === ref.deploymentId) return undefined
  if (primary.taskDefinition === ref.taskDefinitionArn) return undefined // followed by the watch
  const ours = service.deployments?.find((d) => d.id === ref.deploymentId)
  const back =
    primary.id === ref.previousDeploymentId ||
    primary.taskDefinition === ref.previousTaskDefinitionArn
  if (back) {
    const touched = Math.max(primary.updatedAt?.getTime() ?? 0, primary.createdAt?.getTime() ?? 0)
    // Ours not listed and the old deployment untouched since before our update: not news yet.
    if (ours === undefined && touched !== 0 && touched < ref.startedAt - SKEW_MS) return undefined
    const cause = inferredCause(service, ours, observation)
    return rolledBack({
      ref,
      observation,
      cause,
      detail: ours?.rolloutStateReason,
      finished: primary.rolloutState === 'COMPLETED' && (service.deployments?.length ?? 0) === 1
    })
  }
  return superseded(ref, primary)
}

/** Without the service-deployments API: ours is the only deployment, COMPLETED, at full strength. */
function rolloutComplete(ref: DeploymentRef, service: Service): boolean {
  const deployments = service.deployments ?? []
  const [only] = deployments
  return (
    deployments.length === 1 &&
    only?.id === ref.deploymentId &&
    only.status === 'PRIMARY' &&
    only.taskDefinition === ref.taskDefinitionArn &&
    (only.rolloutState === undefined || only.rolloutState === 'COMPLETED') &&
    only.runningCount === only.desiredCount &&
    service.runningCount === service.desiredCount
  )
}

/** What the service deployment's monitors say stopped ours: the breaker or the alarms. */
function monitorCause(sd: ServiceDeployment): RollbackCause | undefined {
  if (sd.deploymentCircuitBreaker?.status === 'TRIGGERED') return 'circuit-breaker'
  if (sd.alarms?.status === 'TRIGGERED') return 'alarms'
  return undefined
}

type HookDetail = NonNullable<ServiceDeployment['lifecycleHookDetails']>[number]

/** A lifecycle hook that failed or timed out: it makes ECS roll back (timeoutAction ROLLBACK). */
export function failedHook(sd: ServiceDeployment | undefined): HookDetail | undefined {
  return sd?.lifecycleHookDetails?.find((h) => h.status === 'FAILED' || h.status === 'TIMED_OUT')
}

/**
 * The cause of a rollback or stop seen in deployments[]: what the service deployment shows when it
 * answers (its monitors, a failed hook), else from counts and settings alone: failed tasks mean the
 * circuit breaker (it counts them); healthy tasks and alarms switched on mean the alarms.
 */
function inferredCause(
  service: Service,
  ours: Deployment | undefined,
  observation: Observation
): RollbackCause {
  const sd = observation.serviceDeployment
  const shown = sd && (monitorCause(sd) ?? (failedHook(sd) ? 'hook' : undefined))
  if (shown !== undefined) return shown
  if ((ours?.failedTasks ?? 0) > 0 || (observation.failedTasks ?? 0) > 0) return 'circuit-breaker'
  if (service.deploymentConfiguration?.alarms?.enable === true) return 'alarms'
  if (service.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true) {
    return 'circuit-breaker'
  }
  return 'unknown'
}

/** The counts, alarm or hook behind a service deployment's failure, or ECS's own text. */
function sdDetail(sd: ServiceDeployment): string | undefined {
  const breaker = sd.deploymentCircuitBreaker
  if (breaker?.status === 'TRIGGERED' && breaker.failureCount !== undefined) {
    return `${breaker.failureCount} tasks failed (threshold ${breaker.threshold ?? '?'})`
  }
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  if (sd.alarms?.status === 'TRIGGERED' && alarms.length > 0) {
    return `alarm ${alarms.join(', ')} went into ALARM`
  }
  const hook = failedHook(sd)
  if (hook !== undefined) {
    return `lifecycle hook ${hook.hookId ?? 'unknown'}${hook.targetArn ? ` (${hook.targetArn})` : ''} ${hook.status === 'TIMED_OUT' ? 'timed out' : 'failed'}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`
  }
  return sd.rollback?.reason ?? sd.statusReason
}

const CAUSE_TEXT: Record<RollbackCause, string> = {
  'circuit-breaker': 'The deployment circuit breaker stopped',
  alarms: 'CloudWatch alarms stopped',
  hook: 'A lifecycle hook stopped',
  manual: 'A rollback was requested for',
  unknown: 'ECS stopped'
}

function rolledBack(options: {
  ref: DeploymentRef
  observation: Observation
  cause: RollbackCause
  detail: string | undefined
  finished: boolean
}): Verdict {
  const { ref, observation, cause, finished } = options
  const target = rollbackTarget(ref, observation)
  const to = target === undefined ? 'its previous revision' : familyRevision(target)
  return {
    kind: 'rolled-back',
    cause,
    reason:
      `${CAUSE_TEXT[cause]} deployment ${ref.deploymentId}${suffix(withoutBreakerPrefix(options.detail))} ` +
      `ECS ${finished ? 'rolled' : 'is rolling'} the service back to ${to}.`,
    ...(target !== undefined && { rollbackTaskDefinitionArn: target })
  }
}

/**
 * The revision ECS's rollback targets, as read from ECS: the service deployment's rollback
 * revision, or the PRIMARY that is not ours. Only then the revision before ours, and only when ECS
 * could roll back to it (it had completed).
 */
function rollbackTarget(ref: DeploymentRef, observation: Observation): string | undefined {
  if (observation.rollbackTaskDefinitionArn !== undefined) {
    return observation.rollbackTaskDefinitionArn
  }
  const primary = primaryOf(observation.service)
  if (primary?.id !== ref.deploymentId && primary?.taskDefinition !== undefined) {
    return primary.taskDefinition
  }
  return ref.previousCompleted === false ? undefined : ref.previousTaskDefinitionArn
}

function failedWithoutRollback(options: {
  ref: DeploymentRef
  cause: RollbackCause
  detail: string | undefined
  service: Service
}): Verdict {
  const { ref, cause, detail, service } = options
  const monitor = cause === 'circuit-breaker' || cause === 'alarms'
  const configured =
    cause === 'circuit-breaker'
      ? service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback
      : service.deploymentConfiguration?.alarms?.rollback
  const why =
    monitor && configured !== true
      ? 'ECS did not roll back: the rollback option is off for this service.'
      : monitor && ref.previousCompleted === false
        ? 'ECS cannot roll back: no earlier deployment of this service completed, so there is nothing to go back to.'
        : 'It was not rolled back.'
  return {
    kind: 'failed',
    leftInPlace: true,
    ...withCause(cause),
    reason: `${CAUSE_TEXT[cause]} deployment ${ref.deploymentId}${suffix(withoutBreakerPrefix(detail))} ${why}`
  }
}

function superseded(ref: DeploymentRef, other: Deployment): Verdict {
  return {
    kind: 'superseded',
    reason:
      `Deployment ${ref.deploymentId} was replaced by deployment ${other.id ?? 'unknown'} ` +
      `(${familyRevision(other.taskDefinition)}), which someone else started.`,
    ...(other.id !== undefined && { supersededBy: other.id })
  }
}

function withCause(cause: RollbackCause | undefined): { cause?: RollbackCause } {
  return cause === undefined || cause === 'unknown' ? {} : { cause }
}

/** The breaker's own prefix would repeat what CAUSE_TEXT already says; shown text, never matched. */
function withoutBreakerPrefix(detail: string | undefined): string | undefined {
  return detail?.replace(/^ECS deployment circuit breaker:\s*/i, '')
}

/** ": detail." — or "." when there is no detail. Keeps reasons one readable sentence. */
function suffix(detail: string | undefined): string {
  const text = detail?.trim().replace(/\.$/, '')
  return text ? `: ${text}.` : '.'
}
