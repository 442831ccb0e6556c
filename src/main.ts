import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from './aws/ecs.js'
import { describeAwsError } from './aws/errors.js'
import type { Clock } from './clock.js'
import { deploymentsConsoleUrl } from './report/links.js'
import type { Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { writeSummary } from './report/summary.js'
import { pinDeployment } from './rollout/deployment-ref.js'
import { familyRevision } from './rollout/names.js'
import { formatStoppedGroup, groupStoppedReasons } from './rollout/stopped-tasks.js'
import { watchRollout } from './rollout/watch.js'
import { readSettings, type Settings, type SettingsSource } from './settings.js'
import { prepareTaskDefinition } from './task-definition/prepare.js'

export interface RunDependencies {
  source: SettingsSource
  readFile(path: string): Promise<string>
  /** Created only after the inputs are valid, so bad input never reaches AWS. */
  ecs(): EcsPort
  clock(scale: number): Clock
  signal?: AbortSignal
}

/** The phases in order. The only place that fails the step. */
export async function run(deps: RunDependencies): Promise<void> {
  const outcome: Outcome = { cluster: '', images: [], stoppedTasks: [] }
  try {
    await deploy(deps, outcome)
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
}

async function deploy(deps: RunDependencies, outcome: Outcome): Promise<void> {
  const settings = readSettings(deps.source)
  outcome.cluster = settings.cluster
  if (settings.service !== undefined) outcome.service = settings.service

  const taskDefinition = await core.group('Render task definition', () => render(deps, settings))
  outcome.family = taskDefinition.family ?? ''
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

  const registered = await core.group('Register task definition', async () => {
    const td = await call('RegisterTaskDefinition', () =>
      ecs.registerTaskDefinition(taskDefinition)
    )
    core.info(`Registered ${familyRevision(td.taskDefinitionArn)} (${td.taskDefinitionArn ?? ''}).`)
    return td
  })
  outcome.taskDefinitionArn = registered.taskDefinitionArn ?? ''
  if (service === undefined || before === undefined) {
    core.info('No "service" input: registered the task definition only.')
    return
  }

  const consoleUrl = deploymentsConsoleUrl({
    region: await ecs.region(),
    cluster: settings.cluster,
    service
  })
  outcome.consoleUrl = consoleUrl
  const ref = await core.group('Update service', async () => {
    const after = await call('UpdateService', () =>
      ecs.updateService({
        cluster: settings.cluster,
        service,
        taskDefinition: outcome.taskDefinitionArn ?? '',
        ...(settings.forceNewDeployment !== undefined && {
          forceNewDeployment: settings.forceNewDeployment
        }),
        ...(settings.desiredCount !== undefined && { desiredCount: settings.desiredCount })
      })
    )
    const pinned = pinDeployment({
      cluster: settings.cluster,
      service,
      taskDefinitionArn: outcome.taskDefinitionArn ?? '',
      before,
      after
    })
    core.info(
      `Started deployment ${pinned.deploymentId}: ${familyRevision(pinned.previousTaskDefinitionArn)} → ` +
        `${familyRevision(pinned.taskDefinitionArn)}.`
    )
    core.info(`Console: ${consoleUrl}`)
    return pinned
  })
  outcome.ref = ref

  if (!settings.waitForServiceStability) {
    core.info(
      'wait-for-service-stability is false: not waiting, so the outcome of the rollout is unknown.'
    )
    return
  }
  const result = await core.group('Watch rollout', () =>
    watchRollout({
      ecs,
      clock: deps.clock(settings.timeScale),
      log: {
        info: (line) => {
          core.info(line)
        },
        warning: (line) => {
          core.warning(line)
        }
      },
      ref,
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      timeoutMs: settings.waitForMinutes * 60_000,
      knownEventIds: (before.events ?? []).flatMap((e) => (e.id === undefined ? [] : [e.id])),
      ...(deps.signal !== undefined && { signal: deps.signal })
    })
  )
  outcome.verdict = result.verdict
  outcome.stoppedTasks = result.stoppedTasks
  outcome.durationMs = result.elapsedMs

  if (result.verdict.kind === 'succeeded') {
    core.info(result.verdict.reason)
    return
  }
  // The last lines of a failed run: what happened, why, and where to look.
  for (const group of groupStoppedReasons(result.stoppedTasks))
    core.info(`Why tasks stopped: ${formatStoppedGroup(group)}`)
  core.info(`Details: ${consoleUrl}`)
  throw new Error(`Rollout ${result.verdict.kind}: ${result.verdict.reason}`)
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
