import { InputError, parseBoolean, parseChoice, parseInteger } from '../input/values.js'

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
const MAX_INT32 = 2_147_483_647

export function readServiceUpdate(input: (name: string) => string | undefined): ServiceUpdate {
  const flag = (name: string): boolean | undefined =>
    optional(input(name), (v) => parseBoolean(name, v))
  const volumeName = input('service-managed-ebs-volume-name')
  const volume = input('service-managed-ebs-volume')
  if ((volumeName === undefined) !== (volume === undefined)) {
    throw new InputError(
      volumeName === undefined ? 'service-managed-ebs-volume' : 'service-managed-ebs-volume-name',
      volumeName === undefined
        ? 'needs "service-managed-ebs-volume-name": the name of the volume in the task definition that is configured at launch'
        : 'needs "service-managed-ebs-volume": a JSON object with at least "roleArn", like {"roleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","sizeInGiB":20}'
    )
  }
  const update: Record<string, unknown> = {
    forceNewDeployment: flag('force-new-deployment'),
    desiredCount: optional(input('desired-count'), (v) =>
      parseInteger('desired-count', v, { min: 0, max: MAX_INT32 })
    ),
    enableECSManagedTags: flag('enable-ecs-managed-tags'),
    propagateTags: optional(input('propagate-tags'), (v) =>
      parseChoice('propagate-tags', v, ['TASK_DEFINITION', 'SERVICE', 'NONE'] as const)
    ),
    enableExecuteCommand: flag('enable-execute-command'),
    healthCheckGracePeriodSeconds: optional(input('health-check-grace-period-seconds'), (v) =>
      parseInteger('health-check-grace-period-seconds', v, { min: 0, max: MAX_INT32 })
    ),
    volumeConfiguration:
      volumeName === undefined || volume === undefined
        ? undefined
        : { name: parseVolumeName(volumeName), managedEBSVolume: parseEbsVolume(volume) }
  }
  return Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined))
}

function parseVolumeName(value: string): string {
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(value)) {
    throw new InputError(
      'service-managed-ebs-volume-name',
      `must be a volume name from the task definition (up to 255 letters, digits, "-" and "_"), got "${value}"`
    )
  }
  return value
}

function parseEbsVolume(value: string): object {
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

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value)
}
