// Fault injection: the ways a real AWS endpoint misbehaves, applied per request before (or after)
// the operation runs, so a client's retries and its handling of ambiguous failures can be tested.
//
// What each kind answers, and where the shape comes from:
// - throttle: HTTP 400 `{"__type":"ThrottlingException","message":"Rate exceeded"}` (DOC-THR and
//   recorded ECS answers; ECS does not model the error, the SDK still retries it as throttling).
// - http-500: HTTP 500 `ServerException` "Service Unavailable. Please try again later." (the only
//   fault-typed error in the ECS model; the message is the one the emulator already uses for its own
//   internal errors, not confirmed against a real answer).
// - http-503: HTTP 503 with an HTML body and no `__type`, as a JSON-protocol endpoint answered during
//   the 2017 us-east-1 outage (aws/aws-sdk-js#1379: `<html><body><b>Http/1.1 Service
//   Unavailable</b></body> </html>`). The SDK cannot parse it and reports the status.
// - connection-reset: the socket is destroyed without an answer (the client sees ECONNRESET or
//   "socket hang up"). With `ran: true` the operation ran first: a mutating call took effect and the
//   client cannot know.
// - slow: the answer is held (`delayMs` real milliseconds, or until the client gives up), so a
//   client without a request timeout hangs. By default the operation runs at once (`ran: true`), as
//   a slow real endpoint would still have done the work.
// - expired-token: HTTP 400 `ExpiredTokenException` "The security token included in the request is
//   expired" (JSON-protocol services answer 400 with this name, e.g. salesforce/multicloudj#608,
//   aws/aws-sdk-php#1307; some reports show 403, not confirmed for ECS). Typically from a point in
//   virtual time on (`afterVirtualSeconds`), as credentials expire mid-wait.
//
// Hostile answers (issue 15): the operation runs, then its answer misbehaves. Not seen from ECS
// itself; what a broken proxy, a captive portal or a faulty endpoint can send.
// - trickle: HTTP 200 and the headers at once, then the real answer `chunkBytes` (16) at a time
//   every `intervalMs` (100) real milliseconds: never silent long enough for an idle-socket timeout.
// - endless: HTTP 200 and the headers, then a space every `intervalMs` (100) real milliseconds,
//   without end, until the client hangs up.
// - invalid-json: HTTP 200 with the real answer cut inside a string: "Unterminated string in JSON".
// - event-flood: DescribeServices answers with `count` (10,000) more service events, newest first,
//   each with a new id; a valid answer, recorded as a success. Other operations are unchanged.

import type { ServerResponse } from 'node:http'

import type { VirtualClock } from './clock.js'
import { AwsError } from './errors.js'
import type { ServiceName } from './recording.js'
import { mulberry32 } from './ids.js'

export const FAULT_KINDS = [
  'throttle',
  'http-500',
  'http-503',
  'connection-reset',
  'slow',
  'expired-token',
  'trickle',
  'endless',
  'invalid-json',
  'event-flood'
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** One fault rule. Several rules may be given; each counts the requests it matches on its own. */
export interface FaultRule {
  kind: FaultKind
  /** Operation names (`UpdateService`, `DescribeServices`); absent: every operation of every service. */
  operations?: readonly string[]
  /** Services (`ecs`, `ecr`, `logs`, `codedeploy`, `events`, `scheduler`); absent: all. */
  services?: readonly ServiceName[]
  /** Ignore the first `after` matching requests (default 0). */
  after?: number
  /**
   * Only from this many virtual seconds on (default 0), counted from the emulator's start, or from
   * the first `afterCall` when given.
   */
  afterVirtualSeconds?: number
  /**
   * The rule starts once a request of this operation has been seen (that request is not faulted):
   * e.g. credentials that expire some time after UpdateService, whenever the client got there.
   */
  afterCall?: string
  /** Fault every n-th eligible request: the n-th, 2n-th, … (default 1: each one). */
  every?: number
  /** Fault each eligible request with this probability, from a seeded PRNG (default 1). */
  probability?: number
  /** PRNG seed for `probability` (default 1), so a run is reproducible. */
  seed?: number
  /** Stop after faulting this many requests (default: no limit). */
  times?: number
  /**
   * connection-reset, slow, http-500, http-503: whether the operation runs (and its effect stays)
   * before the fault. Default true for slow, false for the others. Throttling and expired
   * credentials are refusals: the operation never runs.
   */
  ran?: boolean
  /** slow: real milliseconds to hold the answer; absent: until the client closes the connection. */
  delayMs?: number
  /** trickle, endless: real milliseconds between two pieces of the body (default 100). */
  intervalMs?: number
  /** trickle: bytes per piece (default 16). */
  chunkBytes?: number
  /** event-flood: service events added to the answer (default 10,000). */
  count?: number
}

/** What to do with one request. */
export interface Fault {
  readonly kind: FaultKind
  /** The operation runs before the fault is applied. */
  readonly ran: boolean
  readonly delayMs?: number
  readonly intervalMs?: number
  readonly chunkBytes?: number
  readonly count?: number
}

export interface FaultInjector {
  /** Counts the request against every rule; returns the fault of the first rule that fires. */
  decide(request: { service: ServiceName; operation: string }): Fault | undefined
}

const REFUSALS: ReadonlySet<FaultKind> = new Set(['throttle', 'expired-token'])
/** Faults of the answer: the operation always runs first. */
const ANSWERS: ReadonlySet<FaultKind> = new Set([
  'trickle',
  'endless',
  'invalid-json',
  'event-flood'
])
const DEFAULT_INTERVAL_MS = 100
const DEFAULT_CHUNK_BYTES = 16
const DEFAULT_FLOOD = 10_000

function checkCount(index: number, name: string, value: number | undefined, min: number): void {
  if (value === undefined) return
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `faults[${index}].${name} must be an integer of at least ${min}, got ${String(value)}`
    )
  }
}

/** Checks rules given by JavaScript callers and the CLI, which pass plain values. */
export function checkFaultRules(rules: readonly FaultRule[]): void {
  rules.forEach((rule, index) => {
    if (!(FAULT_KINDS as readonly string[]).includes(rule.kind)) {
      throw new RangeError(
        `faults[${index}].kind must be one of ${FAULT_KINDS.join(', ')}, got ${rule.kind}`
      )
    }
    checkCount(index, 'after', rule.after, 0)
    checkCount(index, 'every', rule.every, 1)
    checkCount(index, 'times', rule.times, 1)
    checkCount(index, 'delayMs', rule.delayMs, 0)
    checkCount(index, 'intervalMs', rule.intervalMs, 1)
    checkCount(index, 'chunkBytes', rule.chunkBytes, 1)
    checkCount(index, 'count', rule.count, 1)
    const { probability, afterVirtualSeconds } = rule
    if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
      throw new RangeError(
        `faults[${index}].probability must be between 0 and 1, got ${String(probability)}`
      )
    }
    if (afterVirtualSeconds !== undefined && !(afterVirtualSeconds >= 0)) {
      throw new RangeError(
        `faults[${index}].afterVirtualSeconds must be 0 or more, got ${String(afterVirtualSeconds)}`
      )
    }
    if (rule.ran === true && REFUSALS.has(rule.kind)) {
      throw new RangeError(`faults[${index}]: a ${rule.kind} is a refusal, so ran cannot be true`)
    }
    if (rule.ran === false && ANSWERS.has(rule.kind)) {
      throw new RangeError(
        `faults[${index}]: a ${rule.kind} is a fault of the answer, so the operation runs: ran cannot be false`
      )
    }
  })
}

export function createFaultInjector(
  rules: readonly FaultRule[],
  clock: Pick<VirtualClock, 'virtualSeconds'>
): FaultInjector {
  checkFaultRules(rules)
  const start = clock.virtualSeconds()
  const states = rules.map((rule) => ({
    rule,
    matched: 0,
    eligible: 0,
    faulted: 0,
    armedAt: undefined as number | undefined,
    random: mulberry32(rule.seed ?? 1)
  }))
  return {
    decide({ service, operation }) {
      let chosen: Fault | undefined
      for (const state of states) {
        const { rule } = state
        if (rule.afterCall !== undefined && state.armedAt === undefined) {
          if (operation === rule.afterCall) state.armedAt = clock.virtualSeconds()
          continue
        }
        if (rule.operations !== undefined && !rule.operations.includes(operation)) continue
        if (rule.services !== undefined && !rule.services.includes(service)) continue
        const since = state.armedAt ?? start
        if (clock.virtualSeconds() - since < (rule.afterVirtualSeconds ?? 0)) continue
        state.matched++
        if (state.matched <= (rule.after ?? 0)) continue
        state.eligible++
        if (state.eligible % (rule.every ?? 1) !== 0) continue
        if (rule.times !== undefined && state.faulted >= rule.times) continue
        // Drawn for every eligible request, so one rule's sequence does not depend on the others.
        if (rule.probability !== undefined && state.random() >= rule.probability) continue
        state.faulted++
        chosen ??= {
          kind: rule.kind,
          ran: rule.ran ?? (rule.kind === 'slow' || ANSWERS.has(rule.kind)),
          ...(rule.delayMs !== undefined && { delayMs: rule.delayMs }),
          ...(rule.intervalMs !== undefined && { intervalMs: rule.intervalMs }),
          ...(rule.chunkBytes !== undefined && { chunkBytes: rule.chunkBytes }),
          ...(rule.count !== undefined && { count: rule.count })
        }
      }
      return chosen
    }
  }
}

/**
 * A request the fault ended without a normal awsJson answer: a destroyed socket, an HTML 503, or a
 * slow answer the client stopped waiting for. The server records `recordedAs` as the call's error
 * and lets `respond` finish the response.
 */
export class FaultAnswer extends Error {
  constructor(
    readonly recordedAs: string,
    readonly respond: (response: ServerResponse) => void
  ) {
    super(recordedAs)
  }
}

/** What `emulator.calls` records for each kind (a `__type` where AWS sends one). */
export const RECORDED_AS: Readonly<Record<FaultKind, string>> = {
  throttle: 'ThrottlingException',
  'http-500': 'ServerException',
  // No `__type` on the wire: named after the status line.
  'http-503': 'ServiceUnavailable',
  'connection-reset': 'ConnectionReset',
  // Only when the client gave up before the answer; a late answer that arrives is a success.
  slow: 'SlowAnswerLost',
  'expired-token': 'ExpiredTokenException',
  // Whether or not the client waited for the end of it.
  trickle: 'TrickledAnswer',
  endless: 'EndlessAnswer',
  'invalid-json': 'InvalidJson',
  // A valid answer: recorded as a success, never with this name.
  'event-flood': 'EventFlood'
}

const OUTAGE_PAGE = '<html><body><b>Http/1.1 Service Unavailable</b></body> </html>'

/** The answer the operation produced, as the server would send it. */
export interface PlannedAnswer {
  readonly text: string
  readonly contentType: string
  readonly requestId: string
}

/**
 * Applies a fault at its moment (before the operation, or after it when `ran`): throws an AwsError
 * for the server to answer as usual, throws a FaultAnswer, or returns once a slow answer may go on
 * (or for an event flood, which floodEvents applied to the answer already).
 */
export async function applyFault(
  fault: Fault,
  response: ServerResponse,
  answer?: PlannedAnswer
): Promise<void> {
  const text = answer?.text ?? '{}'
  const headers = {
    'content-type': answer?.contentType ?? 'application/x-amz-json-1.1',
    'x-amzn-requestid': answer?.requestId ?? 'unknown'
  }
  switch (fault.kind) {
    case 'event-flood':
      return
    case 'invalid-json': {
      const cut = cutInsideString(text)
      throw new FaultAnswer(RECORDED_AS['invalid-json'], (res) => {
        res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(cut) })
        res.end(cut)
      })
    }
    case 'trickle':
      throw new FaultAnswer(RECORDED_AS.trickle, (res) => {
        const body = Buffer.from(text)
        res.writeHead(200, { ...headers, 'content-length': body.length })
        const size = fault.chunkBytes ?? DEFAULT_CHUNK_BYTES
        let sent = 0
        drip(res, fault.intervalMs ?? DEFAULT_INTERVAL_MS, () => {
          const piece = body.subarray(sent, sent + size)
          sent += piece.length
          return piece.length === 0 ? undefined : piece
        })
      })
    case 'endless':
      throw new FaultAnswer(RECORDED_AS.endless, (res) => {
        // Chunked, no length: nothing tells the client the end is near, as there is none.
        res.writeHead(200, headers)
        drip(res, fault.intervalMs ?? DEFAULT_INTERVAL_MS, () => ' ')
      })
    case 'throttle':
      throw new AwsError('ThrottlingException', 'Rate exceeded')
    case 'expired-token':
      throw new AwsError(
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    case 'http-500':
      throw new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500)
    case 'http-503':
      throw new FaultAnswer(RECORDED_AS['http-503'], (res) => {
        res.writeHead(503, {
          'content-type': 'text/html',
          'content-length': Buffer.byteLength(OUTAGE_PAGE)
        })
        res.end(OUTAGE_PAGE)
      })
    case 'connection-reset':
      throw new FaultAnswer(RECORDED_AS['connection-reset'], (res) => {
        res.socket?.destroy()
      })
    case 'slow':
      if (!(await holdAnswer(response, fault.delayMs))) {
        throw new FaultAnswer(RECORDED_AS.slow, () => undefined)
      }
  }
}

/**
 * Holds a slow answer: resolves true after `delayMs` real milliseconds, or false as soon as the
 * client closes the connection (its timeout fired), whichever comes first.
 */
function holdAnswer(response: ServerResponse, delayMs: number | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const timer =
      delayMs === undefined
        ? undefined
        : setTimeout(() => {
            resolve(true)
          }, delayMs)
    response.once('close', () => {
      clearTimeout(timer)
      resolve(false)
    })
  })
}

/**
 * Writes what `next` gives every `intervalMs` real milliseconds, and ends the response once it
 * gives nothing; stops as soon as the client hangs up.
 */
function drip(
  response: ServerResponse,
  intervalMs: number,
  next: () => Buffer | string | undefined
): void {
  const timer = setInterval(() => {
    if (response.destroyed) {
      clearInterval(timer)
      return
    }
    const piece = next()
    if (piece === undefined) {
      clearInterval(timer)
      response.end()
    } else response.write(piece)
  }, intervalMs)
  response.once('close', () => {
    clearInterval(timer)
  })
}

/**
 * The answer cut just after the opening quote of the first string value past its middle, so
 * JSON.parse stops with "Unterminated string in JSON"; a text with no such value is halved.
 */
export function cutInsideString(text: string): string {
  const at = text.indexOf('":"', Math.floor(text.length / 2))
  const from = at === -1 ? text.indexOf('":"') : at
  return from === -1
    ? text.slice(0, Math.max(1, Math.floor(text.length / 2)))
    : text.slice(0, from + 3)
}

/** The answer of a DescribeServices with `count` more events for each service, newest first. */
export function floodEvents(
  answer: unknown,
  fault: Pick<Fault, 'count'>,
  now: { virtualSeconds(): number },
  flood: number
): unknown {
  const services = (answer as { services?: { serviceName?: string; events?: unknown[] }[] })
    .services
  if (!Array.isArray(services)) return answer
  const count = fault.count ?? DEFAULT_FLOOD
  const createdAt = Math.round(now.virtualSeconds() * 1000) / 1000
  return {
    ...(answer as object),
    services: services.map((service) => ({
      ...service,
      events: [
        ...Array.from({ length: count }, (_, i) => ({
          id: `flood-${flood}-${count - i}`,
          createdAt,
          message: `(service ${service.serviceName ?? '?'}) flood event ${count - i} of ${count} in answer ${flood}.`
        })),
        ...(service.events ?? [])
      ]
    }))
  }
}
