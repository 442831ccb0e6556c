import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions
} from '../../__fixtures__/fake-github.js'
import { startGitHubDeployment } from '../../src/github/deployments.js'
import { octokitDeploymentsPort } from '../../src/github/octokit-deployments.js'

const TOKEN = 'ghs_fake-token-for-tests'
const SHA = '4f2c1d0b9a8e7f6d5c4b3a29181716151413121f'
const CONTEXT = {
  repository: 'octo-org/web-api',
  sha: SHA,
  serverUrl: 'https://github.com',
  runId: 77,
  runAttempt: 1
}
let github: FakeGitHub | undefined

afterEach(async () => {
  await github?.close()
  github = undefined
})

async function deployThroughOctokit(options: FakeGitHubOptions = {}, token = TOKEN) {
  github = await startFakeGitHub({ token: TOKEN, knownRefs: [SHA], ...options })
  const lines = { info: [] as string[], warning: [] as string[] }
  const deployment = await startGitHubDeployment({
    // baseUrl here, not GITHUB_API_URL: @actions/github reads that once, when it loads.
    port: octokitDeploymentsPort({ token, baseUrl: github.url }),
    context: CONTEXT,
    environment: 'production',
    environmentUrl: 'https://app.example.com',
    description: 'Deploy web:8 to prod/web',
    payload: { cluster: 'prod', services: ['web'] },
    log: { info: (line) => lines.info.push(line), warning: (line) => lines.warning.push(line) }
  })
  return { github, lines, deployment }
}

describe('octokitDeploymentsPort against the fake GitHub API', () => {
  it('creates the deployment and its statuses through @actions/github’s octokit', async () => {
    const { github, lines, deployment } = await deployThroughOctokit()
    await deployment.finish('success', 'web:8 is live')

    expect(lines.warning).toEqual([])
    expect(deployment.id).toBe(1001)
    expect(github.requests.map((r) => [r.method, r.path, r.status, r.authorization])).toEqual([
      ['POST', '/repos/octo-org/web-api/deployments', 201, 'valid'],
      ['POST', '/repos/octo-org/web-api/deployments/1001/statuses', 201, 'valid'],
      ['POST', '/repos/octo-org/web-api/deployments/1001/statuses', 201, 'valid']
    ])
    expect(github.requests[0]?.body).toEqual({
      ref: SHA,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      environment: 'production',
      description: 'Deploy web:8 to prod/web',
      transient_environment: false,
      production_environment: true,
      payload: { cluster: 'prod', services: ['web'] }
    })
    expect(github.deployments[0]?.statuses).toEqual([
      expect.objectContaining({
        state: 'in_progress',
        logUrl: 'https://github.com/octo-org/web-api/actions/runs/77/attempts/1',
        environmentUrl: ''
      }),
      expect.objectContaining({
        state: 'success',
        description: 'web:8 is live',
        environmentUrl: 'https://app.example.com'
      })
    ])
    expect(github.requests[0]?.userAgent).toMatch(/octokit/)
  })

  it('turns a 403 into a warning with the permission to grant, and the deploy goes on', async () => {
    const { github, lines, deployment } = await deployThroughOctokit({
      fail: { deployments: { status: 403 } }
    })
    await deployment.finish('success', 'done')
    expect(deployment.id).toBeUndefined()
    expect(github.requests).toHaveLength(1)
    expect(lines.warning).toEqual([
      'GitHub deployment: could not create the GitHub deployment (HTTP 403: Resource not accessible by integration). The ECS deployment goes on without it. The token needs the deployments permission: give the job `permissions: deployments: write`.'
    ])
  })

  it('warns about a rejected token without printing it', async () => {
    const { lines } = await deployThroughOctokit({}, 'ghs_wrong-token')
    expect(lines.warning[0]).toContain('(HTTP 401: Bad credentials)')
    expect(lines.warning.join('\n')).not.toContain('ghs_wrong-token')
  })

  it('warns when the commit is not on GitHub', async () => {
    const { lines } = await deployThroughOctokit({ knownRefs: ['0'.repeat(40)] })
    expect(lines.warning[0]).toContain(`(HTTP 422: No ref found for: ${SHA})`)
  })

  it('warns when the final status fails, after a good start', async () => {
    const { github, lines, deployment } = await deployThroughOctokit()
    github.fail('statuses', { status: 502 })
    await deployment.finish('failure', 'rolled back')
    expect(lines.warning).toEqual([
      expect.stringContaining(
        'could not set GitHub deployment 1001 to failure (GitHub API did not answer (HTTP 502: Server Error))'
      )
    ])
  })

  it('warns when GitHub cannot be reached at all', async () => {
    const closed = await startFakeGitHub()
    const url = closed.url
    await closed.close()
    const lines: string[] = []
    const deployment = await startGitHubDeployment({
      port: octokitDeploymentsPort({ token: TOKEN, baseUrl: url }),
      context: CONTEXT,
      environment: 'production',
      description: 'd',
      payload: { cluster: 'prod', services: ['web'] },
      log: { info: () => undefined, warning: (line) => lines.push(line) }
    })
    expect(deployment.id).toBeUndefined()
    expect(lines[0]).toMatch(/could not create the GitHub deployment \(GitHub API did not answer/)
  })
})

describe('@actions/github and GITHUB_API_URL', () => {
  it('sends getOctokit to GITHUB_API_URL when it is set as the process starts', async () => {
    github = await startFakeGitHub({ token: TOKEN })
    // A separate process: @actions/github reads GITHUB_API_URL once, when it loads, which is how
    // the bundled action sees it in the end-to-end tests.
    const script = `
      import { getOctokit } from '@actions/github'
      const octokit = getOctokit(process.env.TEST_TOKEN)
      const { data } = await octokit.rest.repos.createDeployment({ owner: 'o', repo: 'r', ref: '${SHA}' })
      console.log(data.id)
    `
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH, GITHUB_API_URL: github.url, TEST_TOKEN: TOKEN }
      }
    )
    expect(stdout.trim()).toBe('1001')
    expect(github.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/repos/o/r/deployments', 'valid']
    ])
  })
})
