import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { primaryOf } from '../aws/service-deployments.js'
import type { DeploymentRef } from './deployment-ref.js'
import { familyRevision } from '../text/names.js'
import { reachedStage, type Stage } from './stage.js'
import type { RollbackCause, Verdict } from '../verdict.js'

export type { Verdict } from '../verdict.js'

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
  /** Present only while the service-deployments API answers for our deployment. */
  readonly serviceDeployment?: ServiceDeployment
  /** Failed tasks of our deployment seen so far (ECS's own counter resets after a healthy task). */
  readonly failedTasks?: number
}

const ECS_ROLLBACK = /rolling back to deploymentId/i

/**
 * The verdict for one observation of our deployment, or `undefined` while it is still in progress.
 * Failures are read from both sources and win as soon as either shows one; success needs the
 * authoritative source: the service deployment when that API answers, deployments[] otherwise.
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
    (serviceDeployment && failureFromServiceDeployment(ref, service, serviceDeployment)) ??
    failureFromDeployments(ref, service)
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

function failureFromServiceDeployment(
  ref: DeploymentRef,
  service: Service,
  sd: ServiceDeployment
): Verdict | undefined {
  switch (sd.status) {
    case 'ROLLBACK_REQUESTED':
    case 'ROLLBACK_IN_PROGRESS':
    case 'ROLLBACK_SUCCESSFUL': {
      const cause = rollbackCause(sd)
      return rolledBack(
        ref,
        service,
        cause,
        causeDetail(cause, sd),
        sd.status === 'ROLLBACK_SUCCESSFUL'
      )
    }
    case 'ROLLBACK_FAILED':
      return {
        kind: 'failed',
        reason: `Deployment ${ref.deploymentId} failed and ECS could not roll it back${suffix(sd.statusReason)}`
      }
    case 'STOPPED':
    case 'STOP_REQUESTED': {
      const other = primaryOf(service)
      if (other?.id !== undefined && other.id !== ref.deploymentId && !isEcsRollback(other)) {
        return superseded(ref, other)
      }
      const cause = rollbackCause(sd)
      return failedWithoutRollback(ref, cause, causeDetail(cause, sd))
    }
    default:
      return undefined
  }
}

function failureFromDeployments(ref: DeploymentRef, service: Service): Verdict | undefined {
  const deployments = service.deployments ?? []
  const ours = deployments.find((d) => d.id === ref.deploymentId)
  const primary = primaryOf(service)

  if (ours?.rolloutState === 'FAILED') {
    const why = ours.rolloutStateReason
    const cause = causeFromText(why)
    const rollingBack =
      (primary !== undefined && primary.id !== ours.id && isEcsRollback(primary)) ||
      rollbackConfigured(service, cause)
    return rollingBack
      ? rolledBack(ref, service, cause, why)
      : failedWithoutRollback(ref, cause, why)
  }
  // ECS's own event outlives the FAILED row: it still tells a rollback apart once the row is gone.
  const failedEvent = service.events?.find((e) =>
    e.message?.includes(`(deployment ${ref.deploymentId}) deployment failed`)
  )?.message
  if (failedEvent !== undefined) {
    const why = failedEvent.replace(/^.*deployment failed:\s*/, '')
    return primary?.id === ref.deploymentId
      ? failedWithoutRollback(ref, causeFromEvent(why), why)
      : rolledBack(ref, service, causeFromEvent(why), why)
  }
  if (primary?.id !== undefined && primary.id !== ref.deploymentId) {
    return isEcsRollback(primary)
      ? rolledBack(
          ref,
          service,
          causeFromText(ours?.rolloutStateReason, primary.rolloutStateReason),
          primary.rolloutStateReason
        )
      : superseded(ref, primary)
  }
  if (ours === undefined) {
    return {
      kind: 'failed',
      reason: `Deployment ${ref.deploymentId} disappeared from service ${ref.service}.`
    }
  }
  return undefined
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

function isEcsRollback(deployment: Deployment): boolean {
  return ECS_ROLLBACK.test(deployment.rolloutStateReason ?? '')
}

function rollbackConfigured(service: Service, cause: RollbackCause): boolean {
  const config = service.deploymentConfiguration
  if (cause === 'circuit-breaker') return config?.deploymentCircuitBreaker?.rollback === true
  if (cause === 'alarms') return config?.alarms?.rollback === true
  return false
}

function rollbackCause(sd: ServiceDeployment): RollbackCause {
  if (sd.deploymentCircuitBreaker?.status === 'TRIGGERED') return 'circuit-breaker'
  if (sd.alarms?.status === 'TRIGGERED') return 'alarms'
  const fromText = causeFromText(sd.statusReason, sd.rollback?.reason)
  return fromText === 'unknown' ? 'manual' : fromText
}

/** Event texts: "tasks failed to start" comes from the circuit breaker, "alarm detected" from alarms. */
function causeFromEvent(why: string): RollbackCause {
  const cause = causeFromText(why)
  return cause === 'unknown' && /failed to start|health checks/i.test(why)
    ? 'circuit-breaker'
    : cause
}

function causeFromText(...texts: (string | undefined)[]): RollbackCause {
  const text = texts.join(' ').toLowerCase()
  if (text.includes('circuit breaker')) return 'circuit-breaker'
  if (text.includes('alarm')) return 'alarms'
  return 'unknown'
}

function causeDetail(cause: RollbackCause, sd: ServiceDeployment): string | undefined {
  const breaker = sd.deploymentCircuitBreaker
  if (cause === 'circuit-breaker' && breaker?.failureCount !== undefined) {
    return `${breaker.failureCount} tasks failed (threshold ${breaker.threshold ?? '?'})`
  }
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  if (cause === 'alarms' && alarms.length > 0) return `alarm ${alarms.join(', ')} went into ALARM`
  return sd.rollback?.reason ?? sd.statusReason
}

const CAUSE_TEXT: Record<RollbackCause, string> = {
  'circuit-breaker': 'The deployment circuit breaker stopped',
  alarms: 'CloudWatch alarms stopped',
  manual: 'A rollback was requested for',
  unknown: 'ECS rolled back'
}

function rolledBack(
  ref: DeploymentRef,
  service: Service,
  cause: RollbackCause,
  detail: string | undefined,
  finished = false
): Verdict {
  const target = rollbackTarget(ref, service)
  const why = withoutBreakerPrefix(detail)
  return {
    kind: 'rolled-back',
    cause,
    reason:
      `${CAUSE_TEXT[cause]} deployment ${ref.deploymentId}${suffix(why)} ` +
      `ECS ${finished ? 'rolled' : 'is rolling'} the service back to ${familyRevision(target)}.`,
    ...(target !== undefined && { rollbackTaskDefinitionArn: target })
  }
}

function rollbackTarget(ref: DeploymentRef, service: Service): string | undefined {
  const primary = primaryOf(service)
  if (primary?.id !== ref.deploymentId && primary?.taskDefinition !== undefined)
    return primary.taskDefinition
  return ref.previousTaskDefinitionArn
}

function failedWithoutRollback(
  ref: DeploymentRef,
  cause: RollbackCause,
  detail: string | undefined
): Verdict {
  const monitor = cause === 'circuit-breaker' || cause === 'alarms'
  const who = monitor ? `${CAUSE_TEXT[cause]} deployment` : 'ECS stopped deployment'
  return {
    kind: 'failed',
    ...(monitor && { cause }),
    reason:
      `${who} ${ref.deploymentId}${suffix(withoutBreakerPrefix(detail))} ` +
      (monitor
        ? 'ECS did not roll back: the rollback option is off for this service.'
        : 'It was not rolled back.')
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

/** The breaker's own prefix would repeat what CAUSE_TEXT already says. */
function withoutBreakerPrefix(detail: string | undefined): string | undefined {
  return detail?.replace(/^ECS deployment circuit breaker:\s*/i, '')
}

/** ": detail." — or "." when there is no detail. Keeps reasons one readable sentence. */
function suffix(detail: string | undefined): string {
  const text = detail?.trim().replace(/\.$/, '')
  return text ? `: ${text}.` : '.'
}
