import type { Service } from '@aws-sdk/client-ecs'
import { primaryOf } from '../aws/service-deployments.js'
import { awsCall } from '../aws/errors.js'
import { updateServiceOnce } from '../aws/update-service.js'
import type { ServiceOutcome } from '../report/outcome.js'
import { pinDeployment } from '../rollout/deployment-ref.js'
import { leastRolloutMs } from '../rollout/strategy-time.js'
import { formatStoppedGroup, groupStoppedReasons } from '../rollout/stopped-tasks.js'
import { watchRollout } from '../rollout/watch.js'
import { deploymentsConsoleUrl } from '../text/links.js'
import { familyRevision } from '../text/names.js'
import type { PhaseLog } from '../text/step-log.js'
import { afterFailure, showLogs } from './ecs-after-failure.js'
import type { DeploymentMethod, RollOutContext, RollOutOptions } from './method.js'

/** The ECS deployment controller: rolling updates, and ECS's own blue/green, linear and canary. */
export function ecsMethod(): DeploymentMethod {
  return {
    describe: (service) => `${service.deploymentConfiguration?.strategy ?? 'ROLLING'} deployments`,
    // Warnings about the service's settings, before any change (dry runs show them too).
    prepare: ({ target, run, log }) => {
      const { settings } = run
      const service = target.before
      if (service.deploymentConfiguration?.deploymentCircuitBreaker?.enable !== true) {
        log.warning(
          `Service ${target.name} has the deployment circuit breaker off: ECS will keep replacing failing tasks and never roll back. ` +
            'Our own failure detection is then the only guard: set fail-fast-failed-tasks (and rollback-on-failure).'
        )
      }
      warnIfTooShort(service, settings.waitForMinutes, log)
      if (settings.waitUntilStage !== undefined) {
        if ((service.deploymentConfiguration?.strategy ?? 'ROLLING') === 'ROLLING') {
          log.warning(
            `wait-until-stage applies to BLUE_GREEN, LINEAR and CANARY deployments; service ${target.name} uses rolling updates, so the whole deployment is watched.`
          )
        } else warnIfNothingHolds(service, settings.waitUntilStage, log)
      }
      return Promise.resolve()
    },
    rollOut: rollOutService
  }
}

/**
 * One service: update it, pin the deployment this created, watch it to a verdict, then roll back and
 * show logs as asked. Writes what it learns into `outcome` as it goes, so a crash still reports it.
 */
async function rollOutService(options: RollOutOptions): Promise<void> {
  const { context, outcome, log } = options
  const { run } = context
  const { ecs, settings } = run
  const before = options.target.before
  const taskDefinitionArn = context.revision.arn
  const service = outcome.service
  const update = settings.serviceUpdate
  let started: Service | undefined
  if (before.taskDefinition === taskDefinitionArn && update.forceNewDeployment !== true) {
    started = await keep(context, before, outcome, log)
    if (started === undefined) return
  }
  if (run.signal?.aborted) {
    // Cancelled before anything was deployed: leave the service as it is.
    outcome.verdict = {
      kind: 'cancelled',
      reason: `The run was cancelled before service ${service} was updated; nothing was deployed.`
    }
    return
  }
  // Image checks, registration and the run-task gate may have taken minutes since the inspection:
  // what the service runs now is the baseline, not what it ran then.
  const fresh = started === undefined ? await baseline(context, service) : before
  const consoleUrl = deploymentsConsoleUrl({
    region: context.region,
    cluster: settings.cluster,
    service
  })
  outcome.consoleUrl = consoleUrl
  const ref = await log.group('Update service', async () => {
    const after =
      started ??
      // After a lost answer, pins the deployment the call started rather than starting another.
      (await updateServiceOnce({
        ecs,
        request: {
          cluster: settings.cluster,
          service,
          taskDefinition: taskDefinitionArn,
          ...update
        },
        before: fresh,
        clock: run.clock,
        log
      }))
    const pinned = pinDeployment({
      cluster: settings.cluster,
      service,
      taskDefinitionArn,
      before: fresh,
      after,
      calledAt: run.clock.now()
    })
    log.info(
      `Started deployment ${pinned.deploymentId}: ${familyRevision(pinned.previousTaskDefinitionArn)} → ` +
        `${familyRevision(taskDefinitionArn)}.`
    )
    log.info(`Console: ${consoleUrl}`)
    return pinned
  })
  outcome.ref = ref

  if (!settings.waitForServiceStability) {
    log.info(
      'wait-for-service-stability is false: not waiting, so the outcome of the rollout is unknown.'
    )
    return
  }
  const result = await log.group('Watch rollout', () =>
    watchRollout({
      ecs: context.reads,
      clock: run.clock,
      log,
      ref,
      ...(fresh.currentServiceDeployment !== undefined && {
        serviceDeploymentBefore: fresh.currentServiceDeployment
      }),
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      timeoutMs: settings.waitForMinutes * 60_000,
      stallMs: settings.stallMinutes * 60_000,
      ...(leastRolloutMs(fresh) !== undefined && { leastRolloutMs: leastRolloutMs(fresh) }),
      knownEventIds: (fresh.events ?? []).flatMap((e) => (e.id === undefined ? [] : [e.id])),
      ...(settings.failFastFailedTasks !== undefined && {
        failFastFailedTasks: settings.failFastFailedTasks
      }),
      budgeted: true,
      ...(context.pollGrid !== undefined && { pollGrid: context.pollGrid }),
      ...(settings.waitUntilStage !== undefined && { waitUntilStage: settings.waitUntilStage }),
      ...(run.signal !== undefined && { signal: run.signal })
    })
  )
  const verdict = result.verdict
  // The deployment the verdict is about, with the service deployment the watch found for it.
  outcome.ref = result.ref
  outcome.verdict = verdict
  outcome.stoppedTasks = result.stoppedTasks
  outcome.durationMs = result.elapsedMs
  outcome.timeline = result.timeline
  if (verdict.kind === 'succeeded') {
    log.info(verdict.reason)
    return
  }

  const rollback = await afterFailure({
    ecs,
    clock: run.clock,
    settings,
    ref: result.ref,
    verdict,
    log,
    ...(run.signal && { signal: run.signal })
  })
  if (rollback !== undefined) outcome.rollback = rollback
  if (verdict.kind !== 'cancelled') {
    await showLogs({
      logs: () => run.deps.logs(),
      settings,
      taskDefinition: context.revision.taskDefinition,
      region: context.region,
      outcome,
      log
    })
  }

  // The last lines of a failed run: what happened, why, and where to look.
  for (const group of groupStoppedReasons(result.stoppedTasks)) {
    log.info(`Why tasks stopped: ${formatStoppedGroup(group)}`)
  }
  if (outcome.log !== undefined) log.info(`Logs: ${outcome.log.url}`)
  log.info(`Deployments: ${consoleUrl}`)
  if (rollback !== undefined) log.info(`Rollback: ${rollback.reason}`)
}

/**
 * The service already runs this revision: start no deployment for it. Service settings the user gave
 * are still applied; when ECS starts a deployment for them, returns the service so it is watched.
 */
async function keep(
  context: RollOutContext,
  before: Service,
  outcome: ServiceOutcome,
  log: PhaseLog
): Promise<Service | undefined> {
  const { settings } = context.run
  const service = outcome.service
  const current = before.taskDefinition ?? ''
  let reason = `Nothing to roll out: service ${service} already runs ${familyRevision(current)}, which matches the task definition.`
  const members = { ...settings.serviceUpdate }
  delete members.forceNewDeployment
  const names = Object.keys(members)
  // The same desired count alone changes nothing: no call at all.
  const sameCount =
    names.length === 1 && members.desiredCount !== undefined
      ? members.desiredCount === before.desiredCount
      : false
  if (names.length > 0 && !sameCount) {
    const after = await updateServiceOnce({
      ecs: context.run.ecs,
      request: { cluster: settings.cluster, service, ...members },
      before,
      clock: context.run.clock,
      log
    })
    // Some settings (volumes, for one) make ECS start a deployment: that one is then watched.
    if (primaryOf(after)?.id !== primaryOf(before)?.id) {
      log.info(
        `Service ${service} already runs ${familyRevision(current)}, but ECS started a deployment for the updated service settings.`
      )
      return after
    }
    reason +=
      members.desiredCount !== undefined && members.desiredCount !== before.desiredCount
        ? ` Desired count set to ${members.desiredCount}.`
        : ''
    const others = names.filter((name) => name !== 'desiredCount')
    if (others.length > 0) reason += ` Updated ${others.join(', ')}.`
  }
  log.info(`${reason} Use force-new-deployment: true to restart its tasks anyway.`)
  outcome.verdict = { kind: 'unchanged', reason }
  return undefined
}

/** DescribeServices again, just before UpdateService. */
async function baseline(context: RollOutContext, service: string): Promise<Service> {
  const { run } = context
  // Through the run's batched reads: the services of one run are described together.
  const now = await awsCall('DescribeServices', () =>
    context.reads.describeService({ cluster: run.settings.cluster, service })
  )
  if (now === undefined || now.status !== 'ACTIVE') {
    throw new Error(
      `Service ${service} is ${now?.status ?? 'gone'} now: it was ACTIVE when the run began, so it was deleted meanwhile. Nothing was deployed.`
    )
  }
  return now
}

/** Before updating: a linear or canary rollout that cannot finish within wait-for-minutes. */
function warnIfTooShort(service: Service, waitForMinutes: number, log: PhaseLog): void {
  const least = leastRolloutMs(service)
  if (least === undefined || least <= waitForMinutes * 60_000) return
  const minutes = Math.ceil(least / 60_000)
  log.warning(
    `This ${service.deploymentConfiguration?.strategy ?? ''} rollout takes at least ${minutes} minutes (its steps and bake times), ` +
      `longer than wait-for-minutes (${waitForMinutes}): it will time out. Set wait-for-minutes to ${minutes + 5} or more.`
  )
}

/**
 * wait-until-stage passes once the deployment reaches the stage; only something that holds it there
 * (a lifecycle hook at that stage, or the stage's own bake time) keeps production traffic waiting
 * while later steps run. Without one ECS moves straight on, and the step passes later than hoped.
 */
function warnIfNothingHolds(service: Service, stage: string, log: PhaseLog): void {
  const config = service.deploymentConfiguration
  const hooked = (config?.lifecycleHooks ?? []).some((hook) =>
    (hook.lifecycleStages ?? []).some((s) => s === stage)
  )
  const bakes =
    (stage === 'BAKE_TIME' && (config?.bakeTimeInMinutes ?? 0) > 0) ||
    (stage === 'PRODUCTION_TRAFFIC_SHIFT' &&
      (config?.strategy === 'LINEAR' || config?.strategy === 'CANARY'))
  if (hooked || bakes) return
  log.warning(
    `wait-until-stage ${stage}: nothing holds service ${service.serviceName ?? ''}'s deployments at that stage (no lifecycle hook there), ` +
      'so ECS moves on at once and the step passes only once the deployment is past it. To run tests while production traffic waits, ' +
      `add a lifecycle hook at ${stage} (a PAUSE hook holds the deployment until ContinueServiceDeployment).`
  )
}
