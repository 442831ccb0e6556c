import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcsPort } from './aws/ecs.js'
import { awsCall as call } from './aws/errors.js'
import type { LogsPort } from './aws/logs.js'
import type { Clock } from './clock.js'
import { afterFailure, showLogs } from './phases/failure.js'
import { checkService, keep, unchanged } from './phases/service.js'
import { deploymentsConsoleUrl } from './report/links.js'
import type { Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { writeSummary } from './report/summary.js'
import { pinDeployment } from './rollout/deployment-ref.js'
import { familyRevision } from './rollout/names.js'
import { findServiceDeployment } from './rollout/service-deployment.js'
import { formatStoppedGroup, groupStoppedReasons } from './rollout/stopped-tasks.js'
import { watchRollout } from './rollout/watch.js'
import { readSettings, type Settings, type SettingsSource } from './settings.js'
import { prepareTaskDefinition } from './task-definition/prepare.js'

export interface RunDependencies {
  source: SettingsSource
  readFile(path: string): Promise<string>
  /** Created only after the inputs are valid, so bad input never reaches AWS. */
  ecs(): EcsPort
  logs(): LogsPort
  clock(scale: number): Clock
  signal?: AbortSignal
}

/** The phases in order. The only place that fails the step. */
export async function run(deps: RunDependencies): Promise<void> {
  const outcome: Outcome = { cluster: '', images: [], stoppedTasks: [], timeline: [] }
  let settings: Settings | undefined
  try {
    settings = readSettings(deps.source)
    await deploy(deps, settings, outcome)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
  // Reporting must never hide the verdict: a broken output file or summary is only a warning.
  try {
    setOutputs(outcome)
    await writeSummary(outcome)
  } catch (error) {
    core.warning(`Could not write the step outputs or job summary: ${String(error)}`)
  }
  const verdict = outcome.verdict
  if (verdict === undefined || verdict.kind === 'succeeded' || verdict.kind === 'unchanged') return
  if (verdict.kind === 'superseded' && settings?.onSuperseded === 'succeed') {
    core.notice(`${verdict.reason} on-superseded is succeed, so the step passes.`)
    return
  }
  core.error(verdict.reason, { title: `ECS Rollout: ${verdict.kind}` })
  process.exitCode = 1
}

async function deploy(deps: RunDependencies, settings: Settings, outcome: Outcome): Promise<void> {
  outcome.cluster = settings.cluster
  if (settings.service !== undefined) outcome.service = settings.service

  const taskDefinition = await core.group('Render task definition', () => render(deps, settings))
  outcome.images = (taskDefinition.containerDefinitions ?? []).map((c) => ({
    container: c.name ?? '?',
    image: c.image ?? '?'
  }))

  const ecs = deps.ecs()
  const service = settings.service
  // Read-only checks come first: a missing or unsupported service must not leave a registered revision behind.
  const before =
    service === undefined
      ? undefined
      : await core.group('Check service', () => checkService(ecs, settings.cluster, service))
  if (before?.taskDefinition !== undefined) {
    outcome.previousTaskDefinitionArn = before.taskDefinition
    if (
      settings.forceNewDeployment !== true &&
      (await unchanged(ecs, taskDefinition, before.taskDefinition))
    ) {
      await keep(ecs, settings, before, outcome)
      return
    }
  }

  const registered = await core.group('Register task definition', async () => {
    const td = await call('RegisterTaskDefinition', () =>
      ecs.registerTaskDefinition(taskDefinition)
    )
    core.info(`Registered ${familyRevision(td.taskDefinitionArn)} (${td.taskDefinitionArn ?? ''}).`)
    return td
  })
  const taskDefinitionArn = registered.taskDefinitionArn ?? ''
  outcome.taskDefinitionArn = taskDefinitionArn
  if (service === undefined || before === undefined) {
    core.info('No "service" input: registered the task definition only.')
    return
  }

  if (deps.signal?.aborted) {
    // Cancelled before anything was deployed: leave the service as it is.
    outcome.verdict = {
      kind: 'cancelled',
      reason: `The run was cancelled before service ${service} was updated; nothing was deployed.`
    }
    return
  }
  const region = await ecs.region()
  const consoleUrl = deploymentsConsoleUrl({ region, cluster: settings.cluster, service })
  outcome.consoleUrl = consoleUrl
  const ref = await core.group('Update service', async () => {
    const after = await call('UpdateService', () =>
      ecs.updateService({
        cluster: settings.cluster,
        service,
        taskDefinition: taskDefinitionArn,
        ...(settings.forceNewDeployment !== undefined && {
          forceNewDeployment: settings.forceNewDeployment
        }),
        ...(settings.desiredCount !== undefined && { desiredCount: settings.desiredCount })
      })
    )
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
      log: (line) => core.info(line)
    })
    core.info(
      `Started deployment ${pinned.deploymentId}: ${familyRevision(pinned.previousTaskDefinitionArn)} → ` +
        `${familyRevision(taskDefinitionArn)}.`
    )
    core.info(`Console: ${consoleUrl}`)
    return { ...pinned, ...(arn !== undefined && { serviceDeploymentArn: arn }) }
  })
  outcome.ref = ref

  if (!settings.waitForServiceStability) {
    core.info(
      'wait-for-service-stability is false: not waiting, so the outcome of the rollout is unknown.'
    )
    return
  }
  const clock = deps.clock(settings.timeScale)
  const log = {
    info: (line: string) => core.info(line),
    warning: (line: string) => core.warning(line)
  }
  const result = await core.group('Watch rollout', () =>
    watchRollout({
      ecs,
      clock,
      log,
      ref,
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      timeoutMs: settings.waitForMinutes * 60_000,
      knownEventIds: (before.events ?? []).flatMap((e) => (e.id === undefined ? [] : [e.id])),
      ...(settings.failFastFailedTasks !== undefined && {
        failFastFailedTasks: settings.failFastFailedTasks
      }),
      ...(deps.signal !== undefined && { signal: deps.signal })
    })
  )
  const verdict = result.verdict
  outcome.verdict = verdict
  outcome.stoppedTasks = result.stoppedTasks
  outcome.durationMs = result.elapsedMs
  outcome.timeline = result.timeline
  if (verdict.kind === 'succeeded') {
    core.info(verdict.reason)
    return
  }

  const rollback = await afterFailure({
    ecs,
    clock,
    settings,
    ref,
    verdict,
    ...(deps.signal && { signal: deps.signal })
  })
  if (rollback !== undefined) outcome.rollback = rollback
  if (verdict.kind !== 'cancelled')
    await showLogs({ logs: () => deps.logs(), settings, taskDefinition, region, outcome })

  // The last lines of a failed run: what happened, why, and where to look.
  for (const group of groupStoppedReasons(result.stoppedTasks)) {
    core.info(`Why tasks stopped: ${formatStoppedGroup(group)}`)
  }
  if (outcome.log !== undefined) core.info(`Logs: ${outcome.log.url}`)
  core.info(`Deployments: ${consoleUrl}`)
  if (rollback !== undefined) core.info(`Rollback: ${rollback.reason}`)
}

async function render(
  deps: RunDependencies,
  settings: Settings
): Promise<RegisterTaskDefinitionCommandInput> {
  const { path, input } = settings.taskDefinition
  const text = await deps.readFile(path).catch((error: unknown) => {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${String(error)})`
    throw new Error(
      `Input "task-definition": file ${input} ${why}. Expected a JSON or YAML task definition file (resolved to ${path}).`
    )
  })
  const prepared = prepareTaskDefinition({
    text,
    source: input,
    ...(settings.containerName !== undefined && { containerName: settings.containerName }),
    ...(settings.image !== undefined && { image: settings.image })
  })
  for (const line of prepared.info) core.info(line)
  for (const line of prepared.warnings) core.warning(line)
  return prepared.taskDefinition
}
