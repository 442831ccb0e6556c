import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from './aws/ecs.js'
import { awsCall as call } from './aws/errors.js'
import type { EcrPort } from './aws/ecr.js'
import type { LogsPort } from './aws/logs.js'
import type { CodeDeployPort } from './aws/codedeploy.js'
import type { LogStreamPort } from './aws/log-stream.js'
import type { TaskDefinitionsPort } from './aws/task-definitions.js'
import type { TaskPort } from './aws/tasks.js'
import type { Clock } from './clock.js'
import { appSpecContainerProblem, loadAppSpec, type AppSpec } from './codedeploy/index.js'
import { githubContextTags } from './github/context-tags.js'
import {
  deploymentStateForVerdict,
  startGitHubDeployment,
  type GitHubDeploymentsPort
} from './github/deployments.js'
import { mergeTags } from './github/merge-tags.js'
import type { WorkflowContext } from './github/workflow-context.js'
import { deregisterPrevious } from './phases/housekeeping.js'
import { serviceLog, stepLog } from './phases/log.js'
import { rollOutService, type RollOutContext } from './phases/roll-out.js'
import {
  checkService,
  describeRevision,
  identicalRevision,
  withRevisionCache,
  type Revision
} from './phases/service.js'
import { checkImages } from './phases/images.js'
import { taskDefinitionDiff } from './report/diff.js'
import { loadSource, type LoadedSource } from './phases/source.js'
import type { Outcome, ServiceOutcome } from './report/outcome.js'
import { overallVerdict } from './report/overall.js'
import { setOutputs } from './report/outputs.js'
import { writeSummary } from './report/summary.js'
import { CallBudget } from './rollout/call-budget.js'
import { runTaskGate } from './run-task/gate.js'
import { resolveContainerOverrides } from './run-task/overrides.js'
import { familyRevision } from './rollout/names.js'
import { CALLS_PER_MINUTE } from './rollout/watch.js'
import { InputError } from './inputs.js'
import { readSettings, type Settings, type SettingsSource } from './settings.js'
import { prepareTaskDefinition } from './task-definition/prepare.js'

export interface RunDependencies {
  source: SettingsSource
  readFile(path: string): Promise<string>
  /** Created only after the inputs are valid, so bad input never reaches AWS. */
  ecs(): EcsPort
  logs(): LogsPort
  ecr(): EcrPort
  taskDefinitions(): TaskDefinitionsPort
  codeDeploy(): CodeDeployPort
  /** RunTask, DescribeTasks and StopTask for the run-task gate. */
  tasks(): TaskPort
  logStream(): LogStreamPort
  /** Writes the rendered task definition for other steps; returns its path. */
  writeRendered(taskDefinition: RegisterTaskDefinitionCommandInput): Promise<string>
  clock(scale: number): Clock
  github: {
    /** The workflow run: repository, commit, ref and run, for tags and deployments. */
    context(): WorkflowContext
    deployments(token: string): GitHubDeploymentsPort
  }
  signal?: AbortSignal
}

/** The phases in order. The only place that fails the step. */
export async function run(deps: RunDependencies): Promise<void> {
  const outcome: Outcome = { cluster: '', images: [], stoppedTasks: [], timeline: [] }
  let settings: Settings | undefined
  try {
    settings = readSettings(deps.source)
    if (settings.githubDeployment.enabled) core.setSecret(settings.githubDeployment.token)
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
    info: (line: string) => core.info(line),
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
    ? await readAppSpec(deps, settings, rendered)
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
      const td = await call('RegisterTaskDefinition', () =>
        ecs.registerTaskDefinition(withProvenance(taskDefinition, settings, deps))
      )
      core.info(
        `Registered ${familyRevision(td.taskDefinitionArn)} (${td.taskDefinitionArn ?? ''}).`
      )
      return td.taskDefinitionArn ?? ''
    }))
  if (reused !== undefined && !everyServiceRunsIt) {
    core.info(
      `${familyRevision(reused.arn)} already has this content: reusing it, registering nothing (register-unchanged: true registers anyway).`
    )
  }
  outcome.taskDefinitionArn = taskDefinitionArn
  if (names.length === 0) {
    if (settings.runTask !== undefined)
      await gate({ deps, ecs, settings, taskDefinitionArn, taskDefinition, outcome })
    core.info(
      `No "service" input: ${reused === undefined ? 'registered' : 'reused'} the task definition only.`
    )
    return
  }

  const wanted = settings.githubDeployment
  const github = wanted.enabled
    ? await core.group('GitHub deployment', () =>
        startGitHubDeployment({
          port: deps.github.deployments(wanted.token),
          context: deps.github.context(),
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
      (await gate({ deps, ecs, settings, taskDefinitionArn, taskDefinition, outcome, names }))
    if (passed)
      await deployServices({
        appSpec,
        deps,
        ecs,
        settings,
        services,
        taskDefinitionArn,
        taskDefinition,
        outcome
      })
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

/** The AppSpec for CODE_DEPLOY services, read and checked before anything is registered. */
async function readAppSpec(
  deps: RunDependencies,
  settings: Settings,
  rendered: RegisterTaskDefinitionCommandInput
): Promise<AppSpec> {
  const location = settings.codeDeploy.appSpec
  const text = await deps.readFile(location.path).catch((error: unknown) => {
    throw new InputError(
      'codedeploy-appspec',
      `names file ${location.input}, which ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`}: a CODE_DEPLOY service is deployed with an AppSpec (YAML or JSON) naming the service's TaskDefinition and LoadBalancerInfo`
    )
  })
  const appSpec = loadAppSpec(text, location.input)
  const names = (rendered.containerDefinitions ?? []).flatMap((c) => (c.name ? [c.name] : []))
  const problem = appSpecContainerProblem(appSpec, names)
  if (problem !== undefined) throw new InputError('codedeploy-appspec', problem)
  const truncated = settings.codeDeploy.descriptionTruncatedFrom
  if (truncated !== undefined) {
    core.warning(
      `Input "codedeploy-deployment-description" is ${truncated} characters long; CodeDeploy takes 512, so it was cut.`
    )
  }
  return appSpec
}

/** The run-task gate: a failure is the run's verdict, and no service is touched. */
async function gate(options: {
  deps: RunDependencies
  ecs: EcsPort
  settings: Settings
  taskDefinitionArn: string
  taskDefinition: RegisterTaskDefinitionCommandInput
  outcome: Outcome
  names?: readonly string[]
}): Promise<boolean> {
  const { deps, settings, outcome } = options
  const runTask = settings.runTask
  if (runTask === undefined) return true
  const result = await core.group('Run task', async () =>
    runTaskGate({
      tasks: deps.tasks(),
      logs: deps.logStream(),
      clock: deps.clock(settings.timeScale),
      settings: runTask,
      cluster: settings.cluster,
      taskDefinitionArn: options.taskDefinitionArn,
      taskDefinition: options.taskDefinition,
      region: await options.ecs.region(),
      log: { info: (line) => core.info(line), warning: (line) => core.warning(line) },
      ...(options.names !== undefined &&
        options.names.length > 0 && { service: options.names.join(', ') }),
      ...(deps.signal !== undefined && { signal: deps.signal })
    })
  )
  outcome.runTask = result
  if (result.passed) {
    core.info(result.reason)
    return true
  }
  outcome.verdict = {
    kind: result.outcome === 'cancelled' ? 'cancelled' : 'failed',
    reason: result.reason
  }
  return false
}

/** The services, side by side, then housekeeping once every one passed. */
async function deployServices(options: {
  appSpec: AppSpec | undefined
  deps: RunDependencies
  ecs: EcsPort
  settings: Settings
  services: ReadonlyMap<string, Service>
  taskDefinitionArn: string
  taskDefinition: RegisterTaskDefinitionCommandInput
  outcome: Outcome
}): Promise<void> {
  const { deps, ecs, settings, services, taskDefinitionArn, taskDefinition, outcome } = options
  const names = [...services.keys()]
  const region = await ecs.region()
  const clock = deps.clock(settings.timeScale)
  const results = names.map((name): ServiceOutcome => {
    const previous = services.get(name)?.taskDefinition
    return {
      service: name,
      stoppedTasks: [],
      timeline: [],
      ...(previous !== undefined && { previousTaskDefinitionArn: previous })
    }
  })
  outcome.services = results
  const context: RollOutContext = {
    ecs,
    logs: () => deps.logs(),
    clock,
    settings,
    region,
    taskDefinitionArn,
    taskDefinition,
    ...(options.appSpec !== undefined && { appSpec: options.appSpec }),
    codeDeploy: () => deps.codeDeploy(),
    // Several services are watched side by side within one API call budget.
    budget: new CallBudget(clock, CALLS_PER_MINUTE),
    ...(deps.signal !== undefined && { signal: deps.signal })
  }
  const single = results.length === 1
  try {
    await Promise.all(
      results.map(async (result) => {
        const log = single ? stepLog : serviceLog(result.service)
        const before = services.get(result.service)
        if (before === undefined) return
        try {
          await rollOutService(context, before, result, log)
        } catch (error) {
          if (single) throw error
          // One service's error must not hide the others' outcomes: it is that service's failure.
          const reason = error instanceof Error ? error.message : String(error)
          log.warning(reason)
          result.verdict = { kind: 'failed', reason }
        }
      })
    )
  } finally {
    // One service reports as before: its outcome is the run's.
    const [only] = results
    if (single && only !== undefined) Object.assign(outcome, only)
    else outcome.verdict = overallVerdict(results, settings.onSuperseded)
  }
  const passed = outcome.verdict?.kind === 'succeeded' || outcome.verdict?.kind === 'unchanged'
  if (settings.deregisterPrevious !== undefined && passed) {
    await housekeeping({ ecs, deps, settings, names, taskDefinitionArn, before: services, outcome })
  }
}

/** deregister-previous: only after every service succeeded, and never a revision one still runs. */
async function housekeeping(options: {
  ecs: EcsPort
  deps: RunDependencies
  settings: Settings
  names: readonly string[]
  taskDefinitionArn: string
  before: ReadonlyMap<string, Service>
  outcome: Outcome
}): Promise<void> {
  const { ecs, settings, taskDefinitionArn } = options
  await core.group('Deregister previous revisions', async () => {
    const inUse = new Set([taskDefinitionArn])
    for (const name of options.names) {
      // What the service runs now, and what it ran before: either may still have tasks.
      const now = await ecs
        .describeService({ cluster: settings.cluster, service: name })
        .catch(() => undefined)
      for (const service of [options.before.get(name), now]) {
        if (service?.taskDefinition !== undefined) inUse.add(service.taskDefinition)
        for (const d of service?.deployments ?? [])
          if (d.taskDefinition !== undefined) inUse.add(d.taskDefinition)
      }
    }
    const result = await deregisterPrevious({
      port: options.deps.taskDefinitions(),
      family: familyRevision(taskDefinitionArn).replace(/:\d+$/, ''),
      keep: settings.deregisterPrevious ?? 1,
      inUse,
      log: { info: (line) => core.info(line), warning: (line) => core.warning(line) }
    })
    options.outcome.deregistered = result.deregistered
    if (result.deregistered.length === 0) core.info('No revision to deregister.')
  })
}

/**
 * The revision as registered: with tags saying which repository, commit and run made it. They are
 * not part of its content, so they are left out of comparisons and the diff.
 */
function withProvenance(
  taskDefinition: RegisterTaskDefinitionCommandInput,
  settings: Settings,
  deps: RunDependencies
): RegisterTaskDefinitionCommandInput {
  if (!settings.tagWithGitHubContext) return taskDefinition
  const github = githubContextTags(deps.github.context())
  const merged = mergeTags({ user: taskDefinition.tags ?? [], github: github.tags })
  for (const note of [...github.notes, ...merged.notes]) core.info(note)
  return merged.tags.length === 0 ? taskDefinition : { ...taskDefinition, tags: merged.tags }
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
