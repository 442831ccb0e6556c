import type { Service } from '@aws-sdk/client-ecs'
import { primaryOf } from './service-deployments.js'
import type { Clock } from '../clock.js'
import type { EcsPort, UpdateServiceRequest } from './ecs.js'
import { asSentence, describeAwsError } from './errors.js'
import { retryMutation } from './mutations.js'

export interface UpdateServiceOnceOptions {
  ecs: Pick<EcsPort, 'updateService' | 'describeService'>
  request: UpdateServiceRequest
  /** The service as described before the update: its PRIMARY deployment is not ours. */
  before: Service
  clock: Clock
  log: { info(line: string): void; warning(line: string): void }
  /** Default: MUTATION_ATTEMPTS (mutations.ts). */
  attempts?: number
  random?: () => number
}

/**
 * UpdateService that never starts a second deployment. Refusals (throttling) are retried by the
 * SDK. After an ambiguous error (a 5xx, a reset, a timeout) the service is described first: a new
 * PRIMARY deployment on the requested task definition, newer than the one before, means the update
 * took effect and its answer was lost; that service is returned, as UpdateService would have. Only
 * otherwise is the call repeated. When the service cannot be read, a repeat is still safe unless
 * forceNewDeployment is set: ECS starts no deployment for a task definition the service already has.
 */
export async function updateServiceOnce(options: UpdateServiceOnceOptions): Promise<Service> {
  const { ecs, request, clock, log } = options
  const previous = primaryOf(options.before)
  return retryMutation({
    operation: 'UpdateService',
    call: () => ecs.updateService(request),
    clock,
    ...(options.attempts !== undefined && { attempts: options.attempts }),
    ...(options.random !== undefined && { random: options.random }),
    onRefusal: (error) => {
      log.warning(`${asSentence(describeAwsError('UpdateService', error))} Retrying.`)
    },
    afterUnclear: async (error) => {
      const why = asSentence(describeAwsError('UpdateService', error))
      if (request.taskDefinition === undefined && request.forceNewDeployment !== true) {
        // Only settings: sending the same values again changes nothing more.
        log.warning(`${why} Sending the same settings again.`)
        return undefined
      }
      log.warning(
        `${why} The update may have taken effect although the answer was lost: describing the service before trying again.`
      )
      return appliedAlready()
    }
  })

  /** The service, when it shows our update; undefined when it does not, or cannot tell. */
  async function appliedAlready(): Promise<Service | undefined> {
    let now: Service | undefined
    try {
      now = await ecs.describeService(request)
    } catch (error) {
      if (request.forceNewDeployment === true) {
        throw new Error(
          `UpdateService's answer was lost and the service cannot be read (${describeAwsError('DescribeServices', error)}): ` +
            `with force-new-deployment a repeat would start a second deployment, so it is not retried. Check the service's deployments in the console.`,
          { cause: error }
        )
      }
      log.warning(
        `${asSentence(describeAwsError('DescribeServices', error))} Repeating UpdateService is safe: ECS starts no deployment for a task definition the service already has.`
      )
      return undefined
    }
    const primary = primaryOf(now)
    const newer =
      primary?.id !== undefined &&
      primary.id !== previous?.id &&
      (previous?.createdAt === undefined ||
        primary.createdAt === undefined ||
        primary.createdAt >= previous.createdAt)
    const ours =
      request.taskDefinition === undefined || primary?.taskDefinition === request.taskDefinition
    if (now !== undefined && newer && ours) {
      log.info(
        `Service ${request.service} already has a new PRIMARY deployment ${primary.id ?? ''}` +
          `${request.taskDefinition === undefined ? '' : ` on ${request.taskDefinition}`}: the update took effect, only its answer was lost. ` +
          'Watching that deployment; UpdateService is not called again.'
      )
      return now
    }
    log.info(`Service ${request.service} does not show the update: calling UpdateService again.`)
    return undefined
  }
}
