// UpdateService: validates like ECS, applies configuration, and starts a deployment when the
// task definition changes or forceNewDeployment is set. The response already lists the new
// PRIMARY (at desiredCount 0) and points currentServiceDeployment at the new service deployment.

import { clientException, invalidParameter, serviceNotFound, AwsError } from '../errors.js'
import { changeDesiredCount, startDeployment } from '../rollout.js'
import { scheduleActors } from '../actors.js'
import type { ServiceRecord } from '../state.js'
import { resolveTaskDefinition } from '../task-definitions.js'
import { checkInput, read, shape, type Shape } from '../validate.js'
import { findCluster, findService } from './lookup.js'
import type { Operation } from './operation.js'
import {
  checkVolumesMatch,
  requestedOptions,
  volumeConfigurationsShape,
  volumesForDeployment,
  withServiceOptions
} from './service-options.js'
import { serviceWire } from './wire.js'

const { string, integer, boolean, double, list, structure } = shape

const input: Readonly<Record<string, Shape>> = {
  cluster: string,
  service: string,
  desiredCount: integer,
  taskDefinition: string,
  capacityProviderStrategy: list(
    structure({ capacityProvider: string, weight: integer, base: integer })
  ),
  deploymentConfiguration: structure({
    deploymentCircuitBreaker: structure({ enable: boolean, rollback: boolean }),
    maximumPercent: integer,
    minimumHealthyPercent: integer,
    alarms: structure({ alarmNames: list(string), rollback: boolean, enable: boolean }),
    strategy: string,
    bakeTimeInMinutes: integer,
    linearConfiguration: structure({ stepPercent: double, stepBakeTimeInMinutes: integer }),
    canaryConfiguration: structure({ canaryPercent: double, canaryBakeTimeInMinutes: integer })
  }),
  availabilityZoneRebalancing: string,
  networkConfiguration: structure({
    awsvpcConfiguration: structure({
      subnets: list(string),
      securityGroups: list(string),
      assignPublicIp: string
    })
  }),
  placementConstraints: list(structure({ type: string, expression: string })),
  placementStrategy: list(structure({ type: string, field: string })),
  platformVersion: string,
  forceNewDeployment: boolean,
  healthCheckGracePeriodSeconds: integer,
  deploymentController: structure({ type: string }),
  enableExecuteCommand: boolean,
  enableECSManagedTags: boolean,
  loadBalancers: list(
    structure({
      targetGroupArn: string,
      loadBalancerName: string,
      containerName: string,
      containerPort: integer
    })
  ),
  propagateTags: string,
  serviceRegistries: list(
    structure({ registryArn: string, port: integer, containerName: string, containerPort: integer })
  ),
  serviceConnectConfiguration: structure({ enabled: boolean, namespace: string }),
  volumeConfigurations: volumeConfigurationsShape,
  vpcLatticeConfigurations: list(
    structure({ roleArn: string, targetGroupArn: string, portName: string })
  )
}

function rejectForController(
  service: ServiceRecord,
  changesTaskDefinition: boolean,
  force: boolean
): void {
  if (service.controller === 'ECS') return
  // Verbatim InvalidParameterException texts (boto3#1936, aws/aws-sdk#406) for CODE_DEPLOY; the
  // EXTERNAL variant follows the same pattern (not confirmed).
  const use =
    service.controller === 'CODE_DEPLOY'
      ? 'Use AWS CodeDeploy to trigger a new deployment.'
      : 'Use task sets to deploy new task definitions.'
  if (changesTaskDefinition) {
    throw invalidParameter(
      `Unable to update task definition on services with a ${service.controller} deployment controller. ${use}`
    )
  }
  if (force) {
    throw invalidParameter(
      `Cannot force a new deployment on services with a ${service.controller} deployment controller. ${use}`
    )
  }
}

function applyDeploymentConfiguration(
  service: ServiceRecord,
  request: Record<string, unknown>
): void {
  const configuration = read.object(request, 'deploymentConfiguration')
  if (configuration === undefined) return
  const breaker = read.object(configuration, 'deploymentCircuitBreaker')
  if (breaker !== undefined) {
    service.circuitBreaker = {
      enable: read.boolean(breaker, 'enable') ?? false,
      rollback: read.boolean(breaker, 'rollback') ?? false
    }
  }
  const alarms = read.object(configuration, 'alarms')
  if (alarms !== undefined) {
    service.alarms = {
      alarmNames: read.strings(alarms, 'alarmNames') ?? [],
      enable: read.boolean(alarms, 'enable') ?? false,
      rollback: read.boolean(alarms, 'rollback') ?? false
    }
  }
  service.maximumPercent = read.integer(configuration, 'maximumPercent') ?? service.maximumPercent
  service.minimumHealthyPercent =
    read.integer(configuration, 'minimumHealthyPercent') ?? service.minimumHealthyPercent
}

export const updateServiceOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, input)
    const reference = read.string(request, 'service')
    if (reference === undefined || reference === '')
      throw invalidParameter('Service cannot be empty.')
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const service = findService(cluster, reference)
    if (service === undefined) throw serviceNotFound()
    if (service.status !== 'ACTIVE') {
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    }

    const taskDefinitionReference = read.string(request, 'taskDefinition')
    const force = read.boolean(request, 'forceNewDeployment') ?? false
    rejectForController(service, taskDefinitionReference !== undefined, force)
    let taskDefinition = resolveTaskDefinition(world, service.taskDefinitionArn)
    if (taskDefinitionReference !== undefined) {
      // The ECS text when an empty task definition reaches UpdateService (terraform-provider-aws).
      if (taskDefinitionReference === '')
        throw invalidParameter('Family should not be null or empty.')
      taskDefinition = resolveTaskDefinition(world, taskDefinitionReference)
      if (taskDefinition === undefined) throw clientException('TaskDefinition not found.')
      if (taskDefinition.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive')
    }
    const desiredCount = read.integer(request, 'desiredCount')
    if (desiredCount !== undefined && desiredCount < 0) {
      throw invalidParameter('Desired count cannot be negative.')
    }

    const { options, volumesChanged } = requestedOptions(service, request)
    const triggers =
      force ||
      (taskDefinition !== undefined && taskDefinition.arn !== service.taskDefinitionArn) ||
      request.networkConfiguration !== undefined ||
      request.platformVersion !== undefined ||
      volumesChanged
    // Checked before anything changes: a kept volume configuration needs the new revision to
    // declare its volume too.
    if (triggers && taskDefinition !== undefined) {
      checkVolumesMatch(options.volumeConfigurations, taskDefinition)
    }
    applyDeploymentConfiguration(service, request)
    service.options = options
    if (request.networkConfiguration !== undefined) {
      service.networkConfiguration = read.object(request, 'networkConfiguration') ?? {}
    }
    if (triggers && taskDefinition !== undefined) {
      if (desiredCount !== undefined) service.desiredCount = desiredCount
      const deployment = startDeployment(world, service, { taskDefinition, origin: 'caller' })
      deployment.volumeConfigurations = volumesForDeployment(options)
      scheduleActors(world, service, deployment)
    } else if (desiredCount !== undefined) {
      changeDesiredCount(world, service, desiredCount)
    }
    return { service: withServiceOptions(service, serviceWire(world, service, false)) }
  }
}
