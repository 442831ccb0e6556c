import type { Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError } from '../aws/errors.js'
import type { DeploymentRef } from './deployment-ref.js'

/** How far before our deployment's createdAt a listed service deployment may start (clock skew). */
const SKEW_MS = 60_000

/**
 * The service deployment this run created. UpdateService names it in `currentServiceDeployment`;
 * where it does not, list the service deployments created since ours and take the one whose target
 * revision runs the task definition we registered — never simply the newest.
 */
export async function findServiceDeployment(options: {
  ecs: Pick<EcsPort, 'listServiceDeployments' | 'serviceRevisionTaskDefinition'>
  ref: DeploymentRef
  updated: Service
  log: (line: string) => void
}): Promise<string | undefined> {
  const { ecs, ref, updated, log } = options
  if (ref.serviceDeploymentArn !== undefined) return ref.serviceDeploymentArn
  const ours = updated.deployments?.find((d) => d.id === ref.deploymentId)
  const createdAfter = new Date((ours?.createdAt?.getTime() ?? Date.now()) - SKEW_MS)
  try {
    const candidates = await ecs.listServiceDeployments({
      cluster: ref.cluster,
      service: ref.service,
      createdAfter
    })
    const newestFirst = [...candidates].sort(
      (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0)
    )
    for (const candidate of newestFirst) {
      if (candidate.targetServiceRevisionArn === undefined) continue
      const taskDefinition = await ecs.serviceRevisionTaskDefinition(
        candidate.targetServiceRevisionArn
      )
      if (taskDefinition === ref.taskDefinitionArn) return candidate.serviceDeploymentArn
    }
    log(
      `No service deployment targets ${ref.taskDefinitionArn}; watching the service's deployments list instead.`
    )
  } catch (error) {
    log(
      `Could not look up the service deployment (${describeAwsError('ListServiceDeployments', error)}); ` +
        "watching the service's deployments list instead."
    )
  }
  return undefined
}
