import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { updateServiceOnce } from '../aws/update-service.js'
import type { LogsPort } from '../aws/logs.js'
import type { Clock } from '../clock.js'
import { deploymentsConsoleUrl } from '../text/links.js'
import type { ServiceOutcome } from '../report/outcome.js'
import type { CallBudget } from '../rollout/call-budget.js'
import { primaryOf } from '../aws/service-deployments.js'
import { pinDeployment } from '../rollout/deployment-ref.js'
import { familyRevision } from '../text/names.js'
import { findServiceDeployment } from '../rollout/service-deployment.js'
import { formatStoppedGroup, groupStoppedReasons } from '../rollout/stopped-tasks.js'
import { watchRollout } from '../rollout/watch.js'
import type { Settings } from '../settings/index.js'
import { afterFailure, showLogs } from './failure.js'
import type { PhaseLog } from '../text/step-log.js'
import type { CodeDeployPort } from '../aws/codedeploy.js'
import type { AppSpec } from '../codedeploy/index.js'
import { rollOutWithCodeDeploy } from './codedeploy.js'

/** What every service's roll-out shares: one revision, one clock, one API call budget. */
export interface RollOutContext {
  ecs: EcsPort
  logs: () => LogsPort
  clock: Clock
  settings: Settings
  region: string
  taskDefinitionArn: string
  /** The rendered task definition: where its containers log. */
  taskDefinition: RegisterTaskDefinitionCommandInput
  budget?: CallBudget
  /** For CODE_DEPLOY services: checked before anything was registered. */
  appSpec?: AppSpec
  codeDeploy: () => CodeDeployPort
  signal?: AbortSignal
}

/**
 * One service: update it, pin the deployment this created, watch it to a verdict, then roll back and
 * show logs as asked. Writes what it learns into `outcome` as it goes, so a crash still reports it.
 */
export async function rollOutService(
  context: RollOutContext,
  before: Service,
  outcome: ServiceOutcome,
  log: PhaseLog
): Promise<void> {
  const { ecs, settings, taskDefinitionArn } = context
  const service = outcome.service
  const update = settings.serviceUpdate
  if (before.deploymentController?.type === 'CODE_DEPLOY') {
    await rollOutWithCodeDeploy(context, before, outcome, log)
    return
  }
  const strategy = before.deploymentConfiguration?.strategy ?? 'ROLLING'
  if (settings.waitUntilStage !== undefined && strategy === 'ROLLING') {
    log.warning(
      `wait-until-stage applies to BLUE_GREEN, LINEAR and CANARY deployments; service ${service} uses rolling updates, so the whole deployment is watched.`
    )
  }
  let started: Service | undefined
  if (before.taskDefinition === taskDefinitionArn && update.forceNewDeployment !== true) {
    started = await keep(context, before, outcome, log)
    if (started === undefined) return
  }
  if (context.signal?.aborted) {
    // Cancelled before anything was deployed: leave the service as it is.
    outcome.verdict = {
      kind: 'cancelled',
      reason: `The run was cancelled before service ${service} was updated; nothing was deployed.`
    }
    return
  }
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
        before,
        clock: context.clock,
        log
      }))
    const pinned = pinDeployment({
      cluster: settings.cluster,
      service,
      taskDefinitionArn,
      before,
      after
    })
    const arn = await findServiceDeployment({
      ecs,
      ref: pinned,
      updated: after,
      log: (line) => log.info(line)
    })
    log.info(
      `Started deployment ${pinned.deploymentId}: ${familyRevision(pinned.previousTaskDefinitionArn)} → ` +
        `${familyRevision(taskDefinitionArn)}.`
    )
    log.info(`Console: ${consoleUrl}`)
    return { ...pinned, ...(arn !== undefined && { serviceDeploymentArn: arn }) }
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
      ecs,
      clock: context.clock,
      log,
      ref,
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      timeoutMs: settings.waitForMinutes * 60_000,
      knownEventIds: (before.events ?? []).flatMap((e) => (e.id === undefined ? [] : [e.id])),
      ...(settings.failFastFailedTasks !== undefined && {
        failFastFailedTasks: settings.failFastFailedTasks
      }),
      ...(context.budget !== undefined && { budget: context.budget }),
      ...(settings.waitUntilStage !== undefined && { waitUntilStage: settings.waitUntilStage }),
      ...(context.signal !== undefined && { signal: context.signal })
    })
  )
  const verdict = result.verdict
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
    clock: context.clock,
    settings,
    ref,
    verdict,
    log,
    ...(context.signal && { signal: context.signal })
  })
  if (rollback !== undefined) outcome.rollback = rollback
  if (verdict.kind !== 'cancelled') {
    await showLogs({
      logs: context.logs,
      settings,
      taskDefinition: context.taskDefinition,
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
  const { settings } = context
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
      ecs: context.ecs,
      request: { cluster: settings.cluster, service, ...members },
      before,
      clock: context.clock,
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
