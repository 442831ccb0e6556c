// A discrete-event queue. Nothing runs in the background: every request first advances the
// queue to the current virtual time, running due transitions in time order. That keeps the
// emulator deterministic and lets tests step an injected clock instead of sleeping.

interface Scheduled {
  at: number
  seq: number
  what: string
  run: () => void
}

export class Scheduler {
  private readonly queue: Scheduled[] = []
  private seq = 0
  /** Virtual epoch seconds of the transition being run, or of the last advance. */
  now: number

  constructor(start: number) {
    this.now = start
  }

  /** Runs `run` at virtual second `at` (never earlier than now). `what` names it for debugging. */
  schedule(at: number, what: string, run: () => void): void {
    const entry = { at: Math.max(at, this.now), seq: this.seq++, what, run }
    // Keep the queue sorted by (at, seq); it stays small, a linear scan from the end is enough.
    let index = this.queue.length
    while (index > 0) {
      const previous = this.queue[index - 1]
      if (previous === undefined || previous.at <= entry.at) break
      index--
    }
    this.queue.splice(index, 0, entry)
  }

  after(seconds: number, what: string, run: () => void): void {
    this.schedule(this.now + seconds, what, run)
  }

  /** Runs every transition due at or before `time`, in order, then sets `now` to `time`. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.queue[0]
      if (next === undefined || next.at > time) break
      this.queue.shift()
      this.now = next.at
      next.run()
    }
    this.now = Math.max(this.now, time)
  }

  pending(): readonly { at: number; what: string }[] {
    return this.queue.map(({ at, what }) => ({ at, what }))
  }
}
