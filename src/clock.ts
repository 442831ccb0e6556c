/** Time as the watch loop sees it. Injected everywhere something waits, so tests never sleep. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/**
 * The real clock. `scale` > 1 compresses time (used only against the local emulator): a 5 s poll
 * interval then takes 5/scale real seconds, and `now()` advances `scale` times faster.
 */
export function systemClock(scale = 1): Clock {
  const origin = Date.now()
  return {
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
