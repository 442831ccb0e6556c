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
import { withAdvice } from './errors.js'

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
}

export const DEFAULT_MAX_ATTEMPTS = 5
export const MIN_MAX_ATTEMPTS = 1
export const MAX_MAX_ATTEMPTS = 10

/**
 * A whole ECS/ECR/CodeDeploy/Logs answer normally takes well under a second; 20 s is far beyond a
 * slow one, yet turns a hung answer into a retryable TimeoutError instead of waiting for the
 * default socket timeout (15 min for these clients). Without throwOnRequestTimeout the SDK only logs.
 */
export const REQUEST_TIMEOUT_MS = 20_000
/** TCP and TLS to a regional endpoint take milliseconds; 5 s leaves room for a slow runner network. */
export const CONNECTION_TIMEOUT_MS = 5_000
/** Compressed time must not squeeze a timeout below what a busy local machine needs to answer. */
const MIN_SCALED_TIMEOUT_MS = 2_000

let current: AwsClientOptions = { maxAttempts: DEFAULT_MAX_ATTEMPTS, timeScale: 1 }

/**
 * Called before any client is created: the time scale by the process's wiring, max-retries once
 * the inputs are read.
 */
export function configureAwsClients(options: Partial<AwsClientOptions>): void {
  current = { ...current, ...options }
}

export function awsClientOptions(): AwsClientOptions {
  return current
}

function timeouts(): {
  requestTimeout: number
  connectionTimeout: number
  throwOnRequestTimeout: true
} {
  const scaled = (ms: number): number =>
    current.timeScale === 1 ? ms : Math.max(MIN_SCALED_TIMEOUT_MS, ms / current.timeScale)
  return {
    requestTimeout: scaled(REQUEST_TIMEOUT_MS),
    connectionTimeout: scaled(CONNECTION_TIMEOUT_MS),
    throwOnRequestTimeout: true
  }
}

export const USER_AGENT = 'ecs-rollout'

/** For clients whose calls only read: the SDK retries every transient error. */
export function readClientConfig(): {
  customUserAgent: string
  maxAttempts: number
  retryMode: 'standard'
  requestHandler: ReturnType<typeof timeouts>
} {
  return {
    customUserAgent: USER_AGENT,
    maxAttempts: current.maxAttempts,
    retryMode: 'standard',
    requestHandler: timeouts()
  }
}

/** For clients whose calls change something: the SDK retries only what AWS never acted on. */
export function writeClientConfig(): {
  customUserAgent: string
  maxAttempts: number
  retryStrategy: RetryStrategyV2
  requestHandler: ReturnType<typeof timeouts>
} {
  return {
    customUserAgent: USER_AGENT,
    maxAttempts: current.maxAttempts,
    retryStrategy: refusalsOnly(current.maxAttempts),
    requestHandler: timeouts()
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

/** Puts the call and the advice into the message of a credential error (errors.ts, withAdvice). */
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
              throw withAdvice(operation, error)
            }
          },
        { step: 'initialize', name: 'ecsRolloutAdvice' }
      )
    }
  }
}
