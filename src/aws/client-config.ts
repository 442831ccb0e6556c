import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MetadataBearer,
  Pluggable,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken
} from '@smithy/types'
import { DeadlineHandler } from './deadline.js'
import { readableError, withAdvice } from './errors.js'

/**
 * How every AWS client of the run retries and times out. Reads are retried by the SDK's standard
 * strategy (jittered exponential backoff, a retry quota); calls that change something are retried by
 * the SDK only when AWS refused them unseen (throttling, no connection), because a 5xx, a reset or
 * a timeout may come after the change was made: those are left to callers that can check first.
 */
export interface AwsClientOptions {
  /** max-retries: the SDK's maxAttempts, the first attempt included (the official action's meaning). */
  maxAttempts: number
  /** Time compression for runs against the local emulator; timeouts shrink with it. */
  timeScale: number
  /**
   * The step's time limit (main.ts): once it aborts, every call in flight fails at once with its
   * reason and no other call is sent, whatever AWS is doing.
   */
  stop?: AbortSignal
}

export const DEFAULT_MAX_ATTEMPTS = 5
export const MIN_MAX_ATTEMPTS = 1
export const MAX_MAX_ATTEMPTS = 10

/**
 * One attempt of a call, from connecting to the last byte of the answer. A whole ECS/ECR/CodeDeploy/
 * Logs answer normally takes well under a second; 20 s is far beyond a slow one, yet turns a hung
 * or trickling answer into a retryable TimeoutError (deadline.ts) instead of a wait without end:
 * NodeHttpHandler's own requestTimeout stops at the headers and its socket timeout only notices
 * silence. A read thus gives up after max-retries attempts of 20 s each, plus backoff.
 */
const CALL_DEADLINE_MS = 20_000
/** Until the headers (NodeHttpHandler's requestTimeout); the deadline above covers the body too. */
export const REQUEST_TIMEOUT_MS = 20_000
/** TCP and TLS to a regional endpoint take milliseconds; 5 s leaves room for a slow runner network. */
export const CONNECTION_TIMEOUT_MS = 5_000
/**
 * No answer of these APIs comes near this (ECS keeps 100 events a service, a Logs page is at most
 * 1 MB): a larger one is not buffered, and the attempt fails.
 */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024
/** Compressed time must not squeeze a timeout below what a busy local machine needs to answer. */
const MIN_SCALED_TIMEOUT_MS = 2_000

let current: AwsClientOptions = { maxAttempts: DEFAULT_MAX_ATTEMPTS, timeScale: 1 }

/**
 * Called before any client is created: the time scale by the process's wiring, max-retries once
 * the inputs are read, and the step's time limit once the run starts.
 */
export function configureAwsClients(options: Partial<AwsClientOptions>): void {
  current = { ...current, ...options }
}

export function awsClientOptions(): AwsClientOptions {
  return current
}

function requestHandler(): DeadlineHandler {
  const scaled = (ms: number): number =>
    current.timeScale === 1 ? ms : Math.max(MIN_SCALED_TIMEOUT_MS, ms / current.timeScale)
  return new DeadlineHandler(
    {
      requestTimeout: scaled(REQUEST_TIMEOUT_MS),
      connectionTimeout: scaled(CONNECTION_TIMEOUT_MS),
      throwOnRequestTimeout: true
    },
    {
      deadlineMs: scaled(CALL_DEADLINE_MS),
      maxAnswerBytes: MAX_ANSWER_BYTES,
      // Read at each call: clients made before the run started obey the limit too.
      stop: () => current.stop
    }
  )
}

export const USER_AGENT = 'ecs-rollout'

/** For clients whose calls only read: the SDK retries every transient error. */
export function readClientConfig(): {
  customUserAgent: string
  maxAttempts: number
  retryMode: 'standard'
  requestHandler: DeadlineHandler
} {
  return {
    customUserAgent: USER_AGENT,
    maxAttempts: current.maxAttempts,
    retryMode: 'standard',
    requestHandler: requestHandler()
  }
}

/** For clients whose calls change something: the SDK retries only what AWS never acted on. */
export function writeClientConfig(): {
  customUserAgent: string
  maxAttempts: number
  retryStrategy: RetryStrategyV2
  requestHandler: DeadlineHandler
} {
  return {
    customUserAgent: USER_AGENT,
    maxAttempts: current.maxAttempts,
    retryStrategy: refusalsOnly(current.maxAttempts),
    requestHandler: requestHandler()
  }
}

/** Node's codes for a connection that was never made: the request did not reach AWS. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])
// The SDK's standard backoff for throttling: a full-jitter exponential from 1 s, capped at 20 s.
const THROTTLING_BASE_MS = 1_000
const MAX_DELAY_MS = 20_000

/** True when AWS refused the call before acting on it, so repeating it cannot do it twice. */
export function wasRefusedUnseen(info: Pick<RetryErrorInfo, 'errorType' | 'error'>): boolean {
  if (info.errorType === 'THROTTLING') return true
  const code = (info.error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && NOT_CONNECTED.has(code)
}

function token(retryCount: number, delay: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delay }
}

/** A retry strategy that retries only refusals, with the standard strategy's jittered backoff. */
export function refusalsOnly(
  maxAttempts: number,
  random: () => number = Math.random
): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry: (previous, info) => {
      const retries = previous.getRetryCount() + 1
      if (retries >= maxAttempts || !wasRefusedUnseen(info)) {
        return Promise.reject(info.error ?? new Error('not retried'))
      }
      const delay = random() * Math.min(MAX_DELAY_MS, THROTTLING_BASE_MS * 2 ** (retries - 1))
      return Promise.resolve(token(retries, delay))
    },
    recordSuccess: () => undefined
  }
}

/**
 * Puts the call and the advice into the message of a credential error (errors.ts, withAdvice), and
 * makes an answer that could not be parsed readable (readableError).
 */
export function advicePlugin<I extends object, O extends MetadataBearer>(): Pluggable<I, O> {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next: InitializeHandler<I, O>, context: HandlerExecutionContext) =>
          async (args: InitializeHandlerArguments<I>) => {
            try {
              return await next(args)
            } catch (error) {
              // The SDK names commands `DescribeServicesCommand`; the API calls it DescribeServices.
              const operation = (context.commandName ?? 'AWS call').replace(/Command$/, '')
              throw withAdvice(operation, readableError(operation, error))
            }
          },
        { step: 'initialize', name: 'ecsRolloutAdvice' }
      )
    }
  }
}
