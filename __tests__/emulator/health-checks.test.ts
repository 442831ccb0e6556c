import { describe, expect, it } from '@jest/globals'

import { tasksOf, withHarness, type Harness } from './harness.js'
import {
  deploy,
  sequence,
  serviceDeploymentHistory,
  type Rollout,
  observeUntil,
  ROLLED_BACK
} from './observe.js'

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/5f1d2c3b4a596877'

/** Runs our deployment to ROLLBACK_SUCCESSFUL and checks the breaker's count on the way. */
async function rollBackOnHealthChecks(harness: Harness): Promise<Rollout> {
  const rollout = await deploy(harness, '1.1.0')
  const changes = await observeUntil(harness, rollout, 'ROLLBACK_SUCCESSFUL')
  expect(sequence(changes, (s) => s.serviceDeployment)).toEqual(ROLLED_BACK)
  expect(sequence(changes, (s) => s.breaker)).toEqual([
    'MONITORING 0/3',
    'MONITORING 1/3',
    'MONITORING 2/3',
    'TRIGGERED 3/3'
  ])
  expect(sequence(changes, (s) => s.primary)).toEqual([rollout.ours, rollout.previous])
  const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
  expect(sd.rollback?.serviceRevisionArn).toBe(sd.sourceServiceRevisions?.[0]?.arn)
  return rollout
}

/** Our stopped tasks whose stopped reason contains `mark` (the target group survives rewording). */
async function unhealthyTasks(harness: Harness, rollout: Rollout, mark = 'health checks') {
  const stopped = await tasksOf(harness, rollout.ours, 'STOPPED')
  const unhealthy = stopped.filter((task) => task.stoppedReason?.includes(mark))
  expect(unhealthy.length).toBeGreaterThanOrEqual(3)
  for (const task of unhealthy) {
    // They ran before they were stopped by the scheduler, not by an exit of their own.
    expect(task).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', lastStatus: 'STOPPED' })
    expect(task.startedAt).toBeInstanceOf(Date)
    expect(task.containers?.[0]?.exitCode).toBe(0)
  }
  return unhealthy
}

describe('scenario elb-health-rollback', () => {
  it('tasks RUNNING then failing target-group checks are stopped, counted, and rolled back', async () => {
    await withHarness({ scenario: 'elb-health-rollback' }, async (harness) => {
      expect((await harness.service()).loadBalancers).toEqual([
        { targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 8080 }
      ])
      const rollout = await rollBackOnHealthChecks(harness)
      expect(serviceDeploymentHistory(harness, rollout).at(2)).toEqual({
        at: 255,
        what: 'ROLLBACK_REQUESTED'
      })
      const unhealthy = await unhealthyTasks(harness, rollout)
      for (const task of unhealthy) {
        expect(task.stoppedReason).toBe(
          `Task failed ELB health checks in (target-group ${TARGET_GROUP})`
        )
        expect(task.healthStatus).toBe('UNKNOWN') // no container health check defined
      }
      const messages = ((await harness.service()).events ?? []).map((e) => e.message ?? '')
      const id = unhealthy[0]?.taskArn?.split('/').pop() ?? ''
      const unhealthyAt = messages.indexOf(
        `(service web) (task ${id}) (port 8080) is unhealthy in (target-group ${TARGET_GROUP}) due to (reason Health checks failed).`
      )
      expect(unhealthyAt).toBeGreaterThan(-1)
      expect(messages[unhealthyAt - 1]).toBe(
        `(service web) has stopped 1 running tasks: (task ${id}).`
      )
      expect(messages).toContain(
        `(service web) (deployment ${rollout.ours}) deployment failed: tasks failed to start.`
      )
    })
  })

  it('reworded: the same stops and rollback, with only ids and numbers in the texts', async () => {
    await withHarness({ scenario: 'elb-health-rollback', rewordTexts: true }, async (harness) => {
      const rollout = await rollBackOnHealthChecks(harness)
      const unhealthy = await unhealthyTasks(harness, rollout, TARGET_GROUP)
      for (const task of unhealthy) {
        expect(task.stoppedReason).toContain(`(target-group ${TARGET_GROUP})`)
        expect(task.stoppedReason).not.toMatch(/health|fail|ELB/i)
      }
      const messages = ((await harness.service()).events ?? []).map((e) => e.message ?? '')
      const id = unhealthy[0]?.taskArn?.split('/').pop() ?? ''
      const about = messages.filter((message) => message.includes(`(task ${id})`))
      expect(about.some((message) => message.includes('(port 8080)'))).toBe(true)
      for (const message of messages) expect(message).not.toMatch(/unhealthy|health|failed/i)
    })
  })
})

describe('scenario container-health-rollback', () => {
  it('tasks whose container health check fails are UNHEALTHY, stopped, counted, rolled back', async () => {
    await withHarness({ scenario: 'container-health-rollback' }, async (harness) => {
      expect((await harness.service()).loadBalancers).toEqual([])
      const rollout = await rollBackOnHealthChecks(harness)
      const unhealthy = await unhealthyTasks(harness, rollout)
      for (const task of unhealthy) {
        expect(task.stoppedReason).toBe('Task failed container health checks')
        expect(task.healthStatus).toBe('UNHEALTHY')
        expect(task.containers?.[0]?.healthStatus).toBe('UNHEALTHY')
      }
      const messages = ((await harness.service()).events ?? []).map((e) => e.message ?? '')
      const id = unhealthy[0]?.taskArn?.split('/').pop() ?? ''
      expect(messages).toContain(`(service web) (task ${id}) failed container health checks.`)
      // The old revision's tasks never failed a check.
      const [running] = await tasksOf(harness, rollout.previous, 'RUNNING')
      expect(running?.healthStatus).toBe('UNKNOWN')
    })
  })
})
