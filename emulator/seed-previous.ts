// The seeded service's last deployment when a scenario says it did not complete
// (`previousDeployment`): the circuit breaker failed it without a rollback (its tasks never
// started, as on a first deployment with a bad image), or it is still rolling out. Either way the
// service has no COMPLETED deployment, so a circuit-breaker or alarm rollback of ours has nothing
// to return to: "When the deployment circuit breaker determines that a deployment failed, it
// looks for the most recent deployment that is in a COMPLETED state" (developer guide,
// deployment-circuit-breaker: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).

import { eventText, rolloutReason } from './messages.js'
import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord, World } from './state.js'

export type PreviousDeployment = 'completed' | 'failed' | 'in-progress'

/** Tasks the seeded deployment runs: none when it failed (its tasks never started). */
export const seededTaskCount = (previous: PreviousDeployment, desiredCount: number): number =>
  previous === 'failed' ? 0 : desiredCount

export interface Seeded {
  service: ServiceRecord
  deployment: DeploymentRecord
  serviceDeployment: ServiceDeploymentRecord
  /** Virtual seconds the seeded deployment was created. */
  deployedAt: number
}

/** Turns the seeded COMPLETED deployment into a failed or an ongoing one, with its history. */
export function reshapeSeed(world: World, seeded: Seeded, previous: PreviousDeployment): void {
  if (previous === 'completed') return
  const { service, deployment, serviceDeployment, deployedAt } = seeded
  const event = (createdAt: number, message: string) => ({
    id: world.ids.uuid(),
    createdAt,
    message
  })
  if (previous === 'failed') {
    // As circuit-breaker-no-rollback leaves a deployment: FAILED, still PRIMARY, its service
    // deployment STOPPED with the breaker TRIGGERED (the model's ServiceDeployment.stoppedAt:
    // "The rollback option is not in use for the failure detection mechanism ... and the service
    // fails").
    const failedAt = deployedAt + 600
    deployment.rolloutState = 'FAILED'
    deployment.rolloutStateReason = rolloutReason.breakerFailed
    deployment.failedTasks = deployment.threshold
    deployment.hadHealthyTask = false
    deployment.updatedAt = failedAt
    serviceDeployment.status = 'STOPPED'
    serviceDeployment.statusReason = rolloutReason.breakerFailed
    serviceDeployment.stoppedAt = failedAt
    serviceDeployment.finishedAt = failedAt
    serviceDeployment.updatedAt = failedAt
    serviceDeployment.circuitBreaker = {
      ...serviceDeployment.circuitBreaker,
      status: 'TRIGGERED',
      failureCount: deployment.threshold
    }
    for (const counts of serviceDeployment.frozenCounts?.values() ?? []) {
      counts.runningTaskCount = 0
    }
    service.events = [
      event(failedAt, eventText.deploymentFailed(service.name, deployment.id)),
      event(deployedAt + 300, eventText.unableToStart(service.name))
    ]
    return
  }
  // Still rolling out: its tasks run, ECS has not declared it COMPLETED yet.
  deployment.rolloutState = 'IN_PROGRESS'
  deployment.rolloutStateReason = rolloutReason.inProgress(deployment.id)
  deployment.updatedAt = deployedAt + 1
  serviceDeployment.status = 'IN_PROGRESS'
  serviceDeployment.finishedAt = undefined
  serviceDeployment.updatedAt = deployedAt + 1
  serviceDeployment.circuitBreaker.status = deployment.circuitBreaker.enable
    ? 'MONITORING'
    : 'DISABLED'
  serviceDeployment.frozenCounts = undefined
  service.events = service.events.filter(
    (past) => !/deployment completed|steady state/.test(past.message)
  )
}
