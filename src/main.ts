import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import { configureAwsClients } from './aws/client-config.js'
import type { RunDependencies } from './run/dependencies.js'
import { deploymentStateForVerdict, startGitHubDeployment } from './github/deployments.js'
import { readAppSpec } from './phases/codedeploy.js'
import { checkImages } from './phases/images.js'
import { printLines } from './text/step-log.js'
import { withProvenance } from './phases/provenance.js'
import { registerTaskDefinition } from './aws/register-task-definition.js'
import { runTaskPhase } from './phases/run-task.js'
import { moveScheduledTasksPhase, planScheduledTasksPhase } from './phases/scheduled-tasks.js'
import {
  checkService,
  describeRevision,
  identicalRevision,
  withRevisionCache,
  type Revision
} from './phases/service.js'
import { deployServices } from './phases/services.js'
import { loadSource, type LoadedSource } from './phases/source.js'
import { taskDefinitionDiff } from './report/diff.js'
import type { Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { valuesToMask } from './report/secret-values.js'
import { skippedReport } from './scheduled/report.js'
import { writeSummary } from './report/summary.js'
import { familyRevision } from './text/names.js'
import { resolveContainerOverrides } from './run-task/overrides.js'
import { readSettings, type Settings } from './settings/index.js'
import { prepareTaskDefinition } from './task-definition/prepare.js'

export type { RunDependencies } from './run/dependencies.js'

/** The phases in order. The only place that fails the step. */
export async function run(deps: RunDependencies): Promise<void> {
  const outcome: Outcome = { cluster: '', images: [], stoppedTasks: [], timeline: [] }
  let settings: Settings | undefined
  try {
    settings = readSettings(deps.source)
    configureAwsClients({ maxAttempts: settings.maxRetries })
    if (settings.githubDeployment.enabled) core.setSecret(settings.githubDeployment.token)
    // Before anything is printed: the runner masks these wherever they appear (see secret-values.ts).
    for (const value of valuesToMask({
      render: settings.render,
      showValues: settings.showEnvironmentValues,
      env: process.env
    }))
      core.setSecret(value)
    await deploy(deps, settings, outcome)
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error)
    core.setFailed(outcome.error)
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
  const names = settings.services
  // Revisions never change: each is described at most once a run, whichever step asks first.
  const ecs = withRevisionCache(deps.ecs())
  const services = new Map<string, Service>()
  const check = async (name: string): Promise<Service> => {
    const found = await core.group(`Check service ${name}`, () =>
      checkService(ecs, settings.cluster, name)
    )
    services.set(name, found)
    return found
  }
  // A file is rendered before any AWS call, so bad input never reaches AWS; other sources need ECS first.
  const [first] = names
  const source =
    first !== undefined && settings.taskDefinition.kind === 'service'
      ? await check(first)
      : undefined
  const log = {
    info: (line: string) => printLines(line),
    warning: (line: string) => core.warning(line)
  }
  const loaded = await loadSource({
    source: settings.taskDefinition,
    readFile: (path) => deps.readFile(path),
    ecs: () => ecs,
    ...(source?.taskDefinition !== undefined && {
      serviceTaskDefinition: source.taskDefinition
    })
  })
  const rendered = await core.group('Render task definition', () =>
    Promise.resolve(render(loaded, settings))
  )
  if (settings.runTask !== undefined) {
    // Overrides naming containers the task definition lacks are input errors, found before any change.
    resolveContainerOverrides({ ...settings.runTask, taskDefinition: rendered })
  }
  // Read-only checks come first: a missing or unsupported service must not leave a registered revision behind.
  for (const name of names) if (!services.has(name)) await check(name)
  const appSpec = [...services.values()].some(
    (service) => service.deploymentController?.type === 'CODE_DEPLOY'
  )
    ? await readAppSpec((path) => deps.readFile(path), settings, rendered)
    : undefined
  const before = first === undefined ? undefined : services.get(first)
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
  const running: Revision[] = []
  for (const arn of new Set([...services.values()].map((s) => s.taskDefinition))) {
    if (arn === undefined) continue
    const revision = latest?.arn === arn ? latest : await describeRevision(ecs, arn)
    if (revision !== undefined) running.push(revision)
  }
  const baseline = running.find((r) => r.arn === before?.taskDefinition) ?? latest
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
      printLines(diff === '' ? 'No changes.' : diff)
      return Promise.resolve()
    })
  }
  // Reads only, like the checks above: a wrong rule or schedule name stops the run before any change.
  const clusterArn = [...services.values()].find((s) => s.clusterArn !== undefined)?.clusterArn
  const scheduled = await planScheduledTasksPhase({
    deps,
    settings,
    family: taskDefinition.family ?? '',
    ...(clusterArn !== undefined && { clusterArn }),
    outcome
  })
  if (settings.dryRun) {
    core.info(
      'dry-run: rendered and checked; nothing was registered and the service was not updated.'
    )
    return
  }

  // Reuse a revision with this content (one a service runs first), unless asked to register anyway.
  // The revision read from ECS is one too: promoting it unchanged must not register a copy.
  const promoted =
    loaded.revisionArn === undefined ? undefined : await describeRevision(ecs, loaded.revisionArn)
  const reused = settings.registerUnchanged
    ? undefined
    : identicalRevision(taskDefinition, [...running, promoted, latest])
  const runsIt = (service: Service): boolean =>
    reused !== undefined &&
    service.taskDefinition === reused.arn &&
    settings.serviceUpdate.forceNewDeployment !== true
  const everyServiceRunsIt = names.length > 0 && [...services.values()].every(runsIt)
  const taskDefinitionArn =
    reused?.arn ??
    (await core.group('Register task definition', async () => {
      // After a lost answer, reuses the revision the call made rather than registering a copy.
      const td = await registerTaskDefinition({
        ecs,
        taskDefinition: await withProvenance(taskDefinition, settings, deps),
        ...(latest !== undefined && { latestBefore: latest.arn }),
        clock: deps.clock,
        log
      })
      return td.taskDefinitionArn ?? ''
    }))
  if (reused !== undefined && !everyServiceRunsIt) {
    core.info(
      `${familyRevision(reused.arn)} already has this content: reusing it, registering nothing (register-unchanged: true registers anyway).`
    )
  }
  outcome.taskDefinitionArn = taskDefinitionArn
  // Until they move, the report says they did not: an error on the way leaves them where they were.
  if (scheduled !== undefined) {
    outcome.scheduledTasks = skippedReport(
      scheduled,
      taskDefinitionArn,
      'Scheduled tasks stay on their revisions: the run stopped before they could move.'
    )
  }
  const moveScheduled = (): Promise<void> =>
    moveScheduledTasksPhase({
      deps,
      settings,
      plan: scheduled,
      taskDefinitionArn,
      names,
      outcome
    })
  if (names.length === 0) {
    if (settings.runTask !== undefined)
      await runTaskPhase({ deps, ecs, settings, taskDefinitionArn, taskDefinition, outcome })
    core.info(
      `No "service" input: ${reused === undefined ? 'registered' : 'reused'} the task definition only.`
    )
    await moveScheduled()
    return
  }

  const wanted = settings.githubDeployment
  const github = wanted.enabled
    ? await core.group('GitHub deployment', async () =>
        startGitHubDeployment({
          port: deps.github.deployments(wanted.token),
          context: await deps.github.context(),
          environment: wanted.environment,
          ...(wanted.environmentUrl !== undefined && { environmentUrl: wanted.environmentUrl }),
          description: `ECS Rollout: ${familyRevision(taskDefinitionArn)} to ${names.join(', ')}`,
          payload: { cluster: settings.cluster, services: names, taskDefinitionArn },
          log
        })
      )
    : undefined
  try {
    const passed =
      settings.runTask === undefined ||
      (await runTaskPhase({
        deps,
        ecs,
        settings,
        taskDefinitionArn,
        taskDefinition,
        outcome,
        names
      }))
    if (passed)
      await deployServices({
        appSpec,
        deps,
        ecs,
        settings,
        services,
        taskDefinitionArn,
        taskDefinition,
        outcome,
        afterRollout: moveScheduled
      })
    else await moveScheduled()
  } finally {
    // Every path ends the GitHub deployment, errors included; not waiting leaves it in progress.
    const verdict = outcome.verdict
    if (github !== undefined && (verdict !== undefined || settings.waitForServiceStability)) {
      await github.finish(
        verdict === undefined
          ? 'error'
          : verdict.kind === 'unchanged'
            ? 'success'
            : deploymentStateForVerdict(verdict.kind),
        verdict?.reason ?? 'The deploy stopped with an error; see the run.'
      )
    }
  }
}

function render(loaded: LoadedSource, settings: Settings): RegisterTaskDefinitionCommandInput {
  const prepared = prepareTaskDefinition({
    text: loaded.text,
    source: loaded.label,
    renderSettings: settings.render
  })
  for (const line of prepared.info) printLines(line)
  for (const line of prepared.warnings) core.warning(line)
  return prepared.taskDefinition
}
