// The emulator runs on compressed time: ECS timelines (tasks take ~30 s to start, a breaker trip
// takes minutes) play out `timeScale` times faster than real time. Real time comes from an
// injectable clock so tests can step time without sleeping.

export interface VirtualClock {
  readonly timeScale: number
  /** Real wall-clock milliseconds (from the injected clock). */
  realMs(): number
  /** Virtual epoch milliseconds: start + (real - start) × timeScale. */
  virtualMs(): number
  /** Virtual epoch seconds, the unit ECS puts on the wire. */
  virtualSeconds(): number
  /** The real millisecond at which a virtual moment happens (or happened). */
  realMsAt(virtualSeconds: number): number
}

export interface ClockOptions {
  clock?: () => number
  timeScale?: number
}

export function createVirtualClock(options: ClockOptions): VirtualClock {
  const clock = options.clock ?? Date.now
  const timeScale = options.timeScale ?? 1
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new RangeError(`timeScale must be a positive number, got ${String(options.timeScale)}`)
  }
  const start = clock()
  const virtualMs = (): number => start + (clock() - start) * timeScale
  return {
    timeScale,
    realMs: clock,
    virtualMs,
    virtualSeconds: () => virtualMs() / 1000,
    realMsAt: (virtualSeconds) => start + (virtualSeconds * 1000 - start) / timeScale
  }
}
