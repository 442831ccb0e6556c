import { classifyError } from './errors.js'
import type { Clock } from '../clock.js'

export interface PollOptions<O, R> {
  clock: Clock
  intervalMs: number
  /** Epoch ms; the last sleep ends exactly here, and one final poll happens at it. */
  deadline: number
  signal?: AbortSignal
  /** One look at ECS. Throws what the calls throw. */
  observe(): Promise<O>
  /** A result ends the loop; `undefined` keeps polling. */
  decide(observation: O): Promise<R | undefined> | R | undefined
  /** A throttling, 5xx or network error: logged, then retried with backoff inside the deadline. */
  onTransientError(error: unknown): void
}

export type PollOutcome<O, R> =
  { kind: 'decided'; result: R; last: O } | { kind: 'deadline' | 'cancelled'; last?: O }

const MAX_BACKOFF_MS = 60_000

/**
 * Polls until `decide` returns a result, the deadline passes or the signal aborts. Permanent errors
 * (access denied, missing cluster, expired credentials) propagate at once; transient ones never
 * become a verdict, they only stretch the next wait.
 */
export async function pollUntil<O, R>(options: PollOptions<O, R>): Promise<PollOutcome<O, R>> {
  const { clock, signal } = options
  let last: O | undefined
  let failures = 0
  for (;;) {
    if (signal?.aborted) return { kind: 'cancelled', ...(last !== undefined && { last }) }
    try {
      const observation = await options.observe()
      failures = 0
      last = observation
      const result = await options.decide(observation)
      if (result !== undefined) return { kind: 'decided', result, last: observation }
    } catch (error) {
      if (classifyError(error) === 'permanent') throw error
      failures++
      options.onTransientError(error)
    }
    if (signal?.aborted) return { kind: 'cancelled', ...(last !== undefined && { last }) }
    const now = clock.now()
    if (now >= options.deadline) return { kind: 'deadline', ...(last !== undefined && { last }) }
    const wait = Math.min(
      options.intervalMs * 2 ** failures,
      Math.max(options.intervalMs, MAX_BACKOFF_MS)
    )
    await clock.sleep(Math.min(wait, options.deadline - now), signal)
  }
}
