// The UpdateService members ECS stores on the service and echoes in DescribeServices:
// enableECSManagedTags, propagateTags, enableExecuteCommand, healthCheckGracePeriodSeconds and
// volumeConfigurations. None of the first four starts a deployment; they reach tasks launched
// later (forceNewDeployment to apply them now). volumeConfigurations: absent/null keeps the
// service's, `[]` removes them, and a value that differs starts a deployment (UpdateService API
// reference; aws-actions/amazon-ecs-deploy-task-definition#863: "AWS interprets the empty array as
// 'clear all volume configurations'"). The volumes show in `Deployment.volumeConfigurations`; the
// Service structure has no such member.

import { invalidParameter } from '../errors.js'
import type {
  DeploymentRecord,
  JsonObject,
  ServiceOptions,
  ServiceRecord,
  TaskDefinitionRecord
} from '../state.js'
import { read, shape, type Shape } from '../validate.js'

const { string, integer, boolean, list, structure } = shape

export const volumeConfigurationsShape: Shape = list(
  structure({
    name: string,
    managedEBSVolume: structure({
      encrypted: boolean,
      kmsKeyId: string,
      volumeType: string,
      sizeInGiB: integer,
      snapshotId: string,
      volumeInitializationRate: integer,
      iops: integer,
      throughput: integer,
      tagSpecifications: list(
        structure({
          resourceType: string,
          tags: list(structure({ key: string, value: string })),
          propagateTags: string
        })
      ),
      roleArn: string,
      filesystemType: string
    })
  })
)

const PROPAGATE_TAGS = ['TASK_DEFINITION', 'SERVICE', 'NONE'] as const
type PropagateTags = (typeof PROPAGATE_TAGS)[number]
const isPropagateTags = (value: string): value is PropagateTags =>
  (PROPAGATE_TAGS as readonly string[]).includes(value)
// ServiceManagedEBSVolumeConfiguration.volumeType and filesystemType (API reference).
const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']
const FILESYSTEM_TYPES = ['ext3', 'ext4', 'xfs', 'ntfs']
const MAX_GRACE_PERIOD = 2_147_483_647

export const defaultServiceOptions = (): ServiceOptions => ({
  enableECSManagedTags: false,
  propagateTags: 'NONE',
  enableExecuteCommand: false,
  // DescribeServices shows 0 on services without a load balancer too (kayac/ecspresso#805, 2025).
  healthCheckGracePeriodSeconds: 0,
  volumeConfigurations: []
})

export const optionsOf = (service: ServiceRecord): ServiceOptions =>
  service.options ?? defaultServiceOptions()

/** Checks one ServiceVolumeConfiguration as ECS does before anything is changed. */
export function checkVolumeConfiguration(volume: JsonObject): void {
  // Not confirmed: the texts of these checks (shaped like "Service cannot be empty.").
  const name = read.string(volume, 'name')
  if (name === undefined || name === '') {
    throw invalidParameter('Volume configuration name cannot be empty.')
  }
  const managed = read.object(volume, 'managedEBSVolume')
  if (managed === undefined) {
    throw invalidParameter(
      `Volume configuration for volume '${name}' must specify managedEBSVolume.`
    )
  }
  const roleArn = read.string(managed, 'roleArn')
  if (roleArn === undefined || roleArn === '') {
    throw invalidParameter(`ECS managed EBS volume for volume '${name}' must specify a roleArn.`)
  }
  const volumeType = read.string(managed, 'volumeType')
  if (volumeType !== undefined && !VOLUME_TYPES.includes(volumeType)) {
    throw invalidParameter(
      `ECS managed EBS volume configuration was invalid for volume '${name}'. Volume type should be one of [${VOLUME_TYPES.join(',')}].`
    )
  }
  const filesystemType = read.string(managed, 'filesystemType')
  if (filesystemType !== undefined && !FILESYSTEM_TYPES.includes(filesystemType)) {
    throw invalidParameter(
      `ECS managed EBS volume configuration was invalid for volume '${name}'. Filesystem type should be one of [${FILESYSTEM_TYPES.join(',')}].`
    )
  }
  // The API reference: "You must specify either a volume size or a snapshot ID."
  if (
    read.integer(managed, 'sizeInGiB') === undefined &&
    read.string(managed, 'snapshotId') === undefined
  ) {
    throw invalidParameter(
      `ECS managed EBS volume configuration was invalid for volume '${name}'. Specify either sizeInGiB or snapshotId.`
    )
  }
}

/**
 * The options an UpdateService request asks for, checked, merged over the service's current ones;
 * `volumesChanged` says whether the volume configurations differ (which starts a deployment).
 */
export function requestedOptions(
  service: ServiceRecord,
  request: JsonObject
): { options: ServiceOptions; volumesChanged: boolean } {
  const current = optionsOf(service)
  const propagateTags = read.string(request, 'propagateTags')
  if (propagateTags !== undefined && !isPropagateTags(propagateTags)) {
    // CreateService answers "Propagate tags should be one of [SERVICE,TASK_DEFINITION]"
    // (kayac/ecspresso#270); UpdateService also takes NONE (API reference). The UpdateService text
    // is not confirmed.
    throw invalidParameter('Propagate tags should be one of [SERVICE,TASK_DEFINITION,NONE]')
  }
  const grace = read.integer(request, 'healthCheckGracePeriodSeconds')
  if (grace !== undefined && (grace < 0 || grace > MAX_GRACE_PERIOD)) {
    // Not confirmed: the text (the range is the API reference's, up to 2,147,483,647 seconds).
    throw invalidParameter(
      `Health check grace period must be between 0 and ${MAX_GRACE_PERIOD} seconds.`
    )
  }
  const volumes = read.objects(request, 'volumeConfigurations')
  for (const volume of volumes ?? []) checkVolumeConfiguration(volume)
  return {
    options: {
      enableECSManagedTags:
        read.boolean(request, 'enableECSManagedTags') ?? current.enableECSManagedTags,
      propagateTags: propagateTags ?? current.propagateTags,
      enableExecuteCommand:
        read.boolean(request, 'enableExecuteCommand') ?? current.enableExecuteCommand,
      healthCheckGracePeriodSeconds: grace ?? current.healthCheckGracePeriodSeconds,
      volumeConfigurations: volumes ?? current.volumeConfigurations
    },
    volumesChanged:
      volumes !== undefined &&
      JSON.stringify(volumes) !== JSON.stringify(current.volumeConfigurations)
  }
}

/**
 * A deployment needs a `configuredAtLaunch` volume in its task definition for each volume
 * configuration; the text is ECS's (hashicorp/terraform-provider-aws#49185).
 */
export function checkVolumesMatch(
  volumes: readonly JsonObject[],
  taskDefinition: TaskDefinitionRecord
): void {
  const declared = Array.isArray(taskDefinition.definition.volumes)
    ? (taskDefinition.definition.volumes as unknown[])
    : []
  const atLaunch = new Set(
    declared
      .filter(
        (volume): volume is JsonObject =>
          typeof volume === 'object' && volume !== null && !Array.isArray(volume)
      )
      .filter((volume) => read.boolean(volume, 'configuredAtLaunch') === true)
      .map((volume) => read.string(volume, 'name'))
  )
  if (volumes.some((volume) => !atLaunch.has(read.string(volume, 'name')))) {
    throw invalidParameter(
      'Volume configuration provided but no matching configuredAtLaunch volume found in task definition'
    )
  }
}

/** Copies of the volume configurations a new deployment records (absent when there are none). */
export function volumesForDeployment(options: ServiceOptions): JsonObject[] | undefined {
  return options.volumeConfigurations.length === 0
    ? undefined
    : structuredClone(options.volumeConfigurations)
}

/** The Service wire shape with the stored options, and each deployment's volume configurations. */
export function withServiceOptions(service: ServiceRecord, wire: JsonObject): JsonObject {
  const options = optionsOf(service)
  const records = new Map<string, DeploymentRecord>(
    service.deployments.map((deployment) => [deployment.id, deployment])
  )
  const deployments = Array.isArray(wire.deployments) ? (wire.deployments as JsonObject[]) : []
  return {
    ...wire,
    healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds,
    enableECSManagedTags: options.enableECSManagedTags,
    propagateTags: options.propagateTags,
    enableExecuteCommand: options.enableExecuteCommand,
    deployments: deployments.map((deployment) => {
      const volumes =
        typeof deployment.id === 'string'
          ? records.get(deployment.id)?.volumeConfigurations
          : undefined
      return volumes === undefined ? deployment : { ...deployment, volumeConfigurations: volumes }
    })
  }
}
