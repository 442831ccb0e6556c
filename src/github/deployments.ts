import { assertNever, type VerdictKind } from '../verdict.js'
import { describeGitHubError } from './github-errors.js'
import { repositoryParts, workflowRunUrl, type WorkflowContext } from './workflow-context.js'

/** Every state GitHub takes for a deployment status. */
export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

/** The states a finished run can report. */
export type FinalDeploymentState = Extract<
  DeploymentState,
  'success' | 'failure' | 'error' | 'inactive'
>

/** POST /repos/{owner}/{repo}/deployments, in GitHub's own field names. */
export interface CreateDeploymentRequest {
  readonly owner: string
  readonly repo: string
  readonly ref: string
  readonly task: string
  readonly auto_merge: boolean
  readonly required_contexts: string[]
  readonly environment: string
  readonly description: string
  readonly transient_environment: boolean
  readonly production_environment: boolean
  readonly payload: Record<string, unknown>
}

/** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses. */
export interface CreateDeploymentStatusRequest {
  readonly owner: string
  readonly repo: string
  readonly deployment_id: number
  readonly state: DeploymentState
  readonly description: string
  readonly log_url?: string
  readonly environment_url?: string
}

/** The two GitHub calls this feature makes. Errors carry the HTTP `status` as octokit's do. */
export interface GitHubDeploymentsPort {
  createDeployment(request: CreateDeploymentRequest): Promise<{ readonly id: number }>
  createDeploymentStatus(request: CreateDeploymentStatusRequest): Promise<void>
}

export interface DeploymentLog {
  info(line: string): void
  warning(line: string): void
}

/** What GitHub keeps with the deployment, for readers of the API and deployment webhooks. */
export interface DeploymentPayload {
  readonly cluster: string
  readonly services: readonly string[]
  readonly taskDefinitionArn?: string
}

export interface StartGitHubDeploymentOptions {
  readonly port: GitHubDeploymentsPort
  readonly context: WorkflowContext
  readonly environment: string
  readonly environmentUrl?: string
  readonly description: string
  readonly payload: DeploymentPayload
  /** Default: true when the environment is named `production` (any case), GitHub's own rule. */
  readonly productionEnvironment?: boolean
  readonly log: DeploymentLog
}

/** The deployment this run recorded on GitHub. `finish` never throws and acts once. */
export interface GitHubDeployment {
  /** GitHub's id; undefined when the deployment could not be created. */
  readonly id: number | undefined
  finish(state: FinalDeploymentState, description: string): Promise<void>
}

// GitHub's limit for a deployment status description (REST API: create a deployment status).
const MAX_STATUS_DESCRIPTION = 140

/**
 * Records the rollout as a GitHub deployment of the run's commit, in progress, with a link to the
 * run. Failing to do so only costs that record, so every GitHub error is a warning and the deploy
 * goes on; the returned handle then does nothing.
 */
export async function startGitHubDeployment(
  options: StartGitHubDeploymentOptions
): Promise<GitHubDeployment> {
  const { port, context, environment, log } = options
  const repository = repositoryParts(context)
  if (repository === undefined || context.sha === undefined) {
    log.warning(
      'GitHub deployment skipped: this run has no repository or commit (GITHUB_REPOSITORY, GITHUB_SHA), so it does not seem to run in GitHub Actions.'
    )
    return { id: undefined, finish: () => Promise.resolve() }
  }
  const logUrl = workflowRunUrl(context)

  let id: number
  try {
    ;({ id } = await port.createDeployment({
      ...repository,
      // The SHA, not the branch: the deployment must name what was built, even if the branch moved.
      ref: context.sha,
      task: 'deploy',
      // Merging the default branch in, or waiting for status checks, is not this action's call.
      auto_merge: false,
      required_contexts: [],
      environment,
      description: options.description,
      transient_environment: false,
      production_environment: options.productionEnvironment ?? /^production$/i.test(environment),
      payload: { ...options.payload, services: [...options.payload.services] }
    }))
  } catch (error) {
    log.warning(describeGitHubError('could not create the GitHub deployment', error))
    return { id: undefined, finish: () => Promise.resolve() }
  }
  log.info(`GitHub deployment ${id} created for environment ${environment}.`)

  const status = async (
    state: DeploymentState,
    description: string,
    extra: { environment_url?: string } = {}
  ): Promise<boolean> => {
    try {
      await port.createDeploymentStatus({
        ...repository,
        deployment_id: id,
        state,
        description: shorten(description, MAX_STATUS_DESCRIPTION),
        ...(logUrl !== undefined && { log_url: logUrl }),
        ...extra
      })
      return true
    } catch (error) {
      log.warning(describeGitHubError(`could not set GitHub deployment ${id} to ${state}`, error))
      return false
    }
  }

  await status('in_progress', options.description)
  let finished = false
  return {
    id,
    finish: async (state, description) => {
      if (finished) return
      finished = true
      const extra =
        options.environmentUrl === undefined ? {} : { environment_url: options.environmentUrl }
      if (await status(state, description, extra)) {
        log.info(`GitHub deployment ${id} marked ${state}.`)
      }
    }
  }
}

/**
 * How a verdict reads on GitHub. `failure` when ECS says the rollout failed; `error` when the run
 * stopped without knowing (timed out, cancelled): the rollout may still finish; `inactive` when
 * another deployment replaced ours, so ours is simply no longer the live one.
 */
export function deploymentStateForVerdict(kind: VerdictKind): FinalDeploymentState {
  switch (kind) {
    case 'succeeded':
    case 'unchanged':
      return 'success'
    case 'rolled-back':
    case 'failed':
      return 'failure'
    case 'timed-out':
    case 'cancelled':
      return 'error'
    case 'superseded':
      return 'inactive'
    default:
      return assertNever(kind)
  }
}

function shorten(text: string, max: number): string {
  const characters = Array.from(text)
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`
}
