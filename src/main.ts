import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from './aws/ecs.js'
import { describeAwsError } from './aws/errors.js'
import type { LogsPort } from './aws/logs.js'
import type { Clock } from './clock.js'
import { deploymentsConsoleUrl, logStreamConsoleUrl } from './report/links.js'
import type { Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { writeSummary } from './report/summary.js'
import { pinDeployment, type DeploymentRef } from './rollout/deployment-ref.js'
import { logLocation } from './rollout/logs.js'
import { familyRevision, taskId } from './rollout/names.js'
import { requestRollback, watchRollback, type RollbackReport } from './rollout/rollback.js'
import { findServiceDeployment } from './rollout/service-deployment.js'
import { formatStoppedGroup, groupStoppedReasons } from './rollout/stopped-tasks.js'
import { watchRollout } from './rollout/watch.js'
import { readSettings, type Settings, type SettingsSource } from './settings.js'
import { normalizeTaskDefinition, sameTaskDefinition } from './task-definition/index.js'
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
    await showLogs({ deps, settings, taskDefinition, region, outcome })

  // The last lines of a failed run: what happened, why, and where to look.
  for (const group of groupStoppedReasons(result.stoppedTasks)) {
    core.info(`Why tasks stopped: ${formatStoppedGroup(group)}`)
  }
  if (outcome.log !== undefined) core.info(`Logs: ${outcome.log.url}`)
  core.info(`Deployments: ${consoleUrl}`)
  if (rollback !== undefined) core.info(`Rollback: ${rollback.reason}`)
}

/** Rollbacks after a failed verdict: ECS's, watched when asked, or ours, requested when asked. */
async function afterFailure(options: {
  ecs: EcsPort
  clock: Clock
  settings: Settings
  ref: DeploymentRef
  verdict: NonNullable<Outcome['verdict']>
  signal?: AbortSignal
}): Promise<RollbackReport | undefined> {
  const { ecs, clock, settings, ref, verdict } = options
  const watch = (rollback: RollbackReport): Promise<RollbackReport> =>
    core.group('Watch rollback', () =>
      watchRollback({
        ecs,
        clock,
        log: (line) => core.info(line),
        ref,
        rollback,
        pollIntervalMs: settings.pollIntervalSeconds * 1000,
        timeoutMs: settings.waitForMinutes * 60_000,
        ...(options.signal !== undefined && { signal: options.signal })
      })
    )
  if (verdict.kind === 'rolled-back') {
    if (!settings.waitForRollback) return undefined
    return watch({
      method: 'ecs',
      ...(verdict.rollbackTaskDefinitionArn !== undefined && {
        targetTaskDefinitionArn: verdict.rollbackTaskDefinitionArn
      }),
      state: 'requested',
      reason: `ECS is rolling back to ${familyRevision(verdict.rollbackTaskDefinitionArn)}.`
    })
  }
  const ours =
    verdict.kind === 'timed-out' ||
    verdict.kind === 'cancelled' ||
    (verdict.kind === 'failed' && verdict.failFast === true)
  if (!ours || !settings.rollbackOnFailure) return undefined
  const requested = await core.group('Roll back', () =>
    requestRollback({ ecs, ref, log: (line) => core.info(line) }).catch(
      (error: unknown): RollbackReport => {
        const reason = `Could not roll back: ${describeAwsError('UpdateService', error)}`
        core.warning(reason)
        return { method: 'update-service', state: 'failed', reason }
      }
    )
  )
  // A cancelled job is killed seconds later: request the rollback, do not wait for it.
  return requested.state === 'requested' && verdict.kind !== 'cancelled'
    ? watch(requested)
    : requested
}

/** The awslogs stream of the first failed task: a console link, and its last lines when asked. */
async function showLogs(options: {
  deps: RunDependencies
  settings: Settings
  taskDefinition: RegisterTaskDefinitionCommandInput
  region: string
  outcome: Outcome
}): Promise<void> {
  const { deps, settings, taskDefinition, region, outcome } = options
  const [task] = outcome.stoppedTasks
  if (task === undefined) return
  const location = logLocation({
    task,
    containers: taskDefinition.containerDefinitions ?? [],
    defaultRegion: region
  })
  if ('why' in location) {
    core.info(`No log link for task ${taskId(task.taskArn)}: ${location.why}.`)
    return
  }
  const url = logStreamConsoleUrl(location)
  outcome.log = { ...location, url }
  if (settings.showLogs === 0) return
  await core.group(
    `Last ${settings.showLogs} log lines of task ${taskId(task.taskArn)} (${location.container})`,
    async () => {
      try {
        const lines = await deps.logs().tail({ ...location, lines: settings.showLogs })
        outcome.log = { ...location, url, lines }
        for (const line of lines) core.info(line)
        if (lines.length === 0) core.info('(the log stream is empty)')
      } catch (error) {
        const why = describeAwsError('GetLogEvents', error)
        outcome.log = { ...location, url, why }
        core.info(`Could not read the log stream ${location.group}/${location.stream}: ${why}`)
      }
    }
  )
}

/** Does the service already run exactly this task definition? Then there is nothing to roll out. */
async function unchanged(
  ecs: EcsPort,
  rendered: RegisterTaskDefinitionCommandInput,
  currentArn: string
): Promise<boolean> {
  const current = await call('DescribeTaskDefinition', () => ecs.describeTaskDefinition(currentArn))
  const { taskDefinition } = normalizeTaskDefinition({
    taskDefinition: current.taskDefinition,
    tags: current.tags
  })
  return sameTaskDefinition(rendered, taskDefinition)
}

/** Nothing to roll out: register nothing, start no deployment, and say so. */
async function keep(
  ecs: EcsPort,
  settings: Settings,
  before: Service,
  outcome: Outcome
): Promise<void> {
  const current = before.taskDefinition ?? ''
  outcome.taskDefinitionArn = current
  let reason = `Nothing to roll out: service ${settings.service ?? ''} already runs ${familyRevision(current)}, which matches the task definition.`
  if (settings.desiredCount !== undefined && settings.desiredCount !== before.desiredCount) {
    // A desired count alone changes the count, not the revision: ECS starts no deployment for it.
    await call('UpdateService', () =>
      ecs.updateService({
        cluster: settings.cluster,
        service: settings.service ?? '',
        desiredCount: settings.desiredCount
      })
    )
    reason += ` Desired count set to ${settings.desiredCount}.`
  }
  core.info(`${reason} Use force-new-deployment: true to restart its tasks anyway.`)
  outcome.verdict = { kind: 'unchanged', reason }
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

async function checkService(ecs: EcsPort, cluster: string, name: string): Promise<Service> {
  const service = await call('DescribeServices', () =>
    ecs.describeService({ cluster, service: name })
  )
  if (service === undefined) {
    throw new Error(
      `Service ${name} was not found in cluster ${cluster}. Check the "service" and "cluster" inputs and the AWS region.`
    )
  }
  if (service.status !== 'ACTIVE') {
    throw new Error(
      `Service ${name} is ${service.status ?? 'not ACTIVE'}: only an ACTIVE service can be deployed to.`
    )
  }
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller !== 'ECS') {
    throw new Error(
      `Service ${name} uses the ${controller} deployment controller, which ECS Rollout does not support yet. ` +
        'Only services with the ECS (rolling update) controller can be deployed.'
    )
  }
  core.info(
    `Service ${name} in cluster ${cluster} is ACTIVE and runs ${familyRevision(service.taskDefinition)}.`
  )
  return service
}

/** Runs one AWS call and turns its error into a line that says what failed and what to do. */
async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw new Error(describeAwsError(operation, error), { cause: error })
  }
}
