import { describe, expect, it } from '@jest/globals'
import {
  extendTimeLimit,
  reachedTimeLimit,
  signalWithTimeLimit,
  startTimeLimit,
  type Clock
} from '../src/clock.js'

/** A clock the test moves: sleeps end when time reaches them, or when their signal aborts. */
class ManualClock implements Clock {
  private time = 0
  private sleepers: { until: number; wake: () => void }[] = []

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve()
        return
      }
      const sleeper = { until: this.time + ms, wake: resolve }
      this.sleepers.push(sleeper)
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper)
        resolve()
      })
    })
  }

  async advance(ms: number): Promise<void> {
    this.time += ms
    const due = this.sleepers.filter((s) => s.until <= this.time)
    this.sleepers = this.sleepers.filter((s) => s.until > this.time)
    for (const sleeper of due) sleeper.wake()
    // Let the watchdog's loop run.
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
}

describe('the step time limit', () => {
  it('aborts its signal when the run clock reaches it, with TimeLimitReached', async () => {
    const clock = new ManualClock()
    const limit = startTimeLimit(clock, 60_000, () => 'The step stopped at its time limit.')
    await clock.advance(59_999)
    expect(limit.signal.aborted).toBe(false)
    await clock.advance(1)
    expect(limit.signal.aborted).toBe(true)
    expect(reachedTimeLimit(limit.signal)).toBe(true)
    expect((limit.signal.reason as Error).message).toBe('The step stopped at its time limit.')
  })

  it('tells the runner cancelling from the limit, through the run signal', () => {
    const clock = new ManualClock()
    const runner = new AbortController()
    const limit = startTimeLimit(clock, 60_000, () => 'limit')
    const signal = signalWithTimeLimit(runner.signal, limit)
    runner.abort()
    expect(signal.aborted).toBe(true)
    expect(reachedTimeLimit(signal)).toBe(false)
    limit.stop()
  })

  it('moves later for a wait that announced a longer deadline, through the run signal only', async () => {
    const clock = new ManualClock()
    const limit = startTimeLimit(clock, 60_000, () => 'limit')
    const signal = signalWithTimeLimit(undefined, limit)
    extendTimeLimit(signal, 30_000)
    extendTimeLimit(new AbortController().signal, 1_000_000)
    expect(limit.endsAt).toBe(90_000)
    expect(limit.extendedMs).toBe(30_000)
    await clock.advance(60_000)
    expect(signal.aborted).toBe(false)
    await clock.advance(30_000)
    expect(reachedTimeLimit(signal)).toBe(true)
  })

  it('never aborts once stopped', async () => {
    const clock = new ManualClock()
    const limit = startTimeLimit(clock, 1_000, () => 'limit')
    limit.stop()
    await clock.advance(10_000)
    expect(limit.signal.aborted).toBe(false)
  })
})
