import type { Service } from '@aws-sdk/client-ecs'
import { primaryOf } from '../aws/service-deployments.js'

/** What this run created: the only deployment whose outcome decides the verdict. */
export interface DeploymentRef {
  readonly cluster: string
  readonly service: string
  /** The task definition this run registered. */
  readonly taskDefinitionArn: string
  /** The PRIMARY `ecs-svc/…` id in the UpdateService response. */
  readonly deploymentId: string
  /** The `currentServiceDeployment` ARN, when UpdateService changed it. */
  readonly serviceDeploymentArn?: string
  readonly previousDeploymentId?: string
  readonly previousTaskDefinitionArn?: string
  /**
   * Whether the deployment before ours had completed. ECS rolls back only to a COMPLETED
   * deployment; false: it cannot. Absent: not known.
   */
  readonly previousCompleted?: boolean
  /** When this run called UpdateService (epoch ms): ours is created at or after it. */
  readonly startedAt: number
}

export class NoNewDeploymentError extends Error {
  override readonly name = 'NoNewDeploymentError'
}

/**
 * Pins our deployment by comparing the service before and after UpdateService: the PRIMARY id must
 * differ from the one before, or the deployment we would watch is not ours. The service deployment
 * is not taken from the answer merely because it differs from the one before: the watch looks it up
 * and accepts it only when it targets our revision (ServiceDeploymentTracker).
 */
export function pinDeployment(options: {
  cluster: string
  service: string
  taskDefinitionArn: string
  before: Service
  after: Service
  /** When UpdateService was called (epoch ms), in case ECS gives our deployment no createdAt. */
  calledAt: number
}): DeploymentRef {
  const { before, after } = options
  const previous = primaryOf(before)
  const current = primaryOf(after)
  if (current?.id === undefined || current.id === previous?.id) {
    throw new NoNewDeploymentError(
      `UpdateService did not start a new deployment of ${options.service} (PRIMARY is still ${current?.id ?? 'unknown'}).`
    )
  }
  // ECS rolls back to the newest COMPLETED deployment; rolloutState shows only for rolling updates.
  const states = (before.deployments ?? []).flatMap((d) =>
    d.rolloutState === undefined ? [] : [d.rolloutState]
  )
  return {
    cluster: options.cluster,
    service: options.service,
    taskDefinitionArn: options.taskDefinitionArn,
    deploymentId: current.id,
    // ECS's own clock, so that ECS's other times compare with it whatever the runner's clock says.
    startedAt: current.createdAt?.getTime() ?? options.calledAt,
    ...(states.length > 0 && { previousCompleted: states.includes('COMPLETED') }),
    ...(previous?.id !== undefined && { previousDeploymentId: previous.id }),
    ...(previous?.taskDefinition !== undefined && {
      previousTaskDefinitionArn: previous.taskDefinition
    })
  }
}
