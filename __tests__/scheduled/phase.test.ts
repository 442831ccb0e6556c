import { afterEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { whyScheduledTasksStay } from '../../src/phases/scheduled-tasks.js'
import type { Outcome, ServiceOutcome } from '../../src/report/outcome.js'
import type { RunTaskResult } from '../../src/run-task/gate.js'
import { buildSummary } from '../../src/report/summary.js'
import { clusterScope, planScheduledTasks } from '../../src/scheduled/plan.js'
import { skippedReport } from '../../src/scheduled/report.js'
import { parseScheduledTasks } from '../../src/scheduled/settings.js'
import { CLUSTER, ecsTarget, FakeEventBridge, FakeScheduler, td } from './fakes.js'

afterEach(() => {
  core.summary.emptyBuffer()
})

const base: Outcome = { cluster: 'prod', images: [], services: [] }
/** The run-task gate's result when the task exited 1. */
const failedGate: RunTaskResult = {
  outcome: 'failed',
  passed: false,
  reason: 'exit 1',
  taskArns: [],
  exitCode: 1,
  containers: [],
  lastLogLines: [],
  elapsedMs: 1
}
const service = (name: string, verdict?: ServiceOutcome['verdict']): ServiceOutcome => ({
  service: name,
  stoppedTasks: [],
  timeline: [],
  ...(verdict !== undefined && { verdict })
})

describe('when scheduled tasks may move', () => {
  it('after every service succeeded or already ran the revision', () => {
    const outcome: Outcome = {
      ...base,
      services: [
        service('web', { kind: 'succeeded', reason: 'ok' }),
        service('api', { kind: 'unchanged', reason: 'same' })
      ]
    }
    expect(whyScheduledTasksStay(outcome, ['web', 'api'])).toBeUndefined()
  })

  it('never after a rollback, a failure, a supersede, a timeout, or without a verdict', () => {
    const outcome: Outcome = {
      ...base,
      // on-superseded: succeed passes the step, yet the revision did not win: nothing moves.
      services: [
        service('web', { kind: 'succeeded', reason: 'ok' }),
        service('api', { kind: 'superseded', reason: 'another deploy' }),
        service('worker', { kind: 'rolled-back', reason: 'breaker' }),
        service('cron', { kind: 'timed-out', reason: 'late' }),
        service('batch')
      ]
    }
    expect(whyScheduledTasksStay(outcome, ['web', 'api', 'worker', 'cron', 'batch'])).toBe(
      'Scheduled tasks stay on their revisions: they move only once every service succeeded, and api superseded, worker rolled-back, cron timed-out, batch was not watched to the end.'
    )
  })

  it('with no service: at once, unless the run-task gate failed', () => {
    expect(whyScheduledTasksStay(base, [])).toBeUndefined()
    expect(whyScheduledTasksStay({ ...base, runTask: failedGate }, [])).toBe(
      'Scheduled tasks stay on their revisions: the deploy did not succeed (failed).'
    )
    // The gate failed before any service was touched.
    expect(whyScheduledTasksStay({ ...base, runTask: failedGate }, ['web'])).toBe(
      'Scheduled tasks stay on their revisions: the deploy did not succeed (failed).'
    )
    expect(whyScheduledTasksStay(base, ['web'])).toBe(
      'Scheduled tasks stay on their revisions: no service was rolled out.'
    )
  })
})

describe('the job summary', () => {
  it('has a Scheduled tasks table, and says why nothing moved', async () => {
    const eventBridge = new FakeEventBridge().rule('nightly', [ecsTarget()])
    const plan = await planScheduledTasks({
      settings: { entries: parseScheduledTasks('rule/nightly'), forFamily: false },
      family: 'web',
      cluster: clusterScope('prod', CLUSTER),
      eventBridge: () => eventBridge,
      scheduler: () => new FakeScheduler()
    })
    const html = buildSummary(
      { ...base, scheduledTasks: skippedReport(plan, td('web', 4), 'web <rolled-back>.') },
      undefined
    ).stringify()
    expect(html).toContain('<h3>Scheduled tasks</h3>')
    expect(html).toContain('<p>web &#60;rolled-back&#62;.</p>')
    expect(html).toContain(
      '<tr><td>rule/default/nightly target ecs-1</td><td>web:3</td><td>web:4</td><td>not attempted</td></tr>'
    )
  })
})
