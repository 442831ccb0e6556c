import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions
} from '../../__fixtures__/fake-github.js'

const TOKEN = 'ghs_fake-token-for-tests'
const SHA = '4f2c1d0b9a8e7f6d5c4b3a29181716151413121f'
let github: FakeGitHub | undefined

afterEach(async () => {
  await github?.close()
  github = undefined
})

async function start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  github = await startFakeGitHub({ token: TOKEN, ...options })
  return github
}

async function post(
  path: string,
  body: unknown,
  auth: string | null = `token ${TOKEN}`
): Promise<{ status: number; body: Record<string, unknown> }> {
  if (github === undefined) throw new Error('start the fake first')
  const response = await fetch(`${github.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth !== null && { authorization: auth })
    },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const DEPLOYMENT = {
  ref: SHA,
  environment: 'staging',
  auto_merge: false,
  required_contexts: [],
  payload: { cluster: 'prod' }
}

describe('fake GitHub: deployments', () => {
  beforeEach(async () => {
    await start()
  })

  it('creates a deployment and answers 201 with GitHub’s deployment shape', async () => {
    const { status, body } = await post('/repos/octo-org/web-api/deployments', DEPLOYMENT)
    expect(status).toBe(201)
    expect(body).toMatchObject({
      id: 1001,
      sha: SHA,
      ref: SHA,
      task: 'deploy',
      environment: 'staging',
      payload: { cluster: 'prod' },
      production_environment: false,
      transient_environment: false,
      statuses_url: `${github?.url}/repos/octo-org/web-api/deployments/1001/statuses`,
      creator: { login: 'github-actions[bot]' }
    })
    expect(github?.deployments[0]).toMatchObject({ id: 1001, environment: 'staging', ref: SHA })
  })

  it('defaults the environment to production, as GitHub does', async () => {
    const { body } = await post('/repos/o/r/deployments', { ref: SHA })
    expect(body).toMatchObject({ environment: 'production', production_environment: true })
  })

  it('records each request without the token', async () => {
    await post('/repos/o/r/deployments', DEPLOYMENT)
    expect(github?.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/repos/o/r/deployments',
        route: 'deployments',
        body: DEPLOYMENT,
        authorization: 'valid',
        status: 201
      })
    ])
    expect(JSON.stringify(github?.requests)).not.toContain(TOKEN)
  })

  it.each([
    [{ environment: 'x' }, '"ref" wasn\'t supplied'],
    [{ ref: 5 }, "For 'properties/ref', 5 is not a string."],
    [{ ref: SHA, auto_merge: 'false' }, 'For \'properties/auto_merge\', "false" is not a boolean.'],
    [{ ref: SHA, required_contexts: 'ci' }, 'is not an array'],
    [{ ref: SHA, payload: 3 }, 'is not an object or a string']
  ])('answers 422 to %o', async (request, message) => {
    const { status, body } = await post('/repos/o/r/deployments', request)
    expect(status).toBe(422)
    expect(String(body.message)).toContain(message)
    expect(github?.deployments).toEqual([])
  })

  it('answers 400 to a body that is not JSON', async () => {
    expect((await post('/repos/o/r/deployments', '{not json')).status).toBe(400)
  })

  it('answers 401 without a token and with a wrong one', async () => {
    expect(await post('/repos/o/r/deployments', DEPLOYMENT, null)).toMatchObject({
      status: 401,
      body: { message: 'Requires authentication' }
    })
    expect(await post('/repos/o/r/deployments', DEPLOYMENT, 'Bearer nope')).toMatchObject({
      status: 401,
      body: { message: 'Bad credentials' }
    })
    expect(github?.requests.map((r) => r.authorization)).toEqual(['none', 'invalid'])
  })

  it('answers 404 to other routes', async () => {
    expect((await post('/repos/o/r/issues', {})).status).toBe(404)
  })
})

describe('fake GitHub: statuses', () => {
  beforeEach(async () => {
    await start()
    await post('/repos/o/r/deployments', DEPLOYMENT)
  })

  it('adds a status to the deployment', async () => {
    const { status, body } = await post('/repos/o/r/deployments/1001/statuses', {
      state: 'success',
      log_url: 'https://github.com/o/r/actions/runs/1',
      environment_url: 'https://app.example.com',
      description: 'done'
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      state: 'success',
      environment: 'staging',
      log_url: 'https://github.com/o/r/actions/runs/1',
      target_url: 'https://github.com/o/r/actions/runs/1',
      environment_url: 'https://app.example.com',
      deployment_url: `${github?.url}/repos/o/r/deployments/1001`
    })
    expect(github?.deployments[0]?.statuses.map((s) => s.state)).toEqual(['success'])
  })

  it('rejects a state GitHub does not know, the way GitHub does', async () => {
    const { status, body } = await post('/repos/o/r/deployments/1001/statuses', { state: 'done' })
    expect(status).toBe(422)
    expect(body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ field: 'state', code: 'custom', message: 'state is not included in the list' }]
    })
  })

  it('rejects a missing state and a description over 140 characters', async () => {
    expect((await post('/repos/o/r/deployments/1001/statuses', {})).status).toBe(422)
    const long = await post('/repos/o/r/deployments/1001/statuses', {
      state: 'failure',
      description: 'x'.repeat(141)
    })
    expect(long.status).toBe(422)
  })

  it('answers 404 for an unknown deployment', async () => {
    expect((await post('/repos/o/r/deployments/9/statuses', { state: 'success' })).status).toBe(404)
  })
})

describe('fake GitHub: failures and limits', () => {
  it('fails with GitHub’s 403 message, a given number of times', async () => {
    await start({ fail: { deployments: { status: 403, times: 1 } } })
    expect(await post('/repos/o/r/deployments', DEPLOYMENT)).toMatchObject({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url:
          'https://docs.github.com/rest/deployments/deployments#create-a-deployment'
      }
    })
    expect((await post('/repos/o/r/deployments', DEPLOYMENT)).status).toBe(201)
  })

  it('can be told to fail later, per route', async () => {
    const fake = await start()
    fake.fail('statuses', { status: 500 })
    expect((await post('/repos/o/r/deployments', DEPLOYMENT)).status).toBe(201)
    expect((await post('/repos/o/r/deployments/1001/statuses', { state: 'success' })).status).toBe(
      500
    )
  })

  it('knows only the refs and repositories it is given, when given', async () => {
    await start({ knownRefs: [SHA], repositories: ['o/r'] })
    expect(await post('/repos/o/r/deployments', { ref: 'deadbeef' })).toMatchObject({
      status: 422,
      body: { message: 'No ref found for: deadbeef' }
    })
    expect((await post('/repos/o/other/deployments', DEPLOYMENT)).status).toBe(404)
    expect((await post('/repos/o/r/deployments', DEPLOYMENT)).status).toBe(201)
  })

  it('marks authorization as present when it checks no token', async () => {
    github = await startFakeGitHub()
    await post('/repos/o/r/deployments', DEPLOYMENT, 'token anything')
    expect(github.requests[0]?.authorization).toBe('present')
  })
})
