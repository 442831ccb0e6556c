/** Time as the watch loop sees it. Injected everywhere something waits, so tests never sleep. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /**
   * How many times faster than real time it runs: 1 (or absent) but against the local emulator.
   * What must leave room for real work (starting a process, a request) is floored in real time.
   */
  readonly scale?: number
}

/**
 * The real clock. `scale` > 1 compresses time (used only against the local emulator): a 5 s poll
 * interval then takes 5/scale real seconds, and `now()` advances `scale` times faster.
 */
export function systemClock(scale = 1): Clock {
  const origin = Date.now()
  return {
    scale,
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) {
          resolve()
          return
        }
        const done = (): void => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          resolve()
        }
        const timer = setTimeout(done, ms / scale)
        signal?.addEventListener('abort', done, { once: true })
      })
  }
}

/**
 * ECS_ROLLOUT_TIME_SCALE compresses waiting for demos and tests against the local emulator. It is
 * honoured only when an AWS endpoint override is set, so it can never shorten a real rollout watch.
 * Only the process's wiring (index.ts) reads it: it reaches the run through the clock it builds.
 */
export function emulatorTimeScale(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.ECS_ROLLOUT_TIME_SCALE?.trim()
  const custom = Boolean(env.AWS_ENDPOINT_URL_ECS ?? env.AWS_ENDPOINT_URL)
  if (raw === undefined || raw === '' || !custom) return 1
  const scale = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(scale) || scale < 1 || scale > 10_000) {
    throw new RangeError(
      `ECS_ROLLOUT_TIME_SCALE must be a whole number from 1 to 10000, got ${JSON.stringify(raw)}`
    )
  }
  return scale
}

/**
 * The reason a run's signal carries when the step's time limit stopped the run, rather than the
 * runner cancelling it: waits that see it end as timed out, not cancelled.
 */
export class TimeLimitReached extends Error {
  override readonly name = 'TimeLimitReached'
}

/** Whether the signal aborted because the step's time limit was reached. */
export function reachedTimeLimit(signal: AbortSignal | undefined): boolean {
  const reason = signal?.aborted === true ? (signal.reason as unknown) : undefined
  return reason instanceof Error && reason.name === 'TimeLimitReached'
}

/** A limit on the run's clock: its signal aborts, with TimeLimitReached, when the time is up. */
export interface TimeLimit {
  /** Aborts when the limit is reached; its reason is a TimeLimitReached. */
  readonly signal: AbortSignal
  /** Epoch ms on the run's clock when the signal aborts, as extended so far. */
  readonly endsAt: number
  /** How much later than first set, by extend(). */
  readonly extendedMs: number
  /** Moves the limit later, for a wait that announced a longer deadline of its own. */
  extend(ms: number): void
  /** The run is over: the watchdog stops, and the signal never aborts. */
  stop(): void
}

/** Starts a watchdog on `clock` that aborts the limit's signal `ms` from now (or later, if extended). */
export function startTimeLimit(clock: Clock, ms: number, reason: () => string): TimeLimit {
  const limit = new AbortController()
  const done = new AbortController()
  let endsAt = clock.now() + ms
  let extendedMs = 0
  void (async () => {
    while (!done.signal.aborted && clock.now() < endsAt) {
      await clock.sleep(endsAt - clock.now(), done.signal)
    }
    if (!done.signal.aborted) limit.abort(new TimeLimitReached(reason()))
  })()
  return {
    signal: limit.signal,
    get endsAt() {
      return endsAt
    },
    get extendedMs() {
      return extendedMs
    },
    extend: (more) => {
      if (limit.signal.aborted || more <= 0) return
      endsAt += more
      extendedMs += more
    },
    stop: () => {
      done.abort()
    }
  }
}

const limits = new WeakMap<AbortSignal, TimeLimit>()

/**
 * The run's signal: it aborts when the runner cancels (`signal`) or when the limit is reached.
 * A wait that learns of a longer deadline of its own extends the limit through it (extendTimeLimit).
 */
export function signalWithTimeLimit(
  signal: AbortSignal | undefined,
  limit: TimeLimit
): AbortSignal {
  const combined = signal === undefined ? limit.signal : AbortSignal.any([signal, limit.signal])
  limits.set(combined, limit)
  return combined
}

/**
 * For a wait whose deadline goes beyond what the step's limit counted on (a CodeDeploy deployment
 * group's ready and termination waits): the limit moves `ms` later. No effect on other signals.
 */
export function extendTimeLimit(signal: AbortSignal | undefined, ms: number): void {
  if (signal !== undefined) limits.get(signal)?.extend(ms)
}
