import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// A stand-in for the two GitHub REST endpoints the action calls, checked the way GitHub checks them,
// so the action can be run end to end with GITHUB_API_URL pointing here.
//
// Shapes come from GitHub's OpenAPI description (@octokit/openapi-types: repos/create-deployment,
// repos/create-deployment-status, schemas deployment and deployment-status). Message texts:
// - "Resource not accessible by integration" (403): verbatim in many reports, e.g.
//   bobheadxi/deployments#156, chrnorm/deployment-status#31.
// - "Validation Failed" with errors [{resource, code: "custom", field, message}] and
//   "state is not included in the list": kubernetes/test-infra#5590 (a commit status; the same
//   validation for a deployment status, and its resource name "DeploymentStatus", are unconfirmed).
// - "Bad credentials", "Requires authentication", "Not Found", "Problems parsing JSON" and the
//   "status" member in error bodies: GitHub's usual answers, unconfirmed for these endpoints.
// - "Invalid request.\n\n…" for a missing or mistyped member, and "No ref found for: <ref>":
//   unconfirmed wording.

export type FakeGitHubRoute = 'deployments' | 'statuses'

/** One request as the server saw it. The token itself is never kept. */
export interface FakeGitHubRequest {
  readonly method: string
  readonly path: string
  readonly route: FakeGitHubRoute | undefined
  /** The parsed JSON body; undefined when there was none or it did not parse. */
  readonly body: unknown
  /** `none`, or `present` (no expected token given), or whether it matched the expected token. */
  readonly authorization: 'none' | 'present' | 'valid' | 'invalid'
  readonly userAgent: string | undefined
  /** The HTTP status the server answered with. */
  readonly status: number
}

export interface FakeGitHubFailure {
  readonly status: number
  /** Default: GitHub's message for the status (403: "Resource not accessible by integration"). */
  readonly message?: string
  /** How many requests fail; default: all of them. */
  readonly times?: number
}

export interface FakeDeploymentStatus {
  readonly id: number
  readonly state: string
  readonly description: string
  readonly logUrl: string
  readonly environmentUrl: string
  readonly environment: string
}

export interface FakeDeployment {
  readonly id: number
  readonly owner: string
  readonly repo: string
  readonly ref: string
  readonly environment: string
  readonly body: Readonly<Record<string, unknown>>
  readonly statuses: FakeDeploymentStatus[]
}

export interface FakeGitHubOptions {
  /** When set, requests must carry it (`token …` or `Bearer …`), or get 401 Bad credentials. */
  readonly token?: string
  /** When set, only these refs exist; others get 422 "No ref found for: …". */
  readonly knownRefs?: readonly string[]
  /** When set, only these `owner/repo` exist; others get 404. */
  readonly repositories?: readonly string[]
  readonly fail?: Partial<Record<FakeGitHubRoute, FakeGitHubFailure>>
}

export interface FakeGitHub {
  /** The API root, for GITHUB_API_URL or octokit's baseUrl. */
  readonly url: string
  readonly requests: FakeGitHubRequest[]
  readonly deployments: FakeDeployment[]
  /** From now on, requests to `route` fail (a given number of times, or all). */
  fail(route: FakeGitHubRoute, failure: FakeGitHubFailure): void
  close(): Promise<void>
}

const DOCS = {
  deployments: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
  statuses: 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status',
  root: 'https://docs.github.com/rest'
} as const

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable'
}

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']
const MAX_STATUS_DESCRIPTION = 140

// The creator of deployments made with a workflow's GITHUB_TOKEN.
const CREATOR = { login: 'github-actions[bot]', id: 41898282, type: 'Bot', site_admin: false }

interface Answer {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

type Body = Record<string, unknown>

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: FakeGitHubRequest[] = []
  const deployments: FakeDeployment[] = []
  const failures = new Map<FakeGitHubRoute, { failure: FakeGitHubFailure; left: number }>()
  const fail = (route: FakeGitHubRoute, failure: FakeGitHubFailure): void => {
    failures.set(route, { failure, left: failure.times ?? Number.POSITIVE_INFINITY })
  }
  for (const route of ['deployments', 'statuses'] as const) {
    const failure = options.fail?.[route]
    if (failure !== undefined) fail(route, failure)
  }
  let nextDeploymentId = 1001
  let nextStatusId = 5001
  let url = ''
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

  const authorizationOf = (header: string | undefined): FakeGitHubRequest['authorization'] => {
    if (header === undefined || header === '') return 'none'
    if (options.token === undefined) return 'present'
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header)
    return match?.[1] === options.token ? 'valid' : 'invalid'
  }

  const createDeployment = (owner: string, repo: string, body: Body): Answer => {
    const invalid =
      required(body, 'ref', 'string') ??
      typed(body, 'task', 'string') ??
      typed(body, 'auto_merge', 'boolean') ??
      stringList(body, 'required_contexts') ??
      typed(body, 'environment', 'string') ??
      typed(body, 'description', 'string', true) ??
      typed(body, 'transient_environment', 'boolean') ??
      typed(body, 'production_environment', 'boolean') ??
      payloadType(body)
    if (invalid !== undefined) return error(422, invalid, DOCS.deployments)
    const ref = body.ref as string
    if (options.knownRefs !== undefined && !options.knownRefs.includes(ref)) {
      return error(422, `No ref found for: ${ref}`, DOCS.deployments)
    }
    const environment = (body.environment as string | undefined) ?? 'production'
    const deployment: FakeDeployment = {
      id: nextDeploymentId++,
      owner,
      repo,
      ref,
      environment,
      body,
      statuses: []
    }
    deployments.push(deployment)
    const api = `${url}/repos/${owner}/${repo}`
    const time = now()
    return {
      status: 201,
      headers: { location: `${api}/deployments/${deployment.id}` },
      body: {
        url: `${api}/deployments/${deployment.id}`,
        id: deployment.id,
        node_id: Buffer.from(`Deployment${deployment.id}`).toString('base64'),
        // The fake resolves no refs: a SHA names itself, anything else gets a made-up one.
        sha: /^[0-9a-f]{40}$/.test(ref) ? ref : '0'.repeat(40),
        ref,
        task: body.task ?? 'deploy',
        payload: body.payload ?? {},
        original_environment: environment,
        environment,
        description: body.description ?? '',
        creator: CREATOR,
        created_at: time,
        updated_at: time,
        statuses_url: `${api}/deployments/${deployment.id}/statuses`,
        repository_url: api,
        transient_environment: body.transient_environment ?? false,
        production_environment: body.production_environment ?? environment === 'production'
      }
    }
  }

  const createStatus = (owner: string, repo: string, id: number, body: Body): Answer => {
    const deployment = deployments.find((d) => d.id === id && d.owner === owner && d.repo === repo)
    if (deployment === undefined) return error(404, 'Not Found', DOCS.statuses)
    const invalid =
      required(body, 'state', 'string') ??
      typed(body, 'target_url', 'string') ??
      typed(body, 'log_url', 'string') ??
      typed(body, 'description', 'string') ??
      typed(body, 'environment', 'string') ??
      typed(body, 'environment_url', 'string') ??
      typed(body, 'auto_inactive', 'boolean')
    if (invalid !== undefined) return error(422, invalid, DOCS.statuses)
    const state = body.state as string
    if (!STATES.includes(state)) {
      return validationFailed('state', 'state is not included in the list')
    }
    const description = (body.description as string | undefined) ?? ''
    if (Array.from(description).length > MAX_STATUS_DESCRIPTION) {
      // GitHub documents the 140-character limit; this answer's wording is unconfirmed.
      return validationFailed(
        'description',
        `description is too long (maximum is ${MAX_STATUS_DESCRIPTION} characters)`
      )
    }
    const logUrl = (body.log_url as string | undefined) ?? (body.target_url as string | undefined)
    const status: FakeDeploymentStatus = {
      id: nextStatusId++,
      state,
      description,
      logUrl: logUrl ?? '',
      environmentUrl: (body.environment_url as string | undefined) ?? '',
      environment:
        (body.environment as string | undefined) ??
        deployment.statuses.at(-1)?.environment ??
        deployment.environment
    }
    deployment.statuses.push(status)
    const api = `${url}/repos/${owner}/${repo}`
    const time = now()
    return {
      status: 201,
      headers: { location: `${api}/deployments/${id}/statuses/${status.id}` },
      body: {
        url: `${api}/deployments/${id}/statuses/${status.id}`,
        id: status.id,
        node_id: Buffer.from(`DeploymentStatus${status.id}`).toString('base64'),
        state,
        creator: CREATOR,
        description,
        environment: status.environment,
        target_url: status.logUrl,
        log_url: status.logUrl,
        environment_url: status.environmentUrl,
        created_at: time,
        updated_at: time,
        deployment_url: `${api}/deployments/${id}`,
        repository_url: api
      }
    }
  }

  const answer = (request: IncomingMessage, text: string): Answer => {
    const authorization = authorizationOf(request.headers.authorization)
    const parsed = parseJson(text)
    const path = (request.url ?? '').split('?')[0] ?? ''
    const match = /^\/repos\/([^/]+)\/([^/]+)\/deployments(?:\/(\d+)\/statuses)?\/?$/.exec(path)
    const [, owner = '', repo = '', id] = match ?? []
    const route: FakeGitHubRoute | undefined =
      match === null ? undefined : id === undefined ? 'deployments' : 'statuses'

    const result = ((): Answer => {
      if (request.method !== 'POST' || route === undefined)
        return error(404, 'Not Found', DOCS.root)
      if (authorization === 'none') return error(401, 'Requires authentication', DOCS.root)
      if (authorization === 'invalid') return error(401, 'Bad credentials', DOCS.root)
      if (
        options.repositories !== undefined &&
        !options.repositories.includes(`${owner}/${repo}`)
      ) {
        return error(404, 'Not Found', DOCS[route])
      }
      const failing = failures.get(route)
      if (failing !== undefined && failing.left > 0) {
        failing.left -= 1
        const { status, message } = failing.failure
        return error(status, message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`, DOCS[route])
      }
      if (!parsed.ok || !isObject(parsed.value)) {
        return error(400, 'Problems parsing JSON', DOCS[route])
      }
      return id === undefined
        ? createDeployment(owner, repo, parsed.value)
        : createStatus(owner, repo, Number(id), parsed.value)
    })()

    requests.push({
      method: request.method ?? '',
      path,
      route,
      body: parsed.ok ? parsed.value : undefined,
      authorization,
      userAgent: request.headers['user-agent'],
      status: result.status
    })
    return result
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const result = answer(request, Buffer.concat(chunks).toString('utf8'))
      response.writeHead(result.status, {
        'content-type': 'application/json; charset=utf-8',
        ...result.headers
      })
      response.end(JSON.stringify(result.body))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    requests,
    deployments,
    fail,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps sockets alive; without this, close() waits for them to time out.
        server.closeAllConnections()
        server.close((closeError) => {
          if (closeError === undefined) resolve()
          else reject(closeError)
        })
      })
  }
}

function error(status: number, message: string, documentation: string): Answer {
  return {
    status,
    body: { message, documentation_url: documentation, status: String(status) }
  }
}

function validationFailed(field: string, message: string): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'DeploymentStatus', code: 'custom', field, message }],
      documentation_url: DOCS.statuses,
      status: '422'
    }
  }
}

function required(body: Body, name: string, type: 'string'): string | undefined {
  if (body[name] === undefined) return `Invalid request.\n\n"${name}" wasn't supplied.`
  return typed(body, name, type)
}

function typed(
  body: Body,
  name: string,
  type: 'string' | 'boolean',
  nullable = false
): string | undefined {
  const value = body[name]
  if (value === undefined || (nullable && value === null) || typeof value === type) return undefined
  return `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a ${type}.`
}

function stringList(body: Body, name: string): string | undefined {
  const value = body[name]
  if (value === undefined) return undefined
  if (!Array.isArray(value))
    return `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not an array.`
  const bad: unknown = value.find((item) => typeof item !== 'string')
  return bad === undefined
    ? undefined
    : `Invalid request.\n\nFor 'items', ${JSON.stringify(bad)} is not a string.`
}

function payloadType(body: Body): string | undefined {
  const value = body.payload
  if (value === undefined || typeof value === 'string' || isObject(value)) return undefined
  return `Invalid request.\n\nFor 'properties/payload', ${JSON.stringify(value)} is not an object or a string.`
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}
