import { asSentence, classifyError, describeAwsError, errorName } from './errors.js'

/**
 * Error names that mean AWS refused the call before acting on it: repeating it cannot do it twice.
 * The write clients already retry these up to max-retries attempts (client-config.ts).
 */
const REFUSAL_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded'
])
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

/** A transient error after which the call certainly did not happen. */
export function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    REFUSAL_NAMES.has(errorName(error)) || (typeof code === 'string' && NOT_CONNECTED.has(code))
  )
}

/**
 * A transient error after which the call may or may not have happened: a 5xx, a reset connection,
 * a timeout. Check what AWS shows before calling again.
 */
export function isAmbiguous(error: unknown): boolean {
  return classifyError(error) === 'transient' && !isRefusal(error)
}

/** Attempts of a mutating call, the first included, when its errors are ambiguous. */
export const MUTATION_ATTEMPTS = 3
const BASE_DELAY_MS = 2_000
const MAX_DELAY_MS = 20_000

/**
 * The wait before retry `retry` (1 for the first) of a mutating call: exponential from 2 s with
 * equal jitter, so two runs that failed together do not retry together, yet never retry at once.
 */
export function mutationBackoffMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1))
  return ceiling / 2 + (random() * ceiling) / 2
}

/**
 * The error for a call that is never repeated (RunTask, CodeDeploy CreateDeployment) when its answer
 * was lost: it may have happened. Named AnswerLost, a permanent error, so nothing retries it.
 */
export function answerLost(operation: string, error: unknown, check: string): Error {
  const message = error instanceof Error ? error.message : String(error)
  return Object.assign(
    new Error(
      `${asSentence(`${errorName(error)}: ${message}`)} The answer was lost, so ${operation} may have taken effect. ${check} ` +
        `It is not repeated, so that it cannot happen twice.`,
      { cause: error }
    ),
    { name: 'AnswerLost' }
  )
}

/**
 * Runs a call that changes something, the one way every write of the action is retried. Refusals
 * (throttling, no connection) are retried by the SDK already and once more here; after an unclear
 * answer (a 5xx, a reset, a timeout) `afterUnclear` looks at AWS first: it returns what the call
 * left behind when it took effect, or undefined to call again. Without it the call is idempotent
 * and simply repeated. Backs off with jitter between attempts. When the error is permanent or the
 * attempts are used up, throws it: as it is, or, given `operation`, as an Error whose message says
 * which call failed and whether it gave up. What `afterUnclear` throws passes through untouched.
 */
export async function retryMutation<T>(options: {
  call: () => Promise<T>
  clock: { sleep(ms: number): Promise<void> }
  operation?: string
  afterUnclear?: (error: unknown) => Promise<T | undefined>
  /** For a refusal about to be retried. */
  onRefusal?: (error: unknown) => void
  /** Default MUTATION_ATTEMPTS. */
  attempts?: number
  random?: () => number
}): Promise<T> {
  const attempts = options.attempts ?? MUTATION_ATTEMPTS
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await options.clock.sleep(mutationBackoffMs(attempt - 1, options.random))
    try {
      return await options.call()
    } catch (error) {
      if (classifyError(error) === 'permanent' || attempt >= attempts) {
        if (options.operation === undefined) throw error
        const why = asSentence(describeAwsError(options.operation, error))
        throw new Error(
          classifyError(error) === 'permanent' ? why : `${why} Gave up after ${attempts} attempts.`,
          { cause: error }
        )
      }
      if (!isAmbiguous(error)) {
        options.onRefusal?.(error)
        continue
      }
      const applied = await options.afterUnclear?.(error)
      if (applied !== undefined) return applied
    }
  }
}
