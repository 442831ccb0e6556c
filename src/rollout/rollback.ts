import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { updateServiceOnce } from '../aws/update-service.js'
import { describeAwsError, errorName, meansServiceDeploymentsUnavailable } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import { primaryOf } from '../aws/service-deployments.js'
import type { DeploymentRef } from './deployment-ref.js'
import { familyRevision } from '../text/names.js'
import { pollUntil } from '../aws/poll.js'
import { describeState } from './progress.js'
import { duration, elapsed } from '../text/time.js'

/** Who rolls back: ECS on its own (breaker, alarms), or us, through either API. */
export type RollbackMethod = 'ecs' | 'stop-service-deployment' | 'update-service'

export interface RollbackReport {
  readonly method: RollbackMethod
  readonly targetTaskDefinitionArn?: string
  readonly state: 'requested' | 'completed' | 'failed' | 'timed-out' | 'cancelled'
  /** One plain sentence for the log and the summary. */
  readonly reason: string
}

type RollbackPort = Pick<EcsPort, 'stopServiceDeployment' | 'updateService' | 'describeService'>

/**
 * Asks ECS to roll our deployment back: StopServiceDeployment(ROLLBACK) where that API answers,
 * otherwise an UpdateService back to the task definition the service ran before.
 */
export async function requestRollback(options: {
  ecs: RollbackPort
  ref: DeploymentRef
  log: (line: string) => void
  /** For a missing permission: the rollback still happens, another way, but the user should know. */
  warn?: (line: string) => void
  /** For retrying the UpdateService fallback safely after a transient error; absent: one attempt. */
  clock?: Clock
}): Promise<RollbackReport> {
  const { ecs, ref, log } = options
  const target = ref.previousTaskDefinitionArn
  const targetName = familyRevision(target)
  if (ref.serviceDeploymentArn !== undefined) {
    try {
      await ecs.stopServiceDeployment({ arn: ref.serviceDeploymentArn, stopType: 'ROLLBACK' })
      log(
        `Asked ECS to roll back service deployment ${ref.serviceDeploymentArn} (StopServiceDeployment, ROLLBACK).`
      )
      return {
        method: 'stop-service-deployment',
        ...(target !== undefined && { targetTaskDefinitionArn: target }),
        state: 'requested',
        reason: `Rollback to ${targetName} requested with StopServiceDeployment.`
      }
    } catch (error) {
      const why = describeAwsError('StopServiceDeployment', error)
      const say = errorName(error) === 'AccessDeniedException' ? (options.warn ?? log) : log
      say(
        meansServiceDeploymentsUnavailable(error)
          ? `StopServiceDeployment is not available (${why}); updating the service back to ${targetName} instead.`
          : `${why} Updating the service back to ${targetName} instead.`
      )
    }
  }
  if (target === undefined) {
    return {
      method: 'update-service',
      state: 'failed',
      reason: 'No previous task definition is known to roll back to.'
    }
  }
  const request = { cluster: ref.cluster, service: ref.service, taskDefinition: target }
  // Our deployment is PRIMARY now; a lost answer is told apart by the new PRIMARY the update made.
  await (options.clock === undefined
    ? ecs.updateService(request)
    : updateServiceOnce({
        ecs,
        request,
        before: { deployments: [{ id: ref.deploymentId, status: 'PRIMARY' }] },
        clock: options.clock,
        log: { info: log, warning: options.warn ?? log }
      }))
  log(`Updated service ${ref.service} back to ${targetName}.`)
  return {
    method: 'update-service',
    targetTaskDefinitionArn: target,
    state: 'requested',
    reason: `Rollback to ${targetName} requested with UpdateService.`
  }
}

type WatchRollbackPort = Pick<EcsPort, 'describeService' | 'describeServiceDeployment'>

/**
 * Watches a rollback, ECS's or ours, until the service is healthy again on the previous revision
 * or the rollback failed. Reports; never changes the verdict of the deployment itself.
 */
export async function watchRollback(options: {
  ecs: WatchRollbackPort
  clock: Clock
  log: (line: string) => void
  ref: DeploymentRef
  rollback: RollbackReport
  pollIntervalMs: number
  timeoutMs: number
  signal?: AbortSignal
}): Promise<RollbackReport> {
  const { ecs, clock, log, ref, rollback } = options
  const target = rollback.targetTaskDefinitionArn ?? ref.previousTaskDefinitionArn
  const targetName = familyRevision(target)
  // Our UpdateService fallback starts a new deployment with its own service deployment; ours no longer tells.
  let useServiceDeployment =
    ref.serviceDeploymentArn !== undefined && rollback.method !== 'update-service'
  const start = clock.now()
  let lastLine = ''
  log(`Watching the rollback to ${targetName}.`)
  const outcome = await pollUntil<
    { service: Service | undefined; sd?: ServiceDeployment },
    RollbackReport
  >({
    clock,
    intervalMs: options.pollIntervalMs,
    deadline: start + options.timeoutMs,
    ...(options.signal !== undefined && { signal: options.signal }),
    observe: async () => {
      let sd: ServiceDeployment | undefined
      if (useServiceDeployment) {
        try {
          sd = await ecs.describeServiceDeployment(ref.serviceDeploymentArn ?? '')
        } catch (error) {
          if (!meansServiceDeploymentsUnavailable(error)) throw error
        }
        useServiceDeployment = sd !== undefined
      }
      return { service: await ecs.describeService(ref), ...(sd !== undefined && { sd }) }
    },
    decide: ({ service, sd }) => {
      if (service !== undefined) {
        const line = describeState(ref, service, sd)
        if (line !== lastLine) log(`${elapsed(clock.now() - start)} rollback: ${line}`)
        lastLine = line
      }
      const state = judgeRollback({ service, sd, target })
      if (state === undefined) return undefined
      return {
        ...rollback,
        ...(target !== undefined && { targetTaskDefinitionArn: target }),
        state,
        reason:
          state === 'completed'
            ? `The rollback completed: the service runs ${targetName} again, at full strength.`
            : `The rollback to ${targetName} failed${sd?.statusReason ? `: ${sd.statusReason}` : ''}.`
      }
    },
    onTransientError: (error) => {
      log(`${describeAwsError('Poll', error)} Retrying with backoff.`)
    }
  })
  if (outcome.kind === 'decided') return outcome.result
  return {
    ...rollback,
    state: outcome.kind === 'cancelled' ? 'cancelled' : 'timed-out',
    reason:
      outcome.kind === 'cancelled'
        ? `Stopped watching the rollback to ${targetName}: the run was cancelled.`
        : `The rollback to ${targetName} did not finish within ${duration(options.timeoutMs)}.`
  }
}

/** Pure: has the rollback to `target` finished, and how? */
export function judgeRollback(observation: {
  service: Service | undefined
  sd?: ServiceDeployment
  target: string | undefined
}): 'completed' | 'failed' | undefined {
  const { service, sd, target } = observation
  if (sd?.status === 'ROLLBACK_SUCCESSFUL') return 'completed'
  if (sd?.status === 'ROLLBACK_FAILED' || sd?.status === 'STOPPED') return 'failed'
  if (sd !== undefined) return undefined
  if (service === undefined || service.status !== 'ACTIVE') return 'failed'
  const primary = primaryOf(service)
  if (primary === undefined || primary.taskDefinition !== target) return undefined
  if (primary.rolloutState === 'FAILED') return 'failed'
  const done =
    (service.deployments ?? []).length === 1 &&
    (primary.rolloutState === undefined || primary.rolloutState === 'COMPLETED') &&
    primary.runningCount === primary.desiredCount &&
    service.runningCount === service.desiredCount
  return done ? 'completed' : undefined
}
