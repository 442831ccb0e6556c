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
  'expired-token'
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
}

/** What to do with one request. */
export interface Fault {
  readonly kind: FaultKind
  /** The operation runs before the fault is applied. */
  readonly ran: boolean
  readonly delayMs?: number
}

export interface FaultInjector {
  /** Counts the request against every rule; returns the fault of the first rule that fires. */
  decide(request: { service: ServiceName; operation: string }): Fault | undefined
}

const REFUSALS: ReadonlySet<FaultKind> = new Set(['throttle', 'expired-token'])

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
          ran: rule.ran ?? rule.kind === 'slow',
          ...(rule.delayMs !== undefined && { delayMs: rule.delayMs })
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
  'expired-token': 'ExpiredTokenException'
}

const OUTAGE_PAGE = '<html><body><b>Http/1.1 Service Unavailable</b></body> </html>'

/**
 * Applies a fault at its moment (before the operation, or after it when `ran`): throws an AwsError
 * for the server to answer as usual, throws a FaultAnswer, or returns once a slow answer may go on.
 */
export async function applyFault(fault: Fault, response: ServerResponse): Promise<void> {
  switch (fault.kind) {
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
