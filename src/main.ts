import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from './aws/ecs.js'
import { awsCall as call } from './aws/errors.js'
import type { EcrPort } from './aws/ecr.js'
import type { LogsPort } from './aws/logs.js'
import type { Clock } from './clock.js'
import { afterFailure, showLogs } from './phases/failure.js'
import {
  checkService,
  describeRevision,
  identicalRevision,
  keep,
  withRevisionCache
} from './phases/service.js'
import { checkImages } from './phases/images.js'
import { taskDefinitionDiff } from './report/diff.js'
import { loadSource, type LoadedSource } from './phases/source.js'
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
  ecr(): EcrPort
  /** Writes the rendered task definition for other steps; returns its path. */
  writeRendered(taskDefinition: RegisterTaskDefinitionCommandInput): Promise<string>
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

  // Revisions never change: each is described at most once a run, whichever step asks first.
  const ecs = withRevisionCache(deps.ecs())
  const service = settings.service
  const check = (name: string): Promise<Service> =>
    core.group('Check service', () => checkService(ecs, settings.cluster, name))
  // A file is rendered before any AWS call, so bad input never reaches AWS; other sources need ECS first.
  let before =
    service !== undefined && settings.taskDefinition.kind === 'service'
      ? await check(service)
      : undefined
  const log = {
    info: (line: string) => core.info(line),
    warning: (line: string) => core.warning(line)
  }
  const rendered = await core.group('Render task definition', async () =>
    render(
      await loadSource({
        source: settings.taskDefinition,
        readFile: (path) => deps.readFile(path),
        ecs: () => ecs,
        ...(before?.taskDefinition !== undefined && {
          serviceTaskDefinition: before.taskDefinition
        })
      }),
      settings
    )
  )
  // Read-only checks come first: a missing or unsupported service must not leave a registered revision behind.
  if (service !== undefined) before ??= await check(service)
  if (before?.taskDefinition !== undefined)
    outcome.previousTaskDefinitionArn = before.taskDefinition

  const checked = settings.verifyImages
    ? await core.group('Check images', () =>
        checkImages({
          ecr: deps.ecr(),
          taskDefinition: rendered,
          pin: settings.pinImageDigest,
          log
        })
      )
    : { taskDefinition: rendered, digests: {} }
  const taskDefinition = checked.taskDefinition
  // After pinning: the summary shows the images the revision names.
  outcome.images = (taskDefinition.containerDefinitions ?? []).map((c) => ({
    container: c.name ?? '?',
    image: c.image ?? '?'
  }))
  outcome.imageDigests = checked.digests
  outcome.renderedPath = await deps.writeRendered(taskDefinition)

  // Usually the service runs the family's latest revision: then one description serves both.
  const latest = await describeRevision(ecs, taskDefinition.family ?? '')
  const running = before?.taskDefinition
  const current =
    running === undefined
      ? undefined
      : latest?.arn === running
        ? latest
        : await describeRevision(ecs, running)
  const baseline = current ?? latest
  if (baseline !== undefined) {
    const diff = taskDefinitionDiff({
      before: baseline.taskDefinition,
      after: taskDefinition,
      beforeName: familyRevision(baseline.arn),
      afterName: 'new',
      showValues: settings.showEnvironmentValues
    })
    outcome.diff = { from: familyRevision(baseline.arn), text: diff }
    await core.group(`Changes from ${familyRevision(baseline.arn)}`, () => {
      core.info(diff === '' ? 'No changes.' : diff)
      return Promise.resolve()
    })
  }
  if (settings.dryRun) {
    core.info(
      'dry-run: rendered and checked; nothing was registered and the service was not updated.'
    )
    return
  }

  const reused = settings.registerUnchanged
    ? undefined
    : identicalRevision(taskDefinition, [current, latest])
  if (
    reused !== undefined &&
    before !== undefined &&
    reused.arn === before.taskDefinition &&
    settings.forceNewDeployment !== true
  ) {
    await keep(ecs, settings, before, outcome)
    return
  }
  const taskDefinitionArn =
    reused?.arn ??
    (await core.group('Register task definition', async () => {
      const td = await call('RegisterTaskDefinition', () =>
        ecs.registerTaskDefinition(taskDefinition)
      )
      core.info(
        `Registered ${familyRevision(td.taskDefinitionArn)} (${td.taskDefinitionArn ?? ''}).`
      )
      return td.taskDefinitionArn ?? ''
    }))
  if (reused !== undefined) {
    core.info(
      `${familyRevision(reused.arn)} already has this content: reusing it, registering nothing (register-unchanged: true registers anyway).`
    )
  }
  outcome.taskDefinitionArn = taskDefinitionArn
  if (service === undefined || before === undefined) {
    core.info(
      `No "service" input: ${reused === undefined ? 'registered' : 'reused'} the task definition only.`
    )
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

function render(loaded: LoadedSource, settings: Settings): RegisterTaskDefinitionCommandInput {
  const prepared = prepareTaskDefinition({
    text: loaded.text,
    source: loaded.label,
    renderSettings: settings.render
  })
  for (const line of prepared.info) core.info(line)
  for (const line of prepared.warnings) core.warning(line)
  return prepared.taskDefinition
}
