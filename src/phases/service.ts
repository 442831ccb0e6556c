import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { awsCall as call, describeAwsError } from '../aws/errors.js'
import type { Outcome } from '../report/outcome.js'
import { familyRevision } from '../rollout/names.js'
import type { Settings } from '../settings.js'
import { normalizeTaskDefinition, sameTaskDefinition } from '../task-definition/index.js'

/** Does the service already run exactly this task definition? Then there is nothing to roll out. */
export async function unchanged(
  ecs: EcsPort,
  rendered: RegisterTaskDefinitionCommandInput,
  currentArn: string
): Promise<boolean> {
  try {
    const current = await ecs.describeTaskDefinition(currentArn)
    const { taskDefinition } = normalizeTaskDefinition({
      taskDefinition: current.taskDefinition,
      tags: current.tags
    })
    return sameTaskDefinition(rendered, taskDefinition)
  } catch (error) {
    // Not knowing only costs one identical revision; it must not stop the deploy.
    core.warning(
      `Could not compare with ${familyRevision(currentArn)}, so registering anyway: ${describeAwsError('DescribeTaskDefinition', error)}`
    )
    return false
  }
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
  return service
}
