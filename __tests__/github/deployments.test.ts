import { describe, expect, it } from '@jest/globals'
import {
  deploymentStateForVerdict,
  startGitHubDeployment,
  type CreateDeploymentRequest,
  type CreateDeploymentStatusRequest,
  type FinalDeploymentState,
  type GitHubDeploymentsPort,
  type StartGitHubDeploymentOptions
} from '../../src/github/deployments.js'
import { describeGitHubError } from '../../src/github/github-errors.js'
import type { WorkflowContext } from '../../src/github/workflow-context.js'
import type { VerdictKind } from '../../src/verdict.js'

const SHA = '4f2c1d0b9a8e7f6d5c4b3a29181716151413121f'
const CONTEXT: WorkflowContext = {
  repository: 'octo-org/web-api',
  sha: SHA,
  ref: 'refs/heads/main',
  serverUrl: 'https://github.com',
  runId: 77,
  runAttempt: 1
}
const RUN_URL = 'https://github.com/octo-org/web-api/actions/runs/77/attempts/1'
const TASK_DEFINITION_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8'

/** A GitHub error as octokit throws it: status, and GitHub's body under response.data. */
function httpError(status: number, message: string): Error {
  return Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
    status,
    response: { data: { message } }
  })
}

/** A port that records calls and fails the calls it is told to. */
class FakePort implements GitHubDeploymentsPort {
  readonly deployments: CreateDeploymentRequest[] = []
  readonly statuses: CreateDeploymentStatusRequest[] = []
  failDeployment?: Error
  failStatus?: (request: CreateDeploymentStatusRequest) => Error | undefined

  createDeployment(request: CreateDeploymentRequest): Promise<{ id: number }> {
    if (this.failDeployment !== undefined) return Promise.reject(this.failDeployment)
    this.deployments.push(request)
    return Promise.resolve({ id: 1001 })
  }

  createDeploymentStatus(request: CreateDeploymentStatusRequest): Promise<void> {
    const failure = this.failStatus?.(request)
    if (failure !== undefined) return Promise.reject(failure)
    this.statuses.push(request)
    return Promise.resolve()
  }
}

function setup(overrides: Partial<StartGitHubDeploymentOptions> = {}) {
  const port = new FakePort()
  const lines = { info: [] as string[], warning: [] as string[] }
  const options: StartGitHubDeploymentOptions = {
    port,
    context: CONTEXT,
    environment: 'production',
    environmentUrl: 'https://app.example.com',
    description: 'Deploy web:8 to prod/web',
    payload: { cluster: 'prod', services: ['web'], taskDefinitionArn: TASK_DEFINITION_ARN },
    log: { info: (line) => lines.info.push(line), warning: (line) => lines.warning.push(line) },
    ...overrides
  }
  return { port, lines, start: () => startGitHubDeployment({ ...options, port }) }
}

describe('startGitHubDeployment', () => {
  it('creates a deployment of the commit, in progress, then finishes it with both URLs', async () => {
    const { port, lines, start } = setup()
    const deployment = await start()
    expect(deployment.id).toBe(1001)
    expect(port.deployments).toEqual([
      {
        owner: 'octo-org',
        repo: 'web-api',
        ref: SHA,
        task: 'deploy',
        auto_merge: false,
        required_contexts: [],
        environment: 'production',
        description: 'Deploy web:8 to prod/web',
        transient_environment: false,
        production_environment: true,
        payload: { cluster: 'prod', services: ['web'], taskDefinitionArn: TASK_DEFINITION_ARN }
      }
    ])
    expect(port.statuses).toEqual([
      {
        owner: 'octo-org',
        repo: 'web-api',
        deployment_id: 1001,
        state: 'in_progress',
        description: 'Deploy web:8 to prod/web',
        log_url: RUN_URL
      }
    ])

    await deployment.finish('success', 'web:8 is live on prod/web')
    expect(port.statuses[1]).toEqual({
      owner: 'octo-org',
      repo: 'web-api',
      deployment_id: 1001,
      state: 'success',
      description: 'web:8 is live on prod/web',
      log_url: RUN_URL,
      environment_url: 'https://app.example.com'
    })
    expect(lines.warning).toEqual([])
    expect(lines.info).toEqual([
      'GitHub deployment 1001 created for environment production.',
      'GitHub deployment 1001 marked success.'
    ])
  })

  it('finishes once: a second finish posts nothing', async () => {
    const { port, start } = setup()
    const deployment = await start()
    await deployment.finish('failure', 'rolled back')
    await deployment.finish('success', 'too late')
    expect(port.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure'])
  })

  it('marks other environments as not production unless told', async () => {
    const staging = setup({ environment: 'staging', environmentUrl: undefined })
    await (await staging.start()).finish('success', 'ok')
    expect(staging.port.deployments[0]?.production_environment).toBe(false)
    expect(staging.port.statuses[1]).not.toHaveProperty('environment_url')

    const told = setup({ environment: 'prod-eu', productionEnvironment: true })
    await told.start()
    expect(told.port.deployments[0]?.production_environment).toBe(true)
  })

  it('shortens a status description to the 140 characters GitHub allows', async () => {
    const { port, start } = setup()
    await (await start()).finish('failure', 'x'.repeat(200))
    const description = port.statuses[1]?.description ?? ''
    expect(Array.from(description)).toHaveLength(140)
    expect(description.endsWith('…')).toBe(true)
  })

  it('warns, does not throw, and does nothing more when the deployment cannot be created', async () => {
    const { port, lines, start } = setup()
    port.failDeployment = httpError(403, 'Resource not accessible by integration')
    const deployment = await start()
    expect(deployment.id).toBeUndefined()
    await deployment.finish('success', 'done')
    expect(port.statuses).toEqual([])
    expect(lines.warning).toEqual([
      'GitHub deployment: could not create the GitHub deployment (HTTP 403: Resource not accessible by integration). The ECS deployment goes on without it. The token needs the deployments permission: give the job `permissions: deployments: write`.'
    ])
  })

  it('still finishes when setting in_progress failed', async () => {
    const { port, lines, start } = setup()
    port.failStatus = (request) =>
      request.state === 'in_progress' ? httpError(502, 'Server Error') : undefined
    const deployment = await start()
    await deployment.finish('success', 'done')
    expect(port.statuses.map((s) => s.state)).toEqual(['success'])
    expect(lines.warning).toHaveLength(1)
    expect(lines.warning[0]).toContain('could not set GitHub deployment 1001 to in_progress')
  })

  it('warns when the final status fails, without throwing', async () => {
    const { port, lines, start } = setup()
    const deployment = await start()
    port.failStatus = () => httpError(403, 'Resource not accessible by integration')
    await expect(deployment.finish('failure', 'rolled back')).resolves.toBeUndefined()
    expect(lines.warning[0]).toContain('could not set GitHub deployment 1001 to failure (HTTP 403')
    expect(lines.info).not.toContain('GitHub deployment 1001 marked failure.')
  })

  it('skips with a warning outside GitHub Actions', async () => {
    const { port, lines, start } = setup({ context: { sha: SHA } })
    const deployment = await start()
    await deployment.finish('success', 'done')
    expect(port.deployments).toEqual([])
    expect(lines.warning[0]).toMatch(/^GitHub deployment skipped: this run has no repository/)
  })

  it('sends no log URL when the run is unknown', async () => {
    const { port, start } = setup({ context: { repository: 'o/r', sha: SHA } })
    await start()
    expect(port.statuses[0]).not.toHaveProperty('log_url')
  })
})

describe('describeGitHubError', () => {
  it.each([
    [401, 'Bad credentials', 'Check the github-token input.'],
    [404, 'Not Found', 'Check that the token can access this repository.'],
    [403, 'API rate limit exceeded for installation', 'The token is rate limited'],
    [422, 'No ref found for: abc', 'The commit must be pushed to GitHub']
  ])('explains HTTP %i', (status, message, hint) => {
    const line = describeGitHubError(
      'could not create the GitHub deployment',
      httpError(status, message)
    )
    expect(line).toContain(`(HTTP ${status}: ${message})`)
    expect(line).toContain(hint)
  })

  it('lists the details of a validation failure', () => {
    const error = Object.assign(new Error('Validation Failed'), {
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'DeploymentStatus',
              code: 'custom',
              field: 'state',
              message: 'state is not included in the list'
            }
          ]
        }
      }
    })
    expect(describeGitHubError('x', error)).toContain(
      '(HTTP 422: Validation Failed: state is not included in the list)'
    )
  })

  it('says GitHub did not answer on a network error', () => {
    const line = describeGitHubError('x', Object.assign(new Error('fetch failed'), { status: 500 }))
    expect(line).toContain('(GitHub API did not answer (HTTP 500: fetch failed))')
    expect(describeGitHubError('x', new Error('socket hang up'))).toContain(
      '(GitHub API did not answer (socket hang up))'
    )
  })
})

describe('deploymentStateForVerdict', () => {
  it.each<[VerdictKind, FinalDeploymentState]>([
    ['succeeded', 'success'],
    ['rolled-back', 'failure'],
    ['failed', 'failure'],
    ['timed-out', 'error'],
    ['cancelled', 'error'],
    ['superseded', 'inactive']
  ])('%s → %s', (verdict, state) => {
    expect(deploymentStateForVerdict(verdict)).toBe(state)
  })
})
