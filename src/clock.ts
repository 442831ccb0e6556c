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
