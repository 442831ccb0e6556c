import { describe, expect, it } from '@jest/globals'
import { clusterScope, planScheduledTasks } from '../../src/scheduled/plan.js'
import {
  dryRunReport,
  skippedReport,
  summaryRows,
  targetLine,
  updatedEntries,
  type ScheduledTasksReport
} from '../../src/scheduled/report.js'
import { parseScheduledTasks } from '../../src/scheduled/settings.js'
import { CLUSTER, ecsTarget, FakeEventBridge, FakeScheduler, schedule, td } from './fakes.js'

async function planOf() {
  const eventBridge = new FakeEventBridge().rule('nightly', [
    ecsTarget({ Id: 'a' }),
    ecsTarget({ Id: 'b<i>' }, td('web'))
  ])
  const scheduler = new FakeScheduler().add(schedule({ GroupName: 'ops', Name: 'report' }))
  return planScheduledTasks({
    settings: {
      entries: parseScheduledTasks('rule/nightly\nschedule/ops/report'),
      forFamily: false
    },
    family: 'web',
    cluster: clusterScope('prod', CLUSTER),
    eventBridge: () => eventBridge,
    scheduler: () => scheduler
  })
}

describe('a dry run', () => {
  it('shows what would move and what follows the latest revision, writing nothing', async () => {
    const plan = await planOf()
    const report = dryRunReport(plan)
    expect(report.results.map(targetLine)).toEqual([
      'would move rule/default/nightly target a: web:3 → the new revision of web',
      'rule/default/nightly target b<i>: names web without a revision, so it follows the latest revision; left alone',
      'would move schedule/ops/report: web:3 → the new revision of web'
    ])
    expect(updatedEntries(report)).toEqual([])
  })
})

describe('the summary and the output', () => {
  it('a table row per target, escaped', async () => {
    const plan = await planOf()
    const [a, b, s] = plan.targets
    if (a === undefined || b === undefined || s === undefined) throw new Error('three targets')
    const report: ScheduledTasksReport = {
      taskDefinitionArn: td('web', 4),
      results: [
        { target: a, status: 'updated', from: td('web', 3), to: td('web', 4) },
        { target: b, status: 'follows-latest', from: td('web') },
        { target: s, status: 'failed', from: td('web', 3), to: td('web', 4), reason: 'denied <b>' }
      ]
    }
    expect(summaryRows(report)).toEqual([
      [
        { data: 'Scheduled task', header: true },
        { data: 'From', header: true },
        { data: 'To', header: true },
        { data: 'Result', header: true }
      ],
      ['rule/default/nightly target a', 'web:3', 'web:4', 'updated'],
      ['rule/default/nightly target b&#60;i&#62;', 'web', '—', 'follows the latest revision'],
      ['schedule/ops/report', 'web:3', 'web:4', 'failed: denied &#60;b&#62;']
    ])
    expect(updatedEntries(report)).toEqual([
      {
        kind: 'rule',
        eventBusName: 'default',
        name: 'nightly',
        targetId: 'a',
        from: td('web', 3),
        to: td('web', 4)
      }
    ])
  })

  it('lists only updated targets, with full ARNs, for rules and schedules', async () => {
    const plan = await planOf()
    const report: ScheduledTasksReport = {
      taskDefinitionArn: td('web', 4),
      results: plan.targets.map((target) => ({
        target,
        status: target.pinned ? 'updated' : 'follows-latest',
        from: target.from,
        to: td('web', 4)
      }))
    }
    expect(JSON.parse(JSON.stringify(updatedEntries(report)))).toEqual([
      {
        kind: 'rule',
        eventBusName: 'default',
        name: 'nightly',
        targetId: 'a',
        from: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        to: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4'
      },
      {
        kind: 'schedule',
        groupName: 'ops',
        name: 'report',
        from: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        to: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4'
      }
    ])
  })

  it('a skipped run shows every target as not attempted, on its old revision', async () => {
    const plan = await planOf()
    const report = skippedReport(plan, td('web', 4), 'web rolled back.')
    expect(report.results.map(targetLine)).toEqual([
      'rule/default/nightly target a: not attempted, still on web:3',
      'rule/default/nightly target b<i>: names web without a revision, so it follows the latest revision; left alone',
      'schedule/ops/report: not attempted, still on web:3'
    ])
    expect(summaryRows(report)[1]).toEqual([
      'rule/default/nightly target a',
      'web:3',
      'web:4',
      'not attempted'
    ])
  })
})
