// RunTask: checks the request the way ECS does, then starts one task per `count` (see
// ../run-task.ts for what the task does). Texts confirmed in public reports: "Network
// Configuration must be provided when networkMode 'awsvpc' is specified." (fabfuel/ecs-deploy#133,
// aws-actions/amazon-ecs-deploy-task-definition#802), "Network Configuration is not valid for the
// given networkMode of this task definition." (same tracker #616), "subnets can not be empty.",
// "Assign public IP is not supported for this launch type.", "Task definition does not support
// launch_type FARGATE.", "Override for container named X is not a container in the
// TaskDefinition" (several field reports each), "No Container Instances were found in your
// cluster." (an InvalidParameterException that ecs_deploy's Ruby code catches from RunTask),
// "Specifying both a launch type and capacity provider strategy is not supported. Remove one and
// try again." (reported for services: tflint-ruleset-aws#349). Not confirmed for RunTask: the
// texts for a blank task definition, a count out of range, a bad startedBy, an unknown enum value,
// too many tags and an unassociated capacity provider (the first sentence is CreateCluster's).

import { ACCOUNT_ID } from '../arns.js'
import { clientException, invalidParameter } from '../errors.js'
import { startStandaloneTask } from '../run-task.js'
import type { JsonObject, Tag } from '../state.js'
import { resolveTaskDefinition } from '../task-definitions.js'
import { checkInput, read, shape, type Shape } from '../validate.js'
import { findCluster } from './lookup.js'
import type { Operation } from './operation.js'
import { taskWire } from './wire.js'

const { string, integer, boolean, list, structure } = shape
const keyValue = structure({ name: string, value: string })
const typeValue = structure({ type: string, value: string })

const containerOverride: Shape = structure({
  name: string,
  command: list(string),
  environment: list(keyValue),
  environmentFiles: list(typeValue),
  cpu: integer,
  memory: integer,
  memoryReservation: integer,
  resourceRequirements: list(typeValue)
})

const input: Readonly<Record<string, Shape>> = {
  capacityProviderStrategy: list(
    structure({ capacityProvider: string, weight: integer, base: integer })
  ),
  cluster: string,
  count: integer,
  enableECSManagedTags: boolean,
  enableExecuteCommand: boolean,
  group: string,
  launchType: string,
  networkConfiguration: structure({
    awsvpcConfiguration: structure({
      subnets: list(string),
      securityGroups: list(string),
      assignPublicIp: string
    })
  }),
  overrides: structure({
    containerOverrides: list(containerOverride),
    cpu: string,
    memory: string,
    executionRoleArn: string,
    taskRoleArn: string,
    ephemeralStorage: structure({ sizeInGiB: integer }),
    inferenceAcceleratorOverrides: list(structure({ deviceName: string, deviceType: string }))
  }),
  placementConstraints: list(structure({ type: string, expression: string })),
  placementStrategy: list(structure({ type: string, field: string })),
  platformVersion: string,
  propagateTags: string,
  referenceId: string,
  startedBy: string,
  tags: list(structure({ key: string, value: string })),
  taskDefinition: string,
  clientToken: string,
  volumeConfigurations: list(structure({ name: string }))
}

const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT']
const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/
const MAX_TAGS = 50

function enumError(value: string, member: string, values: readonly string[]) {
  return invalidParameter(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`
  )
}

function checkNetwork(request: JsonObject, networkMode: unknown, launchType: string): void {
  const configuration = read.object(request, 'networkConfiguration')
  const awsvpc =
    configuration === undefined ? undefined : read.object(configuration, 'awsvpcConfiguration')
  if (networkMode === 'awsvpc') {
    if (awsvpc === undefined) {
      throw invalidParameter(
        "Network Configuration must be provided when networkMode 'awsvpc' is specified."
      )
    }
  } else if (awsvpc !== undefined) {
    throw invalidParameter(
      'Network Configuration is not valid for the given networkMode of this task definition.'
    )
  }
  if (awsvpc === undefined) return
  if ((read.strings(awsvpc, 'subnets') ?? []).length === 0) {
    throw invalidParameter('subnets can not be empty.')
  }
  const assign = read.string(awsvpc, 'assignPublicIp')
  if (assign !== undefined && assign !== 'ENABLED' && assign !== 'DISABLED') {
    throw enumError(assign, 'networkConfiguration.awsvpcConfiguration.assignPublicIp', [
      'ENABLED',
      'DISABLED'
    ])
  }
  if (assign === 'ENABLED' && launchType !== 'FARGATE') {
    throw invalidParameter('Assign public IP is not supported for this launch type.')
  }
}

function checkOverrides(request: JsonObject, containerNames: readonly string[]): JsonObject {
  const overrides = read.object(request, 'overrides') ?? {}
  const given = read.objects(overrides, 'containerOverrides') ?? []
  for (const override of given) {
    const name = read.string(override, 'name')
    if (name === undefined || !containerNames.includes(name)) {
      throw invalidParameter(
        `Override for container named ${name ?? 'null'} is not a container in the TaskDefinition`
      )
    }
  }
  // DescribeTasks lists every container, with an empty override for those not overridden.
  return {
    ...overrides,
    containerOverrides: containerNames.map(
      (name) => given.find((override) => override.name === name) ?? { name }
    ),
    inferenceAcceleratorOverrides: read.objects(overrides, 'inferenceAcceleratorOverrides') ?? []
  }
}

function checkTags(request: JsonObject): Tag[] {
  const tags = read.objects(request, 'tags') ?? []
  if (tags.length > MAX_TAGS) throw invalidParameter(`Tags can have at most ${MAX_TAGS} items.`)
  return tags.map((tag) => ({
    key: read.string(tag, 'key') ?? '',
    value: read.string(tag, 'value') ?? ''
  }))
}

/** Which launch type the task gets: the given one, or the strategy's (only Fargate providers exist). */
function launchTypeOf(request: JsonObject): string {
  const launchType = read.string(request, 'launchType')
  const strategy = read.objects(request, 'capacityProviderStrategy')
  if (launchType !== undefined && strategy !== undefined) {
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
    )
  }
  if (launchType !== undefined) {
    if (!LAUNCH_TYPES.includes(launchType)) throw enumError(launchType, 'launchType', LAUNCH_TYPES)
    return launchType
  }
  for (const item of strategy ?? []) {
    const provider = read.string(item, 'capacityProvider') ?? ''
    if (!FARGATE_PROVIDERS.includes(provider)) {
      throw invalidParameter(
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.'
      )
    }
  }
  // The seeded clusters have no default strategy and no container instances: without either
  // member ECS falls back to EC2.
  return strategy === undefined ? 'EC2' : 'FARGATE'
}

export const runTaskOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, input)
    const reference = read.string(request, 'taskDefinition')
    if (reference === undefined || reference === '') {
      throw invalidParameter('Task Definition can not be blank.')
    }
    const count = read.integer(request, 'count') ?? 1
    if (count < 1 || count > 10) throw invalidParameter('Count must be between 1 and 10.')
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const startedBy = read.string(request, 'startedBy')
    if (startedBy !== undefined && !STARTED_BY.test(startedBy)) {
      throw invalidParameter(
        'startedBy may contain up to 128 letters (uppercase and lowercase), numbers, hyphens, forward slashes and underscores.'
      )
    }
    const launchType = launchTypeOf(request)
    const record = resolveTaskDefinition(world, reference)
    if (record === undefined) throw clientException('Unable to describe task definition.')
    if (record.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive')
    const compatibilities = Array.isArray(record.definition.compatibilities)
      ? record.definition.compatibilities
      : []
    if (launchType === 'FARGATE' && !compatibilities.includes('FARGATE')) {
      throw invalidParameter('Task definition does not support launch_type FARGATE.')
    }
    checkNetwork(request, record.definition.networkMode, launchType)
    const containers = Array.isArray(record.definition.containerDefinitions)
      ? record.definition.containerDefinitions
      : []
    const names = containers.flatMap((c: unknown) =>
      typeof c === 'object' && c !== null && typeof (c as JsonObject).name === 'string'
        ? [(c as JsonObject).name as string]
        : []
    )
    const overrides = checkOverrides(request, names)
    const tags = checkTags(request)
    if (launchType !== 'FARGATE') {
      // No EC2, external or managed instances are registered in the emulated clusters.
      throw invalidParameter('No Container Instances were found in your cluster.')
    }

    const placementFailure = world.runTasks.placementFailure
    if (placementFailure !== undefined) {
      // ECS names the container instance it tried; Fargate has none, so the cluster stands in.
      return {
        tasks: [],
        failures: Array.from({ length: count }, () => ({
          arn: `arn:aws:ecs:${world.region}:${ACCOUNT_ID}:cluster/${cluster.name}`,
          reason: placementFailure
        }))
      }
    }
    const tasks = Array.from({ length: count }, () =>
      startStandaloneTask(world, {
        cluster: cluster.name,
        taskDefinition: record,
        startedBy,
        launchType,
        overrides,
        tags
      })
    )
    return { tasks: tasks.map((task) => taskWire(world, task)), failures: [] }
  }
}
