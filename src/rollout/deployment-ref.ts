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
}

export class NoNewDeploymentError extends Error {
  override readonly name = 'NoNewDeploymentError'
}

/**
 * Pins our deployment by comparing the service before and after UpdateService. Both ids must differ
 * from the values before the call, or the deployment we would watch is not ours.
 */
export function pinDeployment(options: {
  cluster: string
  service: string
  taskDefinitionArn: string
  before: Service
  after: Service
}): DeploymentRef {
  const { before, after } = options
  const previous = primaryOf(before)
  const current = primaryOf(after)
  if (current?.id === undefined || current.id === previous?.id) {
    throw new NoNewDeploymentError(
      `UpdateService did not start a new deployment of ${options.service} (PRIMARY is still ${current?.id ?? 'unknown'}).`
    )
  }
  const sdBefore = before.currentServiceDeployment
  const sdAfter = after.currentServiceDeployment
  return {
    cluster: options.cluster,
    service: options.service,
    taskDefinitionArn: options.taskDefinitionArn,
    deploymentId: current.id,
    ...(sdAfter !== undefined && sdAfter !== sdBefore && { serviceDeploymentArn: sdAfter }),
    ...(previous?.id !== undefined && { previousDeploymentId: previous.id }),
    ...(previous?.taskDefinition !== undefined && {
      previousTaskDefinitionArn: previous.taskDefinition
    })
  }
}
