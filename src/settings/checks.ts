import { InputError } from '../input/values.js'
import { SCHEDULED_INPUTS, type ScheduledTasksSettings } from '../scheduled/settings.js'
import { SERVICE_UPDATE_INPUTS, type ServiceUpdate } from './service.js'
import type { SettingsInputs } from './table.js'

// The rules that tie inputs to one another. Each throws an InputError naming the input at fault
// and the one it needs.

/** The inputs that name where the task definition comes from: exactly one is given. */
export const SOURCE_INPUTS = [
  'task-definition',
  'task-definition-arn',
  'task-definition-family',
  'task-definition-from-service'
] as const

export type SourceInput = (typeof SOURCE_INPUTS)[number]

/**
 * Exactly one source of the task definition; two are an error that names both. A revision number
 * needs a family, and the service's own revision needs a service. Returns the source given.
 */
export function checkSource(inputs: SettingsInputs, services: readonly string[]): SourceInput {
  const fromService = inputs.get('task-definition-from-service')
  const given = SOURCE_INPUTS.filter((name) =>
    name === 'task-definition-from-service' ? fromService : inputs.given(name)
  )
  if (inputs.given('task-definition-revision') && !inputs.given('task-definition-family')) {
    throw new InputError(
      'task-definition-revision',
      'needs "task-definition-family": a revision number alone names no task definition'
    )
  }
  const [first, second] = given
  if (first === undefined) {
    throw new InputError(
      'task-definition',
      'is required, or one of "task-definition-arn", "task-definition-family" or "task-definition-from-service: true"'
    )
  }
  if (second !== undefined) {
    throw new InputError(
      first,
      `and "${second}" are both set: give exactly one source of the task definition`
    )
  }
  if (first === 'task-definition-from-service' && services.length === 0) {
    throw new InputError(
      first,
      'needs "service": it deploys the task definition that service runs now'
    )
  }
  return first
}

/** The rules between features, once each feature's inputs are read. */
export function checkAcrossFeatures(options: {
  inputs: SettingsInputs
  services: readonly string[]
  serviceUpdate: ServiceUpdate
  deregisterPrevious: number | undefined
  scheduledTasks: ScheduledTasksSettings | undefined
}): void {
  const { inputs, services, serviceUpdate, deregisterPrevious, scheduledTasks } = options
  if (deregisterPrevious !== undefined && services.length === 0) {
    throw new InputError(
      'deregister-previous',
      'needs "service": revisions are deregistered only after a deploy succeeded, and never one a deployed service runs'
    )
  }
  // Without a service the revision is registered and the targets move at once: nothing to wait for.
  if (
    scheduledTasks !== undefined &&
    services.length > 0 &&
    !inputs.get('wait-for-service-stability')
  ) {
    throw new InputError(
      scheduledTasks.entries.length > 0 ? SCHEDULED_INPUTS.entries : SCHEDULED_INPUTS.forFamily,
      'needs "wait-for-service-stability: true" with "service": scheduled tasks move only once every service\'s rollout succeeded, so the action must wait for it'
    )
  }
  // Pinning looks each image's digest up in ECR: with the lookups off it could only be ignored.
  if (inputs.get('pin-image-digest') && !inputs.get('verify-images')) {
    throw new InputError(
      'pin-image-digest',
      'needs "verify-images: true": the digest of each ECR image is looked up while the images are checked, so with the checks off nothing could be pinned'
    )
  }
  const update = Object.keys(serviceUpdate)[0] as keyof ServiceUpdate | undefined
  if (services.length === 0 && update !== undefined) {
    throw new InputError(
      SERVICE_UPDATE_INPUTS[update],
      'needs "service": without a service the action only registers the task definition'
    )
  }
}
