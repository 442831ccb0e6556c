import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from './deployment-ref.js'
import { familyRevision } from '../text/names.js'

/**
 * One line describing the rollout, e.g.
 * `ecs-svc/123 (new, web:2) 2/4 running, 1 pending, 1 failed · circuit breaker 1/3 · old web:1 4/4 draining`.
 * The watch loop prints it only when it changes, so the log grows by a line per change and never redraws.
 */
export function describeState(
  ref: DeploymentRef,
  service: Service,
  sd?: ServiceDeployment,
  options: { stage?: boolean } = {}
): string {
  const deployments = service.deployments ?? []
  const ours = deployments.find((d) => d.id === ref.deploymentId)
  const parts = [ours ? describeOurs(ref, ours) : `${ref.deploymentId} (new) gone`]
  if (sd?.status !== undefined && sd.status !== 'IN_PROGRESS')
    parts.push(`service deployment ${sd.status}`)
  // Strategies with bake time or hooks spend most of a rollout in stages worth seeing.
  if (sd?.lifecycleStage !== undefined && options.stage !== false)
    parts.push(`stage ${sd.lifecycleStage}`)
  const breaker = sd?.deploymentCircuitBreaker
  if (
    breaker?.failureCount !== undefined &&
    breaker.threshold !== undefined &&
    breaker.status !== 'DISABLED'
  ) {
    parts.push(`circuit breaker ${breaker.failureCount}/${breaker.threshold}`)
  }
  if (sd?.alarms?.status === 'TRIGGERED') {
    parts.push(`alarm ${(sd.alarms.triggeredAlarmNames ?? []).join(', ')} in ALARM`)
  }
  // Blue/green, linear and canary keep the old revision running until CLEAN_UP: not draining.
  const strategy = service.deploymentConfiguration?.strategy
  const keepsOld = strategy !== undefined && strategy !== 'ROLLING'
  for (const other of deployments) {
    if (other !== ours) parts.push(describeOther(ref, other, keepsOld))
  }
  return parts.join(' · ')
}

function describeOurs(ref: DeploymentRef, d: Deployment): string {
  const state = d.rolloutState && d.rolloutState !== 'IN_PROGRESS' ? `, ${d.rolloutState}` : ''
  return `${ref.deploymentId} (new, ${familyRevision(d.taskDefinition)}) ${counts(d)}${state}`
}

function describeOther(ref: DeploymentRef, d: Deployment, keepsOld: boolean): string {
  const rollback = /rolling back/i.test(d.rolloutStateReason ?? '')
  const role = rollback
    ? 'rollback'
    : d.id === ref.previousDeploymentId
      ? 'old'
      : `other ${d.id ?? '?'}`
  // A row that is not PRIMARY is on its way out.
  const state =
    d.status === 'PRIMARY'
      ? d.rolloutState === 'COMPLETED'
        ? ', COMPLETED'
        : ''
      : keepsOld && (d.desiredCount ?? 0) > 0
        ? ' running'
        : ' draining'
  const running =
    d.status === 'PRIMARY' ? counts(d) : `${d.runningCount ?? 0}/${d.desiredCount ?? 0}`
  return `${role} ${familyRevision(d.taskDefinition)} ${running}${state}`
}

function counts(d: Deployment): string {
  const pending = d.pendingCount ? `, ${d.pendingCount} pending` : ''
  const failed = d.failedTasks ? `, ${d.failedTasks} failed` : ''
  return `${d.runningCount ?? 0}/${d.desiredCount ?? 0} running${pending}${failed}`
}

/** For a timeout: "2/4 new tasks running, 1 failed, old tasks draining". */
export function progressPhrase(ref: DeploymentRef, service: Service | undefined): string {
  // No answer read yet (calls that never finished): nothing is known of the deployment.
  if (service === undefined) return 'ECS had not answered with the state of the service yet'
  const deployments = service.deployments ?? []
  const ours = deployments.find((d) => d.id === ref.deploymentId)
  if (ours === undefined) return `deployment ${ref.deploymentId} no longer listed`
  const parts = [`${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} new tasks running`]
  if (ours.pendingCount) parts.push(`${ours.pendingCount} pending`)
  if (ours.failedTasks) parts.push(`${ours.failedTasks} failed`)
  if (deployments.some((d) => d !== ours && (d.runningCount ?? 0) > 0))
    parts.push('old tasks draining')
  return parts.join(', ')
}
