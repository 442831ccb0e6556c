import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  newOutcome,
  newServiceOutcome,
  runVerdict,
  stoppedAtTimeLimit
} from '../../src/report/outcome.js'
import { runWithin, stepTimeLimit, timeLimitSentence } from '../../src/run/time-limit.js'
import type { RunTaskResult } from '../../src/run-task/gate.js'
import type { Settings } from '../../src/settings/index.js'

const settings = (more: Partial<Settings> = {}): Settings =>
  ({ waitForMinutes: 1, rollbackOnFailure: false, waitForRollback: false, ...more }) as Settings
const rules = { onSuperseded: 'fail' } as const
const SENTENCE =
  'The step stopped at its time limit of 2 min (wait-for-minutes 1, plus one minute).'
const ref = {
  cluster: 'prod',
  service: 'web',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
  deploymentId: 'ecs-svc/42',
  startedAt: 0
}

describe('the step time limit', () => {
  it('is wait-for-minutes plus one minute, plus the gate and a rollback when they may wait', () => {
    expect(stepTimeLimit(settings())).toEqual({
      ms: 120_000,
      slackMs: 60_000,
      minutes: 2,
      parts: 'wait-for-minutes 1, plus one minute'
    })
    // Against the emulator, 200 times faster: the minute is at least 5 real seconds.
    expect(stepTimeLimit(settings(), 200)).toMatchObject({ ms: 60_000 + 1_000_000, minutes: 2 })
    const all = stepTimeLimit(
      settings({
        waitForMinutes: 10,
        rollbackOnFailure: true,
        runTask: { waitMinutes: 30 } as Settings['runTask']
      })
    )
    expect(all.ms).toBe(51 * 60_000)
    expect(timeLimitSentence(all, 0)).toBe(
      'The step stopped at its time limit of 51 min (wait-for-minutes 10, run-task-wait-minutes 30, wait-for-minutes 10 for a rollback, plus one minute).'
    )
    expect(timeLimitSentence(stepTimeLimit(settings()), 5 * 60_000)).toBe(
      "The step stopped at its time limit of 7 min (wait-for-minutes 1, plus one minute, plus the CodeDeploy deployment group's waits)."
    )
  })

  it('gives up on a run that does not unwind once stopped, and not before', async () => {
    const clock = new FakeClock()
    const limitOf = (signal: AbortSignal) => ({
      signal,
      endsAt: 0,
      extendedMs: 0,
      extend: () => undefined,
      stop: () => undefined
    })
    const running = limitOf(new AbortController().signal)
    await expect(runWithin(Promise.resolve(), running, clock, 10_000)).resolves.toBe(true)
    const stopped = new AbortController()
    stopped.abort()
    // A run that never ends (a call that ignores every abort) is given up on once stopped.
    await expect(
      runWithin(new Promise(() => undefined), limitOf(stopped.signal), clock, 10_000)
    ).resolves.toBe(false)
    expect(clock.sleeps).toEqual([10_000])
    // A run that fails later must not crash the process.
    await expect(
      runWithin(Promise.reject(new Error('late')), running, clock, 10_000)
    ).rejects.toThrow('late')
  })
})

describe('the outcome at the time limit', () => {
  it("keeps the watch's own timed-out verdict, with what it knew, and says why it came then", () => {
    const outcome = newOutcome('prod')
    const web = newServiceOutcome('web')
    web.ref = ref
    web.verdict = {
      kind: 'timed-out',
      reason: 'Deployment ecs-svc/42 did not finish within 1 minute: 1/2 new tasks running.'
    }
    outcome.services.push(web)
    stoppedAtTimeLimit(outcome, SENTENCE)
    expect(runVerdict(outcome, rules)).toEqual({
      kind: 'timed-out',
      reason: `Deployment ecs-svc/42 did not finish within 1 minute: 1/2 new tasks running. ${SENTENCE}`
    })
  })

  it('a service stopped before its verdict, or cancelled by the stop, has timed out', () => {
    const outcome = newOutcome('prod')
    const web = newServiceOutcome('web')
    web.ref = ref
    const api = newServiceOutcome('api')
    api.verdict = {
      kind: 'cancelled',
      reason: 'The run was cancelled before service api was updated.'
    }
    const ok = newServiceOutcome('ok')
    ok.verdict = { kind: 'succeeded', reason: 'Done.' }
    outcome.services.push(web, api, ok)
    stoppedAtTimeLimit(outcome, SENTENCE)
    expect(outcome.services.map((s) => s.verdict)).toEqual([
      {
        kind: 'timed-out',
        reason: `Deployment ecs-svc/42 of service web had not finished, as far as the step knew. ${SENTENCE}`
      },
      {
        kind: 'timed-out',
        reason: `Service api was not updated: nothing was deployed to it. ${SENTENCE}`
      },
      { kind: 'succeeded', reason: 'Done.' }
    ])
    expect(runVerdict(outcome, rules)?.kind).toBe('timed-out')
  })

  it('before any service: the run has timed out, naming what it registered', () => {
    const outcome = newOutcome('prod')
    stoppedAtTimeLimit(outcome, SENTENCE)
    expect(runVerdict(outcome, rules)).toEqual({
      kind: 'timed-out',
      reason: `No service was updated. ${SENTENCE}`
    })
    outcome.taskDefinitionArn = ref.taskDefinitionArn
    expect(runVerdict(outcome, rules)?.reason).toBe(
      `web:2 was registered, but no service was updated. ${SENTENCE}`
    )
  })

  it('a gate the limit stopped has timed out', () => {
    const outcome = newOutcome('prod')
    outcome.runTask = {
      outcome: 'cancelled',
      passed: false,
      reason: 'Run-task gate failed: the workflow run was cancelled before the task was started.',
      taskArns: [],
      exitCode: undefined,
      containers: [],
      lastLogLines: [],
      elapsedMs: 0
    } satisfies RunTaskResult
    stoppedAtTimeLimit(outcome, SENTENCE)
    expect(runVerdict(outcome, rules)).toEqual({
      kind: 'timed-out',
      reason: `Run-task gate failed: the task was not started. ${SENTENCE}`
    })
  })
})
