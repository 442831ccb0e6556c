/**
 * The watcher end to end: every verdict, how fast it comes, how many calls it costs, and the reasons
 * a user sees in the log, the outputs and the job summary.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Emulator, RecordedCall } from '../../emulator/index.js'
import {
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  operations,
  runAgain,
  warningLines
} from '../../__fixtures__/e2e.js'

afterEach(closeEmulators)

const POLL_MS = 5000

/** ECS calls the action made while watching: after UpdateService, to ECS. */
function watchCalls(emulator: Emulator): RecordedCall[] {
  const update = emulator.calls.findIndex((c) => c.operation === 'UpdateService')
  return emulator.calls.slice(update + 1).filter((c) => c.service === 'ecs')
}

/**
 * Virtual ms between ECS reaching `what` and the action's first look at the deployment after it.
 * Measured at a low time scale: each real millisecond the calls take counts `timeScale` times.
 */
function detectionLatency(emulator: Emulator, what: RegExp): number {
  const terminal = emulator.timeline.find((t) => what.test(t.what))
  if (terminal === undefined) {
    throw new Error(
      `no timeline entry matches ${String(what)}: ${JSON.stringify(emulator.timeline)}`
    )
  }
  const looks = watchCalls(emulator).filter((c) =>
    /^Describe(Services|ServiceDeployments)$/.test(c.operation)
  )
  const detecting = looks.find((c) => c.virtualTime >= terminal.virtualTime)
  if (detecting === undefined)
    throw new Error('the action never looked after the terminal transition')
  return detecting.virtualTime - terminal.virtualTime
}

// One poll interval, plus what the calls of one poll take at LATENCY_SCALE: a few real ms each,
// up to 50 ms on a busy machine, which counts 20 times over in virtual time.
const LATENCY_BOUND_MS = POLL_MS + 1000
const LATENCY_SCALE = 20

function busiestMinute(calls: RecordedCall[]): number {
  const times = calls.map((c) => c.virtualTime)
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length))
}

describe('verdicts', () => {
  it('succeeded: noticed within one poll interval of ECS completing', async () => {
    const run = await deploy('success', { emulator: { timeScale: LATENCY_SCALE } })
    expectExit(run, 0)
    expect(detectionLatency(run.emulator, /^service-deployment SUCCESSFUL\b/)).toBeLessThanOrEqual(
      LATENCY_BOUND_MS
    )
  }, 30_000)

  it('succeeded after a slow rollout, within the call budget, with a timeline', async () => {
    const run = await deploy('slow-success')
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({ verdict: 'succeeded' })
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(300)
    expect(busiestMinute(watchCalls(run.emulator))).toBeLessThanOrEqual(40)
    expect(run.summary).toContain('Timeline')
  })

  it('rolled back by the circuit breaker: noticed within one poll interval of the breaker tripping', async () => {
    const run = await deploy('circuit-breaker-rollback', { emulator: { timeScale: LATENCY_SCALE } })
    expectExit(run, 1)
    expect(
      detectionLatency(run.emulator, /^service-deployment ROLLBACK_REQUESTED\b/)
    ).toBeLessThanOrEqual(LATENCY_BOUND_MS)
  }, 30_000)

  it('rolled back by the circuit breaker: the reason, the stopped tasks and the log tail', async () => {
    const run = await deploy('circuit-breaker-rollback')
    expectExit(run, 1)
    expect(run.outputs).toMatchObject({
      verdict: 'rolled-back',
      'rollback-task-definition-arn': expect.stringMatching(
        /task-definition\/web:1$/
      ) as unknown as string,
      'previous-task-definition-arn': expect.stringMatching(
        /task-definition\/web:1$/
      ) as unknown as string
    })
    expect(run.outputs.reason).toMatch(/circuit breaker .* 3 tasks failed \(threshold 3\)/)
    expect(errorLines(run.log)).toEqual([
      expect.stringContaining('title=ECS Rollout%3A rolled-back::') as unknown as string
    ])
    expect(run.log).toContain('Error: DATABASE_URL is not set')
    expect(run.log).toMatch(
      /Logs: https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/.*log-events\/ecs\$252Fapp\$252F/
    )
    expect(run.summary).toContain('Essential container in task exited')
    expect(run.summary).toContain('Error: DATABASE_URL is not set')
    expect(run.summary).toContain('<h3>Timeline</h3>')
  })

  it('logs that cannot be read: one line saying why, and the verdict stands', async () => {
    const run = await deploy('circuit-breaker-rollback', { emulator: { denyLogs: true } })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(run.log).toMatch(
      /Could not read the log stream \/ecs\/web\/ecs\/app\/\w+: GetLogEvents failed: AccessDeniedException/
    )
    expect(run.log).toMatch(/Logs: https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//)
  })

  it('rolled back by alarms: names the alarm', async () => {
    const run = await deploy('alarm-rollback')
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(run.outputs.reason).toMatch(/CloudWatch alarms stopped deployment .*web-5xx-rate/)
  })

  it('rollback failed: fails at once as rolled back, and wait-for-rollback reports that the rollback failed', async () => {
    const run = await deploy('rollback-failed', {
      inputs: { ...DEPLOY, 'wait-for-rollback': 'true' }
    })
    expectExit(run, 1)
    // The verdict is known when the breaker trips; the rollback's own fate comes after it.
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(run.log).toMatch(/Rollback: The rollback to web:1 failed/)
    expect(run.summary).toMatch(/<th>Rollback<\/th><td>The rollback to web:1 failed/)
    expect(run.outputs).not.toHaveProperty('rollback-task-definition-arn')
  })

  it('wait-for-rollback: keeps watching until ECS has restored the previous revision', async () => {
    const run = await deploy('circuit-breaker-rollback', {
      inputs: { ...DEPLOY, 'wait-for-rollback': 'true' }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(run.log).toContain(
      'Rollback: The rollback completed: the service runs web:1 again, at full strength.'
    )
  })

  it('without the service-deployments API: falls back to deployments[] with one line and succeeds', async () => {
    const run = await deploy('no-service-deployments-api')
    expectExit(run, 0)
    expect(run.log.match(/service-deployments API is not available/g)).toHaveLength(1)
    // A missing permission is said once, as a warning that names it.
    expect(warningLines(run.log)).toEqual([
      expect.stringContaining('ecs:DescribeServiceDeployments') as unknown as string
    ])
  })

  it('throttling: retried within the deadline, never a verdict', async () => {
    const run = await deploy('throttle')
    expectExit(run, 0)
    // The SDK backs off in real time (about a second), a long while at this time scale: few throttles fit.
    const throttled = run.emulator.calls.filter((c) => c.error === 'ThrottlingException')
    expect(throttled.length).toBeGreaterThanOrEqual(2)
    expect(run.outputs.verdict).toBe('succeeded')
  })

  it('pull errors: warns at once, fails fast, and rolls back when asked', async () => {
    const run = await deploy('pull-error-stall', {
      inputs: { ...DEPLOY, 'fail-fast-failed-tasks': '2', 'rollback-on-failure': 'true' }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('failed')
    expect(run.outputs.reason).toContain('reaching fail-fast-failed-tasks (2)')
    expect(warningLines(run.log)[0]).toContain('CannotPullContainerError')
    expect(operations(run.emulator)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
      'StopServiceDeployment'
    ])
    expect(run.log).toMatch(/Rollback: The rollback completed/)
    expect(run.outputs['rollback-task-definition-arn']).toMatch(/web:1$/)
  })

  it('rollback-on-failure also rolls back a deployment the breaker stopped without rolling back', async () => {
    const run = await deploy('circuit-breaker-no-rollback', {
      inputs: { ...DEPLOY, 'rollback-on-failure': 'true' }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('failed')
    expect(run.outputs.reason).toContain('the rollback option is off')
    expect(operations(run.emulator).slice(0, 2)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService'
    ])
    // StopServiceDeployment (refused: the service deployment already ended), then UpdateService.
    expect(operations(run.emulator).at(-1)).toBe('UpdateService')
    expect(run.emulator.mutatingCalls().at(-1)?.input).toMatchObject({
      taskDefinition: expect.stringMatching(/web:1$/) as unknown as string
    })
    expect(run.log).toMatch(/Updated service web back to web:1\./)
    expect(run.log).toMatch(/Rollback: The rollback completed/)
    expect(run.outputs['rollback-task-definition-arn']).toMatch(/web:1$/)
  })

  it('rollback-on-failure without the service-deployments API: updates the service back', async () => {
    const run = await deploy('no-service-deployments-api', {
      inputs: { ...DEPLOY, 'wait-for-minutes': '1', 'rollback-on-failure': 'true' },
      emulator: { scenario: 'no-service-deployments-api' }
    })
    // The rollout takes longer than a minute, so it times out, then goes back to web:1.
    expect(run.outputs.verdict).toBe('timed-out')
    // The service deployment was never confirmed as ours, so no StopServiceDeployment is tried.
    expect(operations(run.emulator)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
      'UpdateService'
    ])
    expect(run.emulator.mutatingCalls()[2]?.input).toMatchObject({
      taskDefinition: expect.stringMatching(/web:1$/) as unknown as string
    })
  })

  it('cancelled: on SIGTERM, reports the state, requests the rollback and exits promptly', async () => {
    let updated = false
    let signalled = 0
    const run = await deploy('cancelled', {
      inputs: { ...DEPLOY, 'rollback-on-failure': 'true' },
      onCall: (call, action) => {
        updated ||= call.operation === 'UpdateService'
        if (updated && signalled === 0 && call.operation === 'DescribeServices') {
          signalled = call.realTime
          action.kill('SIGTERM')
        }
      }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('cancelled')
    expect(run.outputs.reason).toMatch(
      /cancelled while deployment .* was in progress: \d+\/\d+ new tasks running/
    )
    expect(operations(run.emulator)).toContain('StopServiceDeployment')
    const last = Math.max(...run.emulator.calls.map((c) => c.realTime))
    expect(last - signalled).toBeLessThan(5000)
  })

  it('unchanged: deploying the same task definition again rolls nothing out and does not wait', async () => {
    const first = await deploy('success')
    expectExit(first, 0)
    const again = await runAgain(first.emulator)
    expectExit(again, 0)
    expect(again.outputs).toMatchObject({
      verdict: 'unchanged',
      'task-definition-arn': first.outputs['task-definition-arn']
    })
    expect(operations(first.emulator)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(again.log).toContain('Nothing to roll out')
  })
})
