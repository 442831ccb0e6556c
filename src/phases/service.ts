import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { awsCall as call, describeAwsError, errorName } from '../aws/errors.js'
import type { Outcome } from '../report/outcome.js'
import { familyRevision } from '../rollout/names.js'
import type { Settings } from '../settings.js'
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

/** Nothing to roll out: register nothing, start no deployment, and say so. */
export async function keep(
  ecs: EcsPort,
  settings: Settings,
  before: Service,
  outcome: Outcome
): Promise<void> {
  const current = before.taskDefinition ?? ''
  outcome.taskDefinitionArn = current
  let reason = `Nothing to roll out: service ${settings.service ?? ''} already runs ${familyRevision(current)}, which matches the task definition.`
  if (settings.desiredCount !== undefined && settings.desiredCount !== before.desiredCount) {
    // A desired count alone changes the count, not the revision: ECS starts no deployment for it.
    await call('UpdateService', () =>
      ecs.updateService({
        cluster: settings.cluster,
        service: settings.service ?? '',
        desiredCount: settings.desiredCount
      })
    )
    reason += ` Desired count set to ${settings.desiredCount}.`
  }
  core.info(`${reason} Use force-new-deployment: true to restart its tasks anyway.`)
  outcome.verdict = { kind: 'unchanged', reason }
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
  if (controller !== 'ECS') {
    throw new Error(
      `Service ${name} uses the ${controller} deployment controller, which ECS Rollout does not support yet. ` +
        'Only services with the ECS (rolling update) controller can be deployed.'
    )
  }
  core.info(
    `Service ${name} in cluster ${cluster} is ACTIVE and runs ${familyRevision(service.taskDefinition)}.`
  )
  if (service.deploymentConfiguration?.deploymentCircuitBreaker?.enable !== true) {
    core.warning(
      `Service ${name} has the deployment circuit breaker off: ECS will keep replacing failing tasks and never roll back. ` +
        'Our own failure detection is then the only guard: set fail-fast-failed-tasks (and rollback-on-failure).'
    )
  }
  return service
}
