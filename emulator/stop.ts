// What StopServiceDeployment does to a running rollout (developer guide, "Stopping Amazon ECS
// service deployments"): from PENDING or IN_PROGRESS a ROLLBACK moves the service deployment to
// ROLLBACK_REQUESTED and rolls back to the previous revision; STOP_REQUESTED, ROLLBACK_REQUESTED
// and ROLLBACK_IN_PROGRESS just continue. ABORT is in the model, but the API reference says "The
// valid values are ROLLBACK"; it is modelled as STOP_REQUESTED → STOPPED with nothing rolled back.
// Which texts ECS writes, and what rolloutState the stopped deployment shows, is not documented:
// the stopped deployment is marked FAILED here, as a deployment that "doesn't launch any new tasks".

import { AwsError } from './errors.js'
import { setServiceDeploymentStatus, terminalStatuses } from './history.js'
import { rolloutReason } from './messages.js'
import { markFailed, reconcile, rollBack, rollbackTarget } from './rollout.js'
import type { ServiceDeploymentRecord, World } from './state.js'

export type StopType = 'ROLLBACK' | 'ABORT'

const conflict = (message: string): AwsError => new AwsError('ConflictException', message)

export function stopServiceDeployment(
  world: World,
  serviceDeployment: ServiceDeploymentRecord,
  stopType: StopType
): void {
  const { status } = serviceDeployment
  if (terminalStatuses.has(status)) {
    // Not confirmed: the message ECS returns (ConflictException is the modelled error).
    throw conflict(
      `The service deployment ${serviceDeployment.arn} is ${status} and can't be stopped.`
    )
  }
  // "continues to stop" / "continues the rollback operation"
  if (status !== 'PENDING' && status !== 'IN_PROGRESS') return

  const service = world.clusters
    .get(serviceDeployment.cluster)
    ?.services.get(serviceDeployment.serviceName)
  const deployment = service?.deployments.find(
    (candidate) => candidate.id === serviceDeployment.deploymentId
  )
  if (service === undefined || deployment === undefined) {
    throw conflict(`The service deployment ${serviceDeployment.arn} can't be stopped.`)
  }

  if (stopType === 'ABORT') {
    if (deployment.rolloutState === 'IN_PROGRESS')
      markFailed(world, deployment, rolloutReason.userStop)
    setServiceDeploymentStatus(world, serviceDeployment, 'STOP_REQUESTED', {
      statusReason: rolloutReason.userStop
    })
    world.scheduler.after(deployment.timing.stopDelay, `stop ${serviceDeployment.arn}`, () => {
      if (serviceDeployment.status !== 'STOP_REQUESTED') return
      setServiceDeploymentStatus(world, serviceDeployment, 'STOPPED', { stoppedAt: world.now })
    })
    reconcile(world, service)
    return
  }

  const target = rollbackTarget(service, deployment)
  if (target === undefined) {
    throw conflict(
      `The service deployment ${serviceDeployment.arn} has no previous service revision to roll back to.`
    )
  }
  markFailed(world, deployment, rolloutReason.userRollback)
  rollBack(world, service, {
    failed: deployment,
    target,
    serviceDeployment,
    why: { cause: 'user' }
  })
}
