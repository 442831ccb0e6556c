// EventBridge Scheduler's restJson1 protocol, as @aws-sdk/client-scheduler speaks it: the
// operation is the HTTP method and path (`GET /schedules`, `GET /schedules/{Name}`,
// `PUT /schedules/{Name}`), members come from the path, the query string (`ScheduleGroup`,
// `NamePrefix`, `State`, `NextToken`, `MaxResults`; GetSchedule's `groupName`) and the JSON body.
// Errors carry their type in the `x-amzn-errortype` header (what the SDK reads first) and
// `{"Message": …}` in the body, with the status the model gives each error (ValidationException
// 400, ServiceQuotaExceededException 402, ResourceNotFoundException 404, ConflictException 409,
// ThrottlingException 429, InternalServerException 500); AccessDeniedException is 403.

import type { ServerResponse } from 'node:http'

import { AwsError, serializationError } from '../errors.js'
import type { JsonObject } from '../state.js'

/** A request on one of Scheduler's REST paths. */
export interface RestRequest {
  operation: string
  /** Members from the path and query string, by model member name. */
  members: JsonObject
  /** Whether the operation has a JSON body. */
  hasBody: boolean
}

const SCHEDULER_PATHS = /^\/(schedules|schedule-groups|tags)(\/|$)/

/** Whether a path belongs to Scheduler's REST API (everything else is awsJson on `POST /`). */
export function isSchedulerPath(path: string): boolean {
  return SCHEDULER_PATHS.test(path)
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function queryMembers(query: URLSearchParams, names: Readonly<Record<string, string>>): JsonObject {
  const members: JsonObject = {}
  for (const [parameter, member] of Object.entries(names)) {
    const value = query.get(parameter)
    if (value === null) continue
    // MaxResults is an integer member; a value that is not one stays a string and fails the type check.
    members[member] = member === 'MaxResults' && /^-?\d+$/.test(value) ? Number(value) : value
  }
  return members
}

/** The operation a Scheduler REST request calls; UnknownOperationException for one we do not serve. */
export function schedulerRequest(method: string, url: string): RestRequest {
  const parsed = new URL(url, 'http://emulator')
  const segments = parsed.pathname.split('/').slice(1)
  if (segments[0] === 'schedules' && segments.length === 1 && method === 'GET') {
    return {
      operation: 'ListSchedules',
      members: queryMembers(parsed.searchParams, {
        ScheduleGroup: 'GroupName',
        NamePrefix: 'NamePrefix',
        State: 'State',
        NextToken: 'NextToken',
        MaxResults: 'MaxResults'
      }),
      hasBody: false
    }
  }
  if (segments[0] === 'schedules' && segments.length === 2 && segments[1] !== '') {
    const name = decodeSegment(segments[1] ?? '')
    if (method === 'GET') {
      return {
        operation: 'GetSchedule',
        members: { Name: name, ...queryMembers(parsed.searchParams, { groupName: 'GroupName' }) },
        hasBody: false
      }
    }
    if (method === 'PUT')
      return { operation: 'UpdateSchedule', members: { Name: name }, hasBody: true }
  }
  // Not confirmed: what the real endpoint answers for a route it does not have.
  throw new AwsError(
    'UnknownOperationException',
    `The emulator does not serve ${method} ${parsed.pathname}`,
    404
  )
}

/** The operation's input: the body's members, then the path and query members over them. */
export function schedulerInput(request: RestRequest, text: string): unknown {
  if (!request.hasBody) return request.members
  let body: unknown = {}
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as unknown
    } catch {
      throw serializationError('')
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  return { ...(body as JsonObject), ...request.members }
}

const STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  SerializationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500
}

// The emulator's own names for faults become the Scheduler model's.
const RENAMED: Readonly<Record<string, string>> = { ServerException: 'InternalServerException' }

export function sendRestJson(
  response: ServerResponse,
  body: unknown,
  requestId: string,
  status = 200,
  errorType?: string
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
    date: new Date().toUTCString()
  })
  response.end(text)
}

export function sendRestJsonError(
  response: ServerResponse,
  error: AwsError,
  requestId: string
): void {
  const type = RENAMED[error.type] ?? error.type
  const status = STATUS[type] ?? (error.status >= 500 ? error.status : 400)
  sendRestJson(response, { Message: error.message }, requestId, status, type)
}
