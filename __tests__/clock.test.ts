import { describe, expect, it } from '@jest/globals'
import { emulatorTimeScale } from '../src/clock.js'

describe('emulatorTimeScale', () => {
  it('compresses time only when an endpoint override points away from real AWS', () => {
    expect(emulatorTimeScale({ ECS_ROLLOUT_TIME_SCALE: '100' })).toBe(1)
    expect(
      emulatorTimeScale({
        ECS_ROLLOUT_TIME_SCALE: '100',
        AWS_ENDPOINT_URL_ECS: 'http://127.0.0.1:1'
      })
    ).toBe(100)
    expect(emulatorTimeScale({ AWS_ENDPOINT_URL: 'http://x' })).toBe(1)
    expect(() =>
      emulatorTimeScale({ ECS_ROLLOUT_TIME_SCALE: 'fast', AWS_ENDPOINT_URL: 'http://x' })
    ).toThrow('ECS_ROLLOUT_TIME_SCALE must be a whole number from 1 to 10000, got "fast"')
  })
})
