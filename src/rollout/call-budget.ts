import type { Clock } from '../clock.js'

/**
 * A sliding one-minute window over API calls: `acquire` waits (on the injected clock) until a call
 * fits. It keeps a watch far below ECS's throttling buckets however short the poll interval is.
 */
export class CallBudget {
  private readonly calls: number[] = []

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      while (this.calls.length > 0 && (this.calls[0] ?? 0) <= now - 60_000) this.calls.shift()
      if (this.calls.length < this.perMinute || signal?.aborted) break
      await this.clock.sleep((this.calls[0] ?? now) + 60_000 - now, signal)
    }
    this.calls.push(this.clock.now())
  }

  /** Wraps every method of a port so each call first takes its place in the window. */
  limit<T extends object>(port: T, signal?: AbortSignal): T {
    return new Proxy(port, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver)
        if (typeof value !== 'function') return value
        return async (...args: unknown[]) => {
          await this.acquire(signal)
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
    })
  }
}
