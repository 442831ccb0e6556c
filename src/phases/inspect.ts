import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { awsCall } from '../aws/errors.js'
import { describeRevision, type Revision } from '../aws/revisions.js'
import { readAppSpec } from '../methods/codedeploy.js'
import { methodFor, type ServiceTarget } from '../methods/index.js'
import { taskDefinitionDiff } from '../report/diff.js'
import type { Run } from '../run/run.js'
import { checkRunTaskNetwork } from '../run-task/network.js'
import { resolveContainerOverrides } from '../run-task/overrides.js'
import type { ScheduledPlan } from '../scheduled/plan.js'
import { prepareTaskDefinition } from '../task-definition/prepare.js'
import { familyRevision } from '../text/names.js'
import { printLines, stepLog } from '../text/step-log.js'
import { checkImages, hasEcrImages } from './images.js'
import { planScheduledTasksPhase } from './scheduled-tasks.js'
import { loadSource, type LoadedSource } from './source.js'

/** What the inspection found: everything the changing phases act on. */
export interface Plan {
  /** The services to deploy to, in input order, each with the method that deploys it. */
  readonly services: readonly ServiceTarget[]
  /** What to register: rendered, checked, and pinned to digests when asked. */
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
  /** The family's latest revision before this run. */
  readonly latest?: Revision
  /** Revisions that may already have this content, in the order they are preferred for reuse. */
  readonly candidates: readonly Revision[]
  readonly scheduled?: ScheduledPlan
}

/**
 * Every read and every check, in the order that keeps bad input away from AWS: input files and the
 * rendering first (a file source needs no AWS call), then the services, the images, the revisions
 * to compare with, and the scheduled tasks. Nothing changes before it returns.
 */
export async function inspect(run: Run): Promise<Plan> {
  const { settings, deps, ecs, outcome } = run
  const names = settings.services
  const checked = new Map<string, ServiceTarget>()
  const check = async (name: string): Promise<ServiceTarget> => {
    const target = await stepLog.group(`Check service ${name}`, () =>
      checkService(ecs, settings.cluster, name)
    )
    checked.set(name, target)
    return target
  }
  const appSpec = once(() =>
    readAppSpec({
      readFile: deps.readFile,
      location: settings.codeDeploy.appSpec,
      ...(settings.codeDeploy.descriptionTruncatedFrom !== undefined && {
        descriptionTruncatedFrom: settings.codeDeploy.descriptionTruncatedFrom
      })
    })
  )

  // Input files first: an AppSpec the workflow names is read and parsed before any AWS call (its
  // containers are checked against the rendering once a CODE_DEPLOY service is found).
  if (settings.codeDeploy.appSpec.given) await appSpec()
  // A file is rendered before any AWS call; the other sources need ECS first.
  const [first] = names
  const fromService =
    first !== undefined && settings.taskDefinition.kind === 'service'
      ? (await check(first)).before
      : undefined
  const loaded = await loadSource({
    source: settings.taskDefinition,
    readFile: deps.readFile,
    ecs: () => ecs,
    ...(fromService?.taskDefinition !== undefined && {
      serviceTaskDefinition: fromService.taskDefinition
    })
  })
  const rendered = await stepLog.group('Render task definition', () =>
    Promise.resolve(render(loaded, run))
  )
  if (settings.runTask !== undefined) {
    // Overrides naming containers the task definition lacks, or no subnets for an awsvpc task.
    resolveContainerOverrides({ ...settings.runTask, taskDefinition: rendered })
    checkRunTaskNetwork(settings.runTask, rendered)
  }

  // Read-only checks come first: a missing or unsupported service must not leave a revision behind.
  const services: ServiceTarget[] = []
  for (const name of names) services.push(checked.get(name) ?? (await check(name)))
  for (const target of services) {
    await target.method.prepare({ target, run, rendered, appSpec, log: stepLog })
  }
  const previous = services[0]?.before.taskDefinition
  if (previous !== undefined) outcome.previousTaskDefinitionArn = previous

  const images =
    settings.verifyImages && hasEcrImages(rendered)
      ? await stepLog.group('Check images', () =>
          checkImages({
            ecr: deps.ecr(),
            taskDefinition: rendered,
            pin: settings.pinImageDigest,
            log: stepLog
          })
        )
      : { taskDefinition: rendered, digests: {} }
  const taskDefinition = images.taskDefinition
  // After pinning: the summary shows the images the revision names.
  outcome.images = (taskDefinition.containerDefinitions ?? []).map((c) => ({
    container: c.name ?? '?',
    image: c.image ?? '?'
  }))
  outcome.imageDigests = images.digests
  outcome.renderedPath = await deps.writeRendered(taskDefinition)

  const compared = await revisionsToCompare(run, { services, taskDefinition, loaded })
  const clusterArn = services.find((s) => s.before.clusterArn !== undefined)?.before.clusterArn
  // Reads only: a wrong rule or schedule name stops the run before any change.
  const scheduled = await planScheduledTasksPhase({
    run,
    family: taskDefinition.family ?? '',
    ...(clusterArn !== undefined && { clusterArn })
  })
  return {
    services,
    taskDefinition,
    ...compared,
    ...(scheduled !== undefined && { scheduled })
  }
}

/**
 * The revisions the services run, the promoted one and the family's latest: for reuse, and the one
 * the first service runs (or the latest) for the diff. Usually the service runs the family's latest
 * revision: then one description serves both.
 */
async function revisionsToCompare(
  run: Run,
  found: {
    services: readonly ServiceTarget[]
    taskDefinition: RegisterTaskDefinitionCommandInput
    loaded: LoadedSource
  }
): Promise<Pick<Plan, 'latest' | 'candidates'>> {
  const { ecs, settings, outcome } = run
  const warn = (line: string): void => {
    core.warning(line)
  }
  const latest = await describeRevision(ecs, found.taskDefinition.family ?? '', warn)
  const running: Revision[] = []
  for (const arn of new Set(found.services.map((s) => s.before.taskDefinition))) {
    if (arn === undefined) continue
    const revision = latest?.arn === arn ? latest : await describeRevision(ecs, arn, warn)
    if (revision !== undefined) running.push(revision)
  }
  const before = found.services[0]?.before.taskDefinition
  const baseline = running.find((r) => r.arn === before) ?? latest
  if (baseline !== undefined) {
    // The image lines compare with what runs now, not with what the file had (often a placeholder).
    for (const container of found.taskDefinition.containerDefinitions ?? []) {
      const now = baseline.taskDefinition.containerDefinitions?.find(
        (c) => c.name === container.name
      )?.image
      if (now !== container.image) {
        printLines(
          `Container ${container.name ?? '?'}: image ${now ?? '(new container)'} → ${container.image ?? '?'} (compared with ${familyRevision(baseline.arn)}).`
        )
      }
    }
    const diff = taskDefinitionDiff({
      before: baseline.taskDefinition,
      after: found.taskDefinition,
      beforeName: familyRevision(baseline.arn),
      afterName: 'new',
      showValues: settings.showEnvironmentValues
    })
    outcome.diff = { from: familyRevision(baseline.arn), text: diff }
    await stepLog.group(`Changes from ${familyRevision(baseline.arn)}`, () => {
      printLines(diff === '' ? 'No changes.' : diff)
      return Promise.resolve()
    })
  }
  // The revision read from ECS is a candidate too: promoting it unchanged must not register a copy.
  const promoted =
    found.loaded.revisionArn === undefined
      ? undefined
      : await describeRevision(ecs, found.loaded.revisionArn, warn)
  const candidates = [...running, promoted, latest].filter(
    (revision): revision is Revision => revision !== undefined
  )
  return { ...(latest !== undefined && { latest }), candidates }
}

function render(loaded: LoadedSource, run: Run): RegisterTaskDefinitionCommandInput {
  const prepared = prepareTaskDefinition({
    text: loaded.text,
    source: loaded.label,
    renderSettings: run.settings.render,
    fromEcs: loaded.revisionArn !== undefined
  })
  for (const line of prepared.info) printLines(line)
  for (const line of prepared.warnings) core.warning(line)
  return prepared.taskDefinition
}

/** DescribeServices, with what makes a service impossible to deploy to named plainly. */
async function checkService(ecs: EcsPort, cluster: string, name: string): Promise<ServiceTarget> {
  const service = await awsCall('DescribeServices', () =>
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
  const method = methodFor(service)
  core.info(
    `Service ${name} in cluster ${cluster} is ACTIVE and runs ${familyRevision(service.taskDefinition)} (${method.describe(service)}).`
  )
  return { name, before: service, method }
}

/** The first call's promise, for every later call too. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return () => (promise ??= load())
}
