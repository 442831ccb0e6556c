// CloudWatch Logs GetLogEvents (target prefix Logs_20140328, awsJson1_1, signing name "logs"),
// reached by the SDK through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS (serviceId "CloudWatch Logs").
// Times are epoch milliseconds (the model's `Timestamp` for this API is a long), not seconds.
// Without a token, startFromHead=false returns the latest `limit` events, true the earliest;
// a token carries its own direction. Tokens look like the real ones ("f/<56 digits>/s"); at the
// end of the stream the token passed in comes back.

import { ACCOUNT_ID } from './arns.js'
import { AwsError, accessDenied, invalidParameter } from './errors.js'
import type { Operation } from './ecs/operation.js'
import type { LogEventRecord, World } from './state.js'
import { checkInput, read, shape } from './validate.js'

const MAX_LIMIT = 10_000

const resourceNotFound = (message: string): AwsError =>
  new AwsError('ResourceNotFoundException', message)

const logStreamArn = (world: World, group: string, stream: string): string =>
  `arn:aws:logs:${world.region}:${ACCOUNT_ID}:log-group:${group}:log-stream:${stream}`

/** A log group ARN (`arn:aws:logs:r:a:log-group:NAME` with an optional `:*`) or a plain name. */
function groupNameOf(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(identifier)
  return match?.[1] ?? identifier
}

const token = (direction: 'f' | 'b', position: number): string =>
  `${direction}/${String(position).padStart(56, '0')}/s`

function parseToken(value: string): { direction: 'f' | 'b'; position: number } {
  const match = /^([fb])\/(\d{1,56})\/s$/.exec(value)
  // Not confirmed: the message CloudWatch Logs returns for a token it did not issue.
  if (match === null) throw invalidParameter('The specified nextToken is invalid.')
  return { direction: match[1] === 'f' ? 'f' : 'b', position: Number(match[2]) }
}

function validation(value: string, member: string, constraint: string): AwsError {
  return invalidParameter(
    `1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${constraint}`
  )
}

export const getLogEventsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      logGroupName: shape.string,
      logGroupIdentifier: shape.string,
      logStreamName: shape.string,
      startTime: shape.integer,
      endTime: shape.integer,
      nextToken: shape.string,
      limit: shape.integer,
      startFromHead: shape.boolean,
      unmask: shape.boolean
    })
    const name = read.string(request, 'logGroupName')
    const identifier = read.string(request, 'logGroupIdentifier')
    const streamName = read.string(request, 'logStreamName')
    const groupName = name ?? (identifier === undefined ? undefined : groupNameOf(identifier))
    if (world.denyLogs) {
      throw accessDenied(
        'logs:GetLogEvents',
        logStreamArn(world, groupName ?? '*', streamName ?? '*')
      )
    }
    if (streamName === undefined) {
      throw validation('null', 'logStreamName', 'Member must not be null')
    }
    // Not confirmed: the wording for both / neither of the two group members.
    if (name !== undefined && identifier !== undefined) {
      throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.')
    }
    if (groupName === undefined) {
      throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.')
    }
    const limit = read.integer(request, 'limit') ?? MAX_LIMIT
    if (limit < 1) {
      throw validation(`'${limit}'`, 'limit', 'Member must have value greater than or equal to 1')
    }
    if (limit > MAX_LIMIT) {
      throw validation(
        `'${limit}'`,
        'limit',
        `Member must have value less than or equal to ${MAX_LIMIT}`
      )
    }
    const group = world.logGroups.get(groupName)
    if (group === undefined) throw resourceNotFound('The specified log group does not exist.')
    const stream = group.streams.get(streamName)
    if (stream === undefined) throw resourceNotFound('The specified log stream does not exist.')

    const nowMs = Math.round(world.now * 1000)
    const startTime = read.integer(request, 'startTime')
    const endTime = read.integer(request, 'endTime')
    // Ingestion never goes backwards within a stream, so the visible events are a prefix.
    const visible = stream.events.filter((event) => event.ingestionTime <= nowMs)
    const inRange = (event: LogEventRecord): boolean =>
      (startTime === undefined || event.timestamp >= startTime) &&
      (endTime === undefined || event.timestamp < endTime)
    const indexed = visible
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => inRange(event))

    const nextToken = read.string(request, 'nextToken')
    const from =
      nextToken === undefined
        ? read.boolean(request, 'startFromHead') === true
          ? { direction: 'f' as const, position: 0 }
          : { direction: 'b' as const, position: visible.length }
        : parseToken(nextToken)
    const page =
      from.direction === 'f'
        ? indexed.filter(({ index }) => index >= from.position).slice(0, limit)
        : indexed.filter(({ index }) => index < from.position).slice(-limit)
    const first = page[0]
    const last = page.at(-1)
    const same = nextToken ?? token(from.direction, from.position)
    return {
      events: page.map(({ event }) => ({
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime
      })),
      nextForwardToken:
        last === undefined
          ? from.direction === 'f'
            ? same
            : token('f', from.position)
          : token('f', last.index + 1),
      nextBackwardToken:
        first === undefined
          ? from.direction === 'b'
            ? same
            : token('b', from.position)
          : token('b', first.index)
    }
  }
}

export const logsOperations: Readonly<Record<string, Operation>> = {
  GetLogEvents: getLogEventsOperation
}
