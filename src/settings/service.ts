import type { InputReader } from '../input/reader.js'
import { InputError } from '../input/values.js'

// The inputs that say which services to deploy to and what else UpdateService changes on them.

/** UpdateService members the user asked for; an absent one is never sent, so never changed. */
export interface ServiceUpdate {
  readonly forceNewDeployment?: boolean
  readonly desiredCount?: number
  readonly enableECSManagedTags?: boolean
  readonly propagateTags?: 'TASK_DEFINITION' | 'SERVICE' | 'NONE'
  readonly enableExecuteCommand?: boolean
  readonly healthCheckGracePeriodSeconds?: number
  /** One service-managed EBS volume; absent: the service keeps the volume configuration it has. */
  readonly volumeConfiguration?: { readonly name: string; readonly managedEBSVolume: object }
}

const SERVICE =
  /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/[a-zA-Z0-9_-]{1,255}\/)?[a-zA-Z0-9_-]{1,255}$/

/** `service`: one name per line or comma-separated; each at most once. */
export function parseServices(value: string): string[] {
  const names = value
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const seen = new Set<string>()
  for (const name of names) {
    if (!SERVICE.test(name)) {
      throw new InputError(
        'service',
        `has "${name}", which is not a service name (up to 255 letters, digits, "-" and "_") or service ARN; give one per line or separate them with commas`
      )
    }
    if (seen.has(name)) throw new InputError('service', `names "${name}" twice`)
    seen.add(name)
  }
  return names
}

// CreateCluster: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens".
const CLUSTER = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[a-zA-Z0-9_-]{1,255}$/

/**
 * `cluster`: a name or ARN. Checked here so that a typo (a space, a second line) fails before any
 * AWS call, instead of as ClusterNotFoundException after one, and is never echoed unchecked.
 */
export function parseCluster(value: string): string {
  if (!CLUSTER.test(value)) {
    throw new InputError(
      'cluster',
      `must be a cluster name (up to 255 letters, digits, "-" and "_") or cluster ARN, got ${JSON.stringify(value)}`
    )
  }
  return value
}

export const SERVICE_UPDATE_INPUTS: Record<keyof ServiceUpdate, string> = {
  forceNewDeployment: 'force-new-deployment',
  desiredCount: 'desired-count',
  enableECSManagedTags: 'enable-ecs-managed-tags',
  propagateTags: 'propagate-tags',
  enableExecuteCommand: 'enable-execute-command',
  healthCheckGracePeriodSeconds: 'health-check-grace-period-seconds',
  volumeConfiguration: 'service-managed-ebs-volume-name'
}

/** UpdateService's Integer members: desired-count and health-check-grace-period-seconds. */
export const MAX_INT32 = 2_147_483_647
export const PROPAGATE_TAGS = ['TASK_DEFINITION', 'SERVICE', 'NONE'] as const

/** The service update inputs by name, each with the value its row of the input table gives. */
export interface ServiceUpdateInputValues {
  readonly 'force-new-deployment': boolean | undefined
  readonly 'desired-count': number | undefined
  readonly 'enable-ecs-managed-tags': boolean | undefined
  readonly 'propagate-tags': (typeof PROPAGATE_TAGS)[number] | undefined
  readonly 'enable-execute-command': boolean | undefined
  readonly 'health-check-grace-period-seconds': number | undefined
  readonly 'service-managed-ebs-volume-name': string | undefined
  readonly 'service-managed-ebs-volume': object | undefined
}

/** The UpdateService members the workflow set; the two EBS volume inputs come as a pair. */
export function readServiceUpdate(inputs: InputReader<ServiceUpdateInputValues>): ServiceUpdate {
  const nameGiven = inputs.given('service-managed-ebs-volume-name')
  if (nameGiven !== inputs.given('service-managed-ebs-volume')) {
    throw new InputError(
      nameGiven ? 'service-managed-ebs-volume-name' : 'service-managed-ebs-volume',
      nameGiven
        ? 'needs "service-managed-ebs-volume": a JSON object with at least "roleArn", like {"roleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","sizeInGiB":20}'
        : 'needs "service-managed-ebs-volume-name": the name of the volume in the task definition that is configured at launch'
    )
  }
  const update: Record<string, unknown> = {
    forceNewDeployment: inputs.get('force-new-deployment'),
    desiredCount: inputs.get('desired-count'),
    enableECSManagedTags: inputs.get('enable-ecs-managed-tags'),
    propagateTags: inputs.get('propagate-tags'),
    enableExecuteCommand: inputs.get('enable-execute-command'),
    healthCheckGracePeriodSeconds: inputs.get('health-check-grace-period-seconds'),
    volumeConfiguration: readVolume(inputs)
  }
  return Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined))
}

function readVolume(
  inputs: InputReader<ServiceUpdateInputValues>
): ServiceUpdate['volumeConfiguration'] {
  const name = inputs.get('service-managed-ebs-volume-name')
  const managedEBSVolume = inputs.get('service-managed-ebs-volume')
  return name === undefined || managedEBSVolume === undefined
    ? undefined
    : { name, managedEBSVolume }
}

/** `service-managed-ebs-volume-name`: a volume of the task definition. */
export function parseVolumeName(value: string): string {
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(value)) {
    throw new InputError(
      'service-managed-ebs-volume-name',
      `must be a volume name from the task definition (up to 255 letters, digits, "-" and "_"), got "${value}"`
    )
  }
  return value
}

/** `service-managed-ebs-volume`: a ServiceManagedEBSVolumeConfiguration with at least roleArn. */
export function parseEbsVolume(value: string): object {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InputError(
      'service-managed-ebs-volume',
      `is not valid JSON (${error instanceof Error ? error.message : String(error)}): expected an object like {"roleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","sizeInGiB":20}`
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      'service-managed-ebs-volume',
      'must be a JSON object (a ServiceManagedEBSVolumeConfiguration), not an array or a scalar'
    )
  }
  const roleArn = (parsed as Record<string, unknown>).roleArn
  if (typeof roleArn !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn)) {
    throw new InputError(
      'service-managed-ebs-volume',
      'needs "roleArn": the ARN of the infrastructure role ECS uses to manage the volume (arn:aws:iam::123456789012:role/…)'
    )
  }
  return parsed
}
