import { classifyError, isMalformedAnswer } from './errors.js'
import { reachedTimeLimit, type Clock } from '../clock.js'

export interface PollOptions<O, R> {
  clock: Clock
  intervalMs: number
  /** Epoch ms; the last sleep ends exactly here, and one final poll happens at it. */
  deadline: number
  /**
   * Epoch ms: polls fall on the grid of `intervalMs` from here, so loops sharing it (the watches
   * of one run's services) look at ECS at the same moments and their reads go out together. A wait
   * is then never longer than `intervalMs`; the first may be shorter. Absent: `intervalMs` apart.
   */
  alignTo?: number
  signal?: AbortSignal
  /** One look at ECS. Throws what the calls throw. */
  observe(): Promise<O>
  /** A result ends the loop; `undefined` keeps polling. */
  decide(observation: O): Promise<R | undefined> | R | undefined
  /**
   * A throttling, 5xx, network error or an answer that could not be read: logged, then retried
   * with backoff inside the deadline.
   */
  onTransientError(error: unknown): void
}

export type PollOutcome<O, R> =
  { kind: 'decided'; result: R; last: O } | { kind: 'deadline' | 'cancelled'; last?: O }

const MAX_BACKOFF_MS = 60_000
/** Answers that could not be read, in a row, before the loop stops on them: it is not a fluke. */
const MAX_MALFORMED_IN_A_ROW = 5

const ABORTED = Symbol('aborted')

/**
 * Polls until `decide` returns a result, the deadline passes or the signal aborts. Permanent errors
 * (access denied, missing cluster, expired credentials) propagate at once; transient ones never
 * become a verdict, they only stretch the next wait, except answers that could not be read, which
 * stop the loop once MAX_MALFORMED_IN_A_ROW polls in a row got one. An abort ends the loop:
 * `cancelled` when the runner cancelled (a look at ECS under way is finished first, for the report);
 * `deadline` when the step's time limit was reached (clock.ts, TimeLimitReached), at once, even
 * while a look at ECS still waits for its answer.
 */
export async function pollUntil<O, R>(options: PollOptions<O, R>): Promise<PollOutcome<O, R>> {
  const { clock, signal } = options
  let last: O | undefined
  let failures = 0
  let malformed = 0
  const stopped = (): PollOutcome<O, R> => ({
    kind: reachedTimeLimit(signal) ? 'deadline' : 'cancelled',
    ...(last !== undefined && { last })
  })
  for (;;) {
    if (signal?.aborted) return stopped()
    try {
      const observation = await untilTimeLimit(options.observe(), signal)
      if (observation === ABORTED) return stopped()
      failures = 0
      malformed = 0
      last = observation
      const result = await options.decide(observation)
      if (result !== undefined) return { kind: 'decided', result, last: observation }
    } catch (error) {
      // Calls cut short by the abort fail: that is the abort, not an error of AWS's.
      if (signal?.aborted) return stopped()
      if (classifyError(error) === 'permanent') throw error
      failures++
      malformed = isMalformedAnswer(error) ? malformed + 1 : 0
      if (malformed >= MAX_MALFORMED_IN_A_ROW) throw unreadable(error, malformed)
      options.onTransientError(error)
    }
    if (signal?.aborted) return stopped()
    const now = clock.now()
    if (now >= options.deadline) return { kind: 'deadline', ...(last !== undefined && { last }) }
    const wait =
      failures === 0 && options.alignTo !== undefined
        ? untilNextTick(now, options.alignTo, options.intervalMs)
        : Math.min(options.intervalMs * 2 ** failures, Math.max(options.intervalMs, MAX_BACKOFF_MS))
    await clock.sleep(Math.min(wait, options.deadline - now), signal)
  }
}

/** From `now` to the next point of the grid of `intervalMs` that starts at `origin`: (0, intervalMs]. */
export function untilNextTick(now: number, origin: number, intervalMs: number): number {
  const into = (((now - origin) % intervalMs) + intervalMs) % intervalMs
  return intervalMs - into
}

/** The promise's outcome, or ABORTED as soon as the step's time limit aborts the signal. */
function untilTimeLimit<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal === undefined) return promise
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      if (reachedTimeLimit(signal)) resolve(ABORTED)
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        // As thrown, whatever it is: classifyError reads its name and metadata.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error)
      }
    )
  })
}

function unreadable(error: unknown, count: number): Error {
  const message = error instanceof Error ? error.message : String(error)
  return new Error(
    `AWS sent ${count} answers in a row that could not be read; the last: ${message.replace(/\.?$/, '.')} ` +
      'Check AWS_ENDPOINT_URL* and any proxy between the runner and AWS.',
    { cause: error }
  )
}
