import { readCodeDeploySettings, type CodeDeployInputs } from '../codedeploy/settings.js'
import {
  readGitHubDeploymentSettings,
  type GitHubDeploymentSettings
} from '../github/deployment-inputs.js'
import type { Stage } from '../rollout/stage.js'
import { readRunTaskSettings, type RunTaskSettings } from '../run-task/settings.js'
import { readScheduledTasksSettings, type ScheduledTasksSettings } from '../scheduled/settings.js'
import { readRenderSettings, type RenderSettings } from '../task-definition/index.js'
import { checkAcrossFeatures } from './checks.js'
import { readServiceUpdate, type ServiceUpdate } from './service.js'
import { readTaskDefinitionSource, type TaskDefinitionSource } from './source.js'
import { readInputs } from './table.js'

/** Everything the run needs from the workflow, typed and validated once, up front. */
export interface Settings {
  readonly taskDefinition: TaskDefinitionSource
  /** The container and task-level settings to apply, parsed from their inputs. */
  readonly render: RenderSettings
  readonly cluster: string
  /** The services to deploy the one revision to, in input order; empty: register only. */
  readonly services: readonly string[]
  readonly waitForServiceStability: boolean
  readonly waitForMinutes: number
  readonly pollIntervalSeconds: number
  /** Sent to UpdateService only when the user set them. */
  readonly serviceUpdate: ServiceUpdate
  /** Whether a deployment someone else started over ours fails the step. */
  readonly onSuperseded: 'fail' | 'succeed'
  /** Give the failed verdict after this many failed tasks of our deployment; absent: off. */
  readonly failFastFailedTasks?: number
  /** stall-minutes: fail when nothing of ours ran for this long and ECS cannot place or start it; 0: off. */
  readonly stallMinutes: number
  /** On timeout, fail-fast or cancellation, ask ECS to roll back, then watch that rollback. */
  readonly rollbackOnFailure: boolean
  /** After a rollback verdict, keep watching until ECS has finished the rollback. */
  readonly waitForRollback: boolean
  /** Lines of the first failed task's log to show; 0: none. */
  readonly showLogs: number
  /** Check that ECR images exist before anything changes. */
  readonly verifyImages: boolean
  /** Rewrite ECR `repo:tag` images to `repo@sha256:…`. */
  readonly pinImageDigest: boolean
  /** Register a new revision even when an identical one exists. */
  readonly registerUnchanged: boolean
  /** Show environment values and secret sources in the diff. */
  readonly showEnvironmentValues: boolean
  /** Render, check and diff, then stop before anything changes. */
  readonly dryRun: boolean
  /** For services with the CODE_DEPLOY controller: the AppSpec and CodeDeploy names. */
  readonly codeDeploy: CodeDeployInputs
  /** Blue/green, linear and canary: pass once our deployment reaches this lifecycle stage. */
  readonly waitUntilStage?: Stage
  /** A one-off task (a migration) that must pass before any service is updated; absent: none. */
  readonly runTask?: RunTaskSettings
  /** After success, keep this many newest ACTIVE revisions of the family; absent: off. */
  readonly deregisterPrevious?: number
  /** Tag the registered revision with the repository, commit, run and ref it came from. */
  readonly tagWithGitHubContext: boolean
  /** Record the rollout as a GitHub deployment of the commit, in an environment. */
  readonly githubDeployment: GitHubDeploymentSettings
  /** EventBridge rule targets and Scheduler schedules to move to the new revision; absent: none. */
  readonly scheduledTasks?: ScheduledTasksSettings
  /** max-retries: the SDK's maxAttempts (first attempt included) for every AWS call that only reads. */
  readonly maxRetries: number
}

export type { ServiceUpdate } from './service.js'
export type { TaskDefinitionSource } from './source.js'
export { InputError, parseBoolean, parseChoice, parseInteger } from '../input/values.js'

export interface SettingsSource {
  /** The raw input value as the runner passes it; '' when unset. */
  getInput(name: string): string
  /** GITHUB_WORKSPACE: relative paths resolve against it. */
  workspace: string
  env: Readonly<Record<string, string | undefined>>
}

/**
 * Reads every input through the input table (table.ts), feature by feature, then checks the
 * rules between features (checks.ts). Values are parsed in the order they are read here, so when
 * several inputs are wrong the first one met is reported.
 */
export function readSettings(source: SettingsSource): Settings {
  const inputs = readInputs(source)
  const roots = { workspace: source.workspace, temp: source.env.RUNNER_TEMP }
  const services = inputs.get('service') ?? []
  const taskDefinition = readTaskDefinitionSource(inputs, { services, roots })
  const render = readRenderSettings(inputs)
  const serviceUpdate = readServiceUpdate(inputs)
  const deregisterPrevious = inputs.get('deregister-previous')
  const scheduledTasks = readScheduledTasksSettings(inputs)
  checkAcrossFeatures({ inputs, services, serviceUpdate, deregisterPrevious, scheduledTasks })

  return Object.freeze({
    taskDefinition,
    render,
    cluster: inputs.get('cluster'),
    services,
    waitForServiceStability: inputs.get('wait-for-service-stability'),
    waitForMinutes: inputs.get('wait-for-minutes'),
    pollIntervalSeconds: inputs.get('poll-interval-seconds'),
    serviceUpdate,
    onSuperseded: inputs.get('on-superseded'),
    ...optionalEntry('failFastFailedTasks', inputs.get('fail-fast-failed-tasks')),
    stallMinutes: inputs.get('stall-minutes'),
    rollbackOnFailure: inputs.get('rollback-on-failure'),
    waitForRollback: inputs.get('wait-for-rollback'),
    showLogs: inputs.get('show-logs'),
    verifyImages: inputs.get('verify-images'),
    pinImageDigest: inputs.get('pin-image-digest'),
    registerUnchanged: inputs.get('register-unchanged'),
    showEnvironmentValues: inputs.get('show-environment-values'),
    dryRun: inputs.get('dry-run'),
    codeDeploy: readCodeDeploySettings(inputs, roots),
    ...optionalEntry('waitUntilStage', inputs.get('wait-until-stage')),
    ...optionalEntry('runTask', readRunTaskSettings(inputs)),
    ...optionalEntry('deregisterPrevious', deregisterPrevious),
    ...optionalEntry('scheduledTasks', scheduledTasks),
    tagWithGitHubContext: inputs.get('tag-with-github-context'),
    githubDeployment: readGitHubDeploymentSettings(inputs),
    maxRetries: inputs.get('max-retries')
  })
}

/** Optional settings are left out rather than set to undefined, so Settings prints cleanly. */
function optionalEntry<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, T>)
}
