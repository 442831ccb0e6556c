import { InputError, parseBoolean, parseChoice, parseInteger } from '../input/values.js'
import { DEFAULT_MAX_ATTEMPTS, MAX_MAX_ATTEMPTS, MIN_MAX_ATTEMPTS } from '../aws/client-config.js'
import { resolveInputPath, type InputPathRoots } from '../input/path.js'
import {
  parseCluster,
  parseServices,
  readServiceUpdate,
  SERVICE_UPDATE_INPUTS,
  type ServiceUpdate
} from './service.js'
import { readCodeDeploySettings, type CodeDeployInputs } from '../codedeploy/settings.js'
import { parseDeregisterPrevious } from '../housekeeping/deregister.js'
import { parseWaitUntilStage, type Stage } from '../rollout/stage.js'
import { readRunTaskSettings, type RunTaskSettings } from '../run-task/settings.js'
import {
  parseGitHubDeploymentInputs,
  type GitHubDeploymentSettings
} from '../github/deployment-inputs.js'
import { parseRenderInputs, type RenderSettings } from '../task-definition/index.js'
import {
  readScheduledTasksSettings,
  SCHEDULED_INPUTS,
  type ScheduledTasksSettings
} from '../scheduled/settings.js'

/** Everything the run needs from the workflow, typed and validated once, up front. */
/** Where the task definition comes from: exactly one of these. */
export type TaskDefinitionSource =
  | { readonly kind: 'file'; readonly input: string; readonly path: string }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'family'; readonly family: string; readonly revision?: number }
  | { readonly kind: 'service' }

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
export { InputError, parseBoolean, parseChoice, parseInteger } from '../input/values.js'

export interface SettingsSource {
  /** The raw input value as the runner passes it; '' when unset. */
  getInput(name: string): string
  /** GITHUB_WORKSPACE: relative paths resolve against it. */
  workspace: string
  env: Readonly<Record<string, string | undefined>>
}

const MAX_WAIT_MINUTES = 360 // a GitHub-hosted job cannot run longer than 6 hours
const MAX_POLL_SECONDS = 300
const MAX_FAILED_TASKS = 200 // the circuit breaker's own ceiling
const MAX_LOG_LINES = 1000

export function readSettings(source: SettingsSource): Settings {
  const input = (name: string): string | undefined => {
    const value = source.getInput(name).trim()
    return value === '' ? undefined : value
  }

  const flag = (name: string, fallback: boolean): boolean =>
    parseBoolean(name, input(name) ?? String(fallback))
  const services = parseServices(source.getInput('service'))
  const roots: InputPathRoots = { workspace: source.workspace, temp: source.env.RUNNER_TEMP }
  const taskDefinition = readSource({ input, service: services[0], roots })
  const render = parseRenderInputs({
    containerName: source.getInput('container-name'),
    image: source.getInput('image'),
    images: source.getInput('images'),
    environmentVariables: source.getInput('environment-variables'),
    environmentMode: source.getInput('environment-mode'),
    secrets: source.getInput('secrets'),
    envFiles: source.getInput('env-files'),
    logDriver: source.getInput('log-configuration-log-driver'),
    logOptions: source.getInput('log-configuration-options'),
    dockerLabels: source.getInput('docker-labels'),
    command: source.getInput('command'),
    cpu: source.getInput('cpu'),
    memory: source.getInput('memory'),
    taskRoleArn: source.getInput('task-role-arn'),
    executionRoleArn: source.getInput('execution-role-arn'),
    tags: source.getInput('tags')
  })

  const serviceUpdate = readServiceUpdate(input)
  const deregisterPrevious = parseDeregisterPrevious(input('deregister-previous'))
  if (deregisterPrevious !== undefined && services.length === 0) {
    throw new InputError(
      'deregister-previous',
      'needs "service": revisions are deregistered only after a deploy succeeded, and never one a deployed service runs'
    )
  }
  const scheduledTasks = readScheduledTasksSettings(input)
  if (
    scheduledTasks !== undefined &&
    services.length > 0 &&
    !parseBoolean('wait-for-service-stability', input('wait-for-service-stability') ?? 'true')
  ) {
    throw new InputError(
      scheduledTasks.entries.length > 0 ? SCHEDULED_INPUTS.entries : SCHEDULED_INPUTS.forFamily,
      'needs "wait-for-service-stability: true" with "service": scheduled tasks move only once every service\'s rollout succeeded, so the action must wait for it'
    )
  }
  if (services.length === 0) {
    const given = Object.keys(serviceUpdate)[0]
    if (given !== undefined) {
      throw new InputError(
        SERVICE_UPDATE_INPUTS[given as keyof ServiceUpdate],
        'needs "service": without a service the action only registers the task definition'
      )
    }
  }

  return Object.freeze({
    taskDefinition,
    render,
    cluster: parseCluster(input('cluster') ?? 'default'),
    services,
    waitForServiceStability: parseBoolean(
      'wait-for-service-stability',
      input('wait-for-service-stability') ?? 'true'
    ),
    waitForMinutes: parseInteger('wait-for-minutes', input('wait-for-minutes') ?? '30', {
      min: 1,
      max: MAX_WAIT_MINUTES
    }),
    pollIntervalSeconds: parseInteger(
      'poll-interval-seconds',
      input('poll-interval-seconds') ?? '5',
      { min: 1, max: MAX_POLL_SECONDS }
    ),
    serviceUpdate,
    onSuperseded: parseChoice('on-superseded', input('on-superseded') ?? 'fail', [
      'fail',
      'succeed'
    ]),
    ...optionalEntry(
      'failFastFailedTasks',
      optional(input('fail-fast-failed-tasks'), (v) =>
        parseInteger('fail-fast-failed-tasks', v, { min: 1, max: MAX_FAILED_TASKS })
      )
    ),
    rollbackOnFailure: parseBoolean('rollback-on-failure', input('rollback-on-failure') ?? 'false'),
    waitForRollback: parseBoolean('wait-for-rollback', input('wait-for-rollback') ?? 'false'),
    showLogs: parseInteger('show-logs', input('show-logs') ?? '20', { min: 0, max: MAX_LOG_LINES }),
    verifyImages: flag('verify-images', true),
    pinImageDigest: flag('pin-image-digest', false),
    registerUnchanged: flag('register-unchanged', false),
    showEnvironmentValues: flag('show-environment-values', false),
    dryRun: flag('dry-run', false),
    codeDeploy: readCodeDeploySettings(input, roots),
    ...optionalEntry('waitUntilStage', parseWaitUntilStage(input('wait-until-stage'))),
    ...optionalEntry('runTask', readRunTaskSettings(input)),
    ...optionalEntry('deregisterPrevious', deregisterPrevious),
    ...optionalEntry('scheduledTasks', scheduledTasks),
    tagWithGitHubContext: flag('tag-with-github-context', true),
    githubDeployment: readGitHubDeployment(input),
    maxRetries: parseInteger('max-retries', input('max-retries') ?? String(DEFAULT_MAX_ATTEMPTS), {
      min: MIN_MAX_ATTEMPTS,
      max: MAX_MAX_ATTEMPTS
    })
  })
}

function readGitHubDeployment(
  input: (name: string) => string | undefined
): GitHubDeploymentSettings {
  const token = input('github-token')
  const environment = input('environment')
  const environmentUrl = input('environment-url')
  const parsed = parseGitHubDeploymentInputs({
    enabled: parseBoolean('github-deployment', input('github-deployment') ?? 'false'),
    ...(token !== undefined && { token }),
    ...(environment !== undefined && { environment }),
    ...(environmentUrl !== undefined && { environmentUrl })
  })
  if ('why' in parsed) throw new InputError(parsed.input, parsed.why)
  return parsed
}

const SOURCES = [
  'task-definition',
  'task-definition-arn',
  'task-definition-family',
  'task-definition-from-service'
]
const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[a-zA-Z0-9_-]{1,255}:\d+$/
const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/

/** Exactly one source of the task definition; two are an error that names both. */
function readSource(options: {
  input: (name: string) => string | undefined
  service: string | undefined
  roots: InputPathRoots
}): TaskDefinitionSource {
  const { input, service, roots } = options
  const fromService = parseBoolean(
    'task-definition-from-service',
    input('task-definition-from-service') ?? 'false'
  )
  const given = SOURCES.filter((name) =>
    name === 'task-definition-from-service' ? fromService : input(name) !== undefined
  )
  const revision = input('task-definition-revision')
  if (revision !== undefined && input('task-definition-family') === undefined) {
    throw new InputError(
      'task-definition-revision',
      'needs "task-definition-family": a revision number alone names no task definition'
    )
  }
  const [first, second] = given
  if (first === undefined) {
    throw new InputError(
      'task-definition',
      'is required, or one of "task-definition-arn", "task-definition-family" or "task-definition-from-service: true"'
    )
  }
  if (second !== undefined) {
    throw new InputError(
      first,
      `and "${second}" are both set: give exactly one source of the task definition`
    )
  }
  const value = input(first) ?? ''
  switch (first) {
    case 'task-definition-arn':
      if (!TASK_DEFINITION_ARN.test(value)) {
        throw new InputError(
          first,
          `must be a task definition ARN like arn:aws:ecs:us-east-1:123456789012:task-definition/web:42, got "${value}"`
        )
      }
      return { kind: 'arn', arn: value }
    case 'task-definition-family':
      if (!FAMILY.test(value)) {
        throw new InputError(
          first,
          `must be a family name of up to 255 letters, digits, "-" and "_", got "${value}"`
        )
      }
      return {
        kind: 'family',
        family: value,
        ...(revision !== undefined && {
          revision: parseInteger('task-definition-revision', revision, { min: 1, max: 1_000_000 })
        })
      }
    case 'task-definition-from-service':
      if (service === undefined) {
        throw new InputError(
          first,
          'needs "service": it deploys the task definition that service runs now'
        )
      }
      return { kind: 'service' }
    default:
      return {
        kind: 'file',
        input: value,
        path: resolveInputPath('task-definition', value, roots)
      }
  }
}

function optionalEntry<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, T>)
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value)
}
