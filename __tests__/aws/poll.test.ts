import { describe, expect, it } from '@jest/globals'
import { pollUntil, untilNextTick } from '../../src/aws/poll.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

const START = 1_700_000_000_000

describe('untilNextTick', () => {
  it('waits to the next point of the grid, never longer than one interval', () => {
    expect(untilNextTick(START + 1_200, START, 5_000)).toBe(3_800)
    expect(untilNextTick(START + 5_000, START, 5_000)).toBe(5_000)
    expect(untilNextTick(START + 4_999, START, 5_000)).toBe(1)
    // A clock that reads before the origin still lands on the grid.
    expect(untilNextTick(START - 1_000, START, 5_000)).toBe(1_000)
  })
})

describe('pollUntil alignTo', () => {
  /** Polls until the fourth answer from `startAt`; answers the moments it looked, after START. */
  async function lookTimes(startAt: number, alignTo?: number, fail?: Set<number>) {
    const clock = new FakeClock(startAt)
    const times: number[] = []
    await pollUntil<number, true>({
      clock,
      intervalMs: 5_000,
      deadline: startAt + 60_000,
      ...(alignTo !== undefined && { alignTo }),
      observe: () => {
        times.push(clock.now() - START)
        if (fail?.has(times.length)) {
          const throttled = Object.assign(new Error('Rate exceeded'), {
            name: 'ThrottlingException'
          })
          return Promise.reject(throttled)
        }
        return Promise.resolve(times.length)
      },
      decide: (n) => (n >= 4 ? true : undefined),
      onTransientError: () => undefined
    })
    return times
  }

  it('puts the polls of loops started at different moments on the same grid', async () => {
    expect(await lookTimes(START + 1_300, START)).toEqual([1_300, 5_000, 10_000, 15_000])
    expect(await lookTimes(START + 3_900, START)).toEqual([3_900, 5_000, 10_000, 15_000])
  })

  it('without a grid, polls one interval apart from its own start', async () => {
    expect(await lookTimes(START + 1_300)).toEqual([1_300, 6_300, 11_300, 16_300])
  })

  it('backs off after a transient error, then returns to the grid', async () => {
    // The first look is throttled: the next comes one doubled interval (10 s) later, off the
    // grid; the ones after are back on it.
    expect(await lookTimes(START + 1_300, START, new Set([1]))).toEqual([
      1_300, 11_300, 15_000, 20_000
    ])
  })
})
