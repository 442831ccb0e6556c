// HTTP front end: the awsJson1_1 wire protocol (POST /, X-Amz-Target, JSON bodies, epoch-second
// timestamps, `{"__type","message"}` errors), routing ECS, ECR, CloudWatch Logs, CodeDeploy and
// EventBridge on the target prefix; EventBridge Scheduler's restJson1 on its own paths
// (scheduler/rest.ts); plus a small control API under /__emulator/ for demos (switch scenario,
// read the timeline).

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

import { ACCOUNT_ID } from './arns.js'
import type { VirtualClock } from './clock.js'
import { logsOperations } from './cloudwatch-logs.js'
import { codeDeployOperations } from './codedeploy/operations.js'
import { ecrOperations } from './ecr.js'
import type { Operation } from './ecs/operation.js'
import { ecsOperations } from './ecs/operations.js'
import { AwsError, serializationError } from './errors.js'
import { eventBridgeOperations } from './eventbridge/operations.js'
import { applyFault, FaultAnswer, floodEvents, type FaultInjector } from './faults.js'
import type { AuthorizedCall } from './iam-permissions.js'
import type { Ids } from './ids.js'
import type { RecordedCall, ServiceName, TimelineEntry } from './recording.js'
import { isScenarioName, scenarioNames, scenarios, type ScenarioName } from './scenarios.js'
import { schedulerOperations } from './scheduler/operations.js'
import {
  isSchedulerPath,
  schedulerInput,
  schedulerRequest,
  sendRestJson,
  sendRestJsonError
} from './scheduler/rest.js'
import type { World } from './state.js'

const TARGET_PREFIXES: Readonly<Record<string, ServiceName>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  Logs_20140328: 'logs',
  CodeDeploy_20141006: 'codedeploy',
  AWSEvents: 'events'
}
const OPERATIONS: Readonly<Record<ServiceName, Readonly<Record<string, Operation>>>> = {
  ecs: ecsOperations,
  ecr: ecrOperations,
  logs: logsOperations,
  codedeploy: codeDeployOperations,
  events: eventBridgeOperations,
  scheduler: schedulerOperations
}
const DEFAULT_REGION = 'us-east-1'
const MAX_BODY_BYTES = 1024 * 1024

export function isMutatingCall(call: RecordedCall): boolean {
  return OPERATIONS[call.service][call.operation]?.mutating ?? false
}

export interface ServerDependencies {
  clock: VirtualClock
  /** For request ids only, so resource ids do not depend on how often a client polls. */
  requestIds: Ids
  /** The region's world, advanced to the current virtual time. */
  worldFor(region: string): World
  record(call: RecordedCall): void
  /** Throws AccessDeniedException when the caller's IAM policy does not allow the call; absent: all allowed. */
  authorize?(call: AuthorizedCall): void
  /** Injected faults (throttling, 5xx, resets, slow answers, expired credentials); absent: none. */
  faults?: FaultInjector
  /** Rewrites an answer before it is sent (reworded texts); absent: sent as the operation made it. */
  present?(service: ServiceName, answer: unknown): unknown
  control: {
    scenario(): ScenarioName
    setScenario(name: ScenarioName): void
    timeline(): TimelineEntry[]
    calls(): RecordedCall[]
  }
}

interface Credential {
  accessKeyId: string
  region: string
  signingName: string
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ecs/aws4_request, ...`; the signature is not checked. */
function parseCredential(authorization: string | undefined): Credential | undefined {
  if (authorization === undefined || !authorization.startsWith('AWS4-HMAC-SHA256')) return undefined
  const match = /Credential=([^/,\s]+)\/[^/]*\/([^/]*)\/([^/]*)\/aws4_request/.exec(authorization)
  if (match === null) return undefined
  const [, accessKeyId = '', region = '', signingName = ''] = match
  return { accessKeyId, region: region === '' ? DEFAULT_REGION : region, signingName }
}

function send(response: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString()
  })
  response.end(text)
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    request.on('error', reject)
  })
}

function parseJson(text: string): unknown {
  // Coral rejects an empty or malformed body before routing to the operation.
  if (text.trim() === '') throw serializationError('')
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw serializationError('')
  }
}

function handleControl(
  dependencies: ServerDependencies,
  method: string,
  path: string,
  text: string,
  response: ServerResponse,
  requestId: string
): void {
  if (path === '/__emulator/scenario' && method === 'POST') {
    let name: unknown
    try {
      name = (JSON.parse(text) as { name?: unknown }).name
    } catch {
      name = undefined
    }
    if (!isScenarioName(name)) {
      send(response, 400, { message: 'unknown scenario', scenarios: scenarioNames }, requestId)
      return
    }
    dependencies.control.setScenario(name)
    send(response, 200, { scenario: name }, requestId)
    return
  }
  if (path === '/__emulator/scenario' && method === 'GET') {
    send(
      response,
      200,
      { scenario: dependencies.control.scenario(), scenarios: scenarioNames },
      requestId
    )
    return
  }
  if (path === '/__emulator/timeline' && method === 'GET') {
    send(response, 200, { timeline: dependencies.control.timeline() }, requestId)
    return
  }
  if (path === '/__emulator/calls' && method === 'GET') {
    send(response, 200, { calls: dependencies.control.calls() }, requestId)
    return
  }
  send(response, 404, { message: `no control endpoint ${method} ${path}` }, requestId)
}

interface Routed {
  service: ServiceName
  operation: string
}

function route(target: string | undefined): Routed & { handler: Operation } {
  const dot = target?.lastIndexOf('.') ?? -1
  const prefix = target?.slice(0, Math.max(dot, 0)) ?? ''
  const operation = target?.slice(dot + 1) ?? ''
  const service = TARGET_PREFIXES[prefix]
  const handler = service === undefined ? undefined : OPERATIONS[service][operation]
  if (service === undefined || handler === undefined) {
    throw new AwsError(
      'UnknownOperationException',
      `Unknown operation ${target ?? '(no X-Amz-Target)'}`
    )
  }
  return { service, operation, handler }
}

function routeScheduler(operation: string): Routed & { handler: Operation } {
  const handler = OPERATIONS.scheduler[operation]
  if (handler === undefined) throw new AwsError('UnknownOperationException', operation, 404)
  return { service: 'scheduler', operation, handler }
}

function authenticate(request: IncomingMessage, service: ServiceName): Credential {
  const credential = parseCredential(request.headers.authorization)
  if (credential === undefined) {
    throw new AwsError(
      'MissingAuthenticationTokenException',
      'Request is missing Authentication Token'
    )
  }
  // The signing names are the services' own: ecs, ecr, logs, codedeploy, events, scheduler.
  const expected = service
  if (credential.signingName !== expected) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expected}'. `,
      403
    )
  }
  return credential
}

/** The generic AWS throttling error (not in the ECS model; DOC-THR: HTTP 400, "Rate exceeded"). */
const throttled = (): AwsError => new AwsError('ThrottlingException', 'Rate exceeded')

export function createRequestListener(dependencies: ServerDependencies): RequestListener {
  // Requests counted for the throttle scenario, across services and regions.
  let answered = 0
  // Flooded answers so far: each flood's events get ids of their own.
  let floods = 0
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = dependencies.requestIds.uuid()
    const text = await readBody(request)
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    const method = request.method ?? 'GET'
    if (path.startsWith('/__emulator/')) {
      handleControl(dependencies, method, path, text, response, requestId)
      return
    }

    let routed: Routed | undefined
    let input: unknown = text
    const rest = isSchedulerPath(path)
    try {
      const restRequest = rest ? schedulerRequest(method, request.url ?? '/') : undefined
      if (restRequest === undefined && method !== 'POST')
        throw new AwsError('UnknownOperationException', `Unsupported method ${method}`)
      const target = request.headers['x-amz-target']
      const found =
        restRequest === undefined
          ? route(Array.isArray(target) ? target[0] : target)
          : routeScheduler(restRequest.operation)
      routed = found
      const credential = authenticate(request, found.service)
      input = restRequest === undefined ? parseJson(text) : schedulerInput(restRequest, text)
      const throttle = scenarios[dependencies.control.scenario()].throttle
      answered++
      if (throttle !== undefined && answered % throttle.every === 0) throw throttled()
      const fault = dependencies.faults?.decide(found)
      if (fault !== undefined && !fault.ran) await applyFault(fault, response)
      const world = dependencies.worldFor(credential.region)
      dependencies.authorize?.({
        service: found.service,
        operation: found.operation,
        body: input,
        world
      })
      const handled = found.handler.handle({
        world,
        body: input,
        caller: `arn:aws:iam::${ACCOUNT_ID}:user/${credential.accessKeyId}`
      })
      const flooded =
        fault?.kind === 'event-flood' && found.operation === 'DescribeServices'
          ? floodEvents(handled, fault, dependencies.clock, ++floods)
          : handled
      const result = dependencies.present?.(found.service, flooded) ?? flooded
      // The operation's effect stays; the client never learns of it, learns late, or cannot read it.
      if (fault?.ran === true) {
        await applyFault(fault, response, {
          text: JSON.stringify(result),
          contentType: rest ? 'application/json' : 'application/x-amz-json-1.1',
          requestId
        })
      }
      dependencies.record(recorded(dependencies, found, input, undefined, request))
      if (rest) sendRestJson(response, result, requestId)
      else send(response, 200, result, requestId)
    } catch (error) {
      if (error instanceof FaultAnswer) {
        if (routed !== undefined)
          dependencies.record(recorded(dependencies, routed, input, error.recordedAs, request))
        error.respond(response)
        return
      }
      const failure =
        error instanceof AwsError
          ? error
          : new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500)
      if (!(error instanceof AwsError)) console.error('emulator: internal error', error)
      if (routed !== undefined)
        dependencies.record(recorded(dependencies, routed, input, failure.type, request))
      if (rest) sendRestJsonError(response, failure, requestId)
      else send(response, failure.status, failure.body(), requestId)
    }
  }
  return (request, response) => {
    answer(request, response).catch((error: unknown) => {
      console.error('emulator: request failed', error)
      if (!response.headersSent) send(response, 500, { __type: 'ServerException' }, 'unknown')
    })
  }
}

function recorded(
  dependencies: ServerDependencies,
  routed: Routed,
  input: unknown,
  error: string | undefined,
  request: IncomingMessage
): RecordedCall {
  const call: RecordedCall = {
    service: routed.service,
    operation: routed.operation,
    input,
    virtualTime: dependencies.clock.virtualMs(),
    realTime: dependencies.clock.realMs()
  }
  if (error !== undefined) call.error = error
  // Who called: the access key id of the signature, so calls can be told apart by client.
  const accessKeyId = parseCredential(request.headers.authorization)?.accessKeyId
  if (accessKeyId !== undefined) call.accessKeyId = accessKeyId
  return call
}
