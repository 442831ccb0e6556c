import type { Clock } from '../src/clock.js'

/** A clock whose sleep returns at once and moves time forward: tests never wait for real. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  constructor(private time = 1_700_000_000_000) {}

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    if (!signal?.aborted) this.time += ms
    return Promise.resolve()
  }
}
