import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { awsCall as call, describeAwsError, errorName } from '../aws/errors.js'
import { familyRevision } from '../text/names.js'
import { normalizeTaskDefinition, sameTaskDefinition } from '../task-definition/index.js'

/**
 * An ECS port whose DescribeTaskDefinition answers each reference once per run: loading the source,
 * comparing and diffing ask for the same revisions. A failed call is not kept, so it can be retried.
 */
export function withRevisionCache(ecs: EcsPort): EcsPort {
  const answers = new Map<string, ReturnType<EcsPort['describeTaskDefinition']>>()
  return {
    ...ecs,
    describeTaskDefinition: (reference) => {
      const cached = answers.get(reference)
      if (cached !== undefined) return cached
      const answer = ecs.describeTaskDefinition(reference)
      answers.set(reference, answer)
      answer.catch(() => answers.delete(reference))
      return answer
    }
  }
}

/** A registered revision, normalized as a RegisterTaskDefinition request. */
export interface Revision {
  readonly arn: string
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
}

/**
 * Describes a revision (an ARN, or a family for its latest ACTIVE revision). Used to compare and to
 * diff; not knowing only costs one identical revision or a diff, so errors are warnings.
 */
export async function describeRevision(
  ecs: EcsPort,
  reference: string
): Promise<Revision | undefined> {
  try {
    const described = await ecs.describeTaskDefinition(reference)
    const { taskDefinition } = normalizeTaskDefinition({
      taskDefinition: described.taskDefinition,
      tags: described.tags
    })
    return { arn: described.taskDefinition.taskDefinitionArn ?? reference, taskDefinition }
  } catch (error) {
    if (errorName(error) !== 'ClientException') {
      core.warning(
        `Could not read ${familyRevision(reference)} to compare with it: ${describeAwsError('DescribeTaskDefinition', error)}`
      )
    }
    return undefined
  }
}

/** The first of the candidates with the same content as the rendered task definition. */
export function identicalRevision(
  rendered: RegisterTaskDefinitionCommandInput,
  candidates: readonly (Revision | undefined)[]
): Revision | undefined {
  return candidates.find(
    (candidate) => candidate !== undefined && sameTaskDefinition(rendered, candidate.taskDefinition)
  )
}

export async function checkService(ecs: EcsPort, cluster: string, name: string): Promise<Service> {
  const service = await call('DescribeServices', () =>
    ecs.describeService({ cluster, service: name })
  )
  if (service === undefined) {
    throw new Error(
      `Service ${name} was not found in cluster ${cluster}. Check the "service" and "cluster" inputs and the AWS region.`
    )
  }
  if (service.status !== 'ACTIVE') {
    throw new Error(
      `Service ${name} is ${service.status ?? 'not ACTIVE'}: only an ACTIVE service can be deployed to.`
    )
  }
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller === 'EXTERNAL') {
    throw new Error(
      `Service ${name} uses the EXTERNAL deployment controller: its task sets are managed by another tool ` +
        '(CreateTaskSet / UpdateServicePrimaryTaskSet), so neither UpdateService nor ECS Rollout can deploy a task definition to it. ' +
        'Deploy it with the tool that owns its task sets, or recreate the service with the ECS or CODE_DEPLOY controller.'
    )
  }
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING'
  core.info(
    `Service ${name} in cluster ${cluster} is ACTIVE and runs ${familyRevision(service.taskDefinition)} ` +
      `(${controller === 'CODE_DEPLOY' ? 'CodeDeploy blue/green' : `${strategy} deployments`}).`
  )
  if (
    controller === 'ECS' &&
    service.deploymentConfiguration?.deploymentCircuitBreaker?.enable !== true
  ) {
    core.warning(
      `Service ${name} has the deployment circuit breaker off: ECS will keep replacing failing tasks and never roll back. ` +
        'Our own failure detection is then the only guard: set fail-fast-failed-tasks (and rollback-on-failure).'
    )
  }
  return service
}
