import { describe, expect, it } from '@jest/globals'
import type { Target } from '@aws-sdk/client-eventbridge'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { applyScheduledTasks, updateScheduleRequest } from '../../src/scheduled/apply.js'
import { clusterScope, planScheduledTasks } from '../../src/scheduled/plan.js'
import { parseScheduledTasks } from '../../src/scheduled/settings.js'
import {
  awsError,
  CLUSTER,
  denied,
  ecsTarget,
  EVENTS_ROLE,
  FakeEventBridge,
  FakeScheduler,
  schedule,
  SCHEDULER_ROLE,
  td
} from './fakes.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const NEW = td('web', 4)

async function run(options: {
  entries: string
  eventBridge?: FakeEventBridge
  scheduler?: FakeScheduler
  /** Runs between the plan and the apply: someone else's edit. */
  meanwhile?: () => void
}) {
  const eventBridge = options.eventBridge ?? new FakeEventBridge()
  const scheduler = options.scheduler ?? new FakeScheduler()
  const plan = await planScheduledTasks({
    settings: { entries: parseScheduledTasks(options.entries), forFamily: false },
    family: 'web',
    cluster: clusterScope('prod', CLUSTER),
    eventBridge: () => eventBridge,
    scheduler: () => scheduler
  })
  options.meanwhile?.()
  const { lines, warnings, log } = recordingLog()
  const clock = new FakeClock()
  const report = await applyScheduledTasks({
    plan,
    taskDefinitionArn: NEW,
    eventBridge: () => eventBridge,
    scheduler: () => scheduler,
    clock,
    log,
    random: () => 0.5
  })
  return { report, lines, warnings, eventBridge, scheduler, clock }
}

const moved = (target: Target): Target => ({
  ...target,
  EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: NEW }
})

const FARGATE = ecsTarget({
  Id: 'migrate',
  RoleArn: EVENTS_ROLE,
  Input: JSON.stringify({
    containerOverrides: [
      {
        name: 'app',
        command: ['npm', 'run', 'migrate'],
        environment: [{ name: 'DRY', value: '0' }]
      }
    ],
    taskRoleArn: 'arn:aws:iam::123456789012:role/migrate-task'
  }),
  RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
  DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:events-dlq' },
  EcsParameters: {
    TaskDefinitionArn: td('web', 3),
    TaskCount: 2,
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    Group: 'migrations',
    NetworkConfiguration: {
      awsvpcConfiguration: {
        Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
        SecurityGroups: ['sg-0123456789abcdef0'],
        AssignPublicIp: 'DISABLED'
      }
    },
    EnableECSManagedTags: true,
    EnableExecuteCommand: true,
    PropagateTags: 'TASK_DEFINITION',
    ReferenceId: 'nightly',
    Tags: [{ Key: 'team', Value: 'web' }]
  }
})

const EC2 = ecsTarget({
  Id: 'ec2',
  InputTransformer: {
    InputPathsMap: { time: '$.time' },
    InputTemplate:
      '{"containerOverrides":[{"name":"app","environment":[{"name":"AT","value":<time>}]}]}'
  },
  EcsParameters: {
    TaskDefinitionArn: td('web', 3),
    TaskCount: 1,
    CapacityProviderStrategy: [{ capacityProvider: 'ec2-spot', weight: 1, base: 0 }],
    PlacementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
    PlacementStrategy: [
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'binpack', field: 'memory' }
    ]
  }
})

const EXTERNAL = ecsTarget({
  Id: 'anywhere',
  InputPath: '$.detail',
  EcsParameters: { TaskDefinitionArn: td('web', 3), LaunchType: 'EXTERNAL', TaskCount: 1 }
})

describe('rule targets', () => {
  it('keeps every field of Fargate, EC2 (placement) and EXTERNAL targets; only the task definition changes', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [
        FARGATE,
        { Id: 'notify', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:n' }
      ])
      .rule('ec2', [EC2], 'orders')
      .rule('anywhere', [EXTERNAL])
    const {
      report,
      lines,
      eventBridge: eb
    } = await run({
      entries: 'rule/nightly\nrule/orders/ec2\nrule/anywhere',
      eventBridge
    })
    expect(report.error).toBeUndefined()
    // One target a call, whole, as read.
    expect(eb.writes().map((c) => c.input)).toEqual([
      { rule: 'nightly', eventBusName: 'default', targets: [moved(FARGATE)] },
      { rule: 'ec2', eventBusName: 'orders', targets: [moved(EC2)] },
      { rule: 'anywhere', eventBusName: 'default', targets: [moved(EXTERNAL)] }
    ])
    // And that is what the rules now hold; the Lambda target is untouched.
    expect(eb.targetsOf('nightly')).toEqual([
      moved(FARGATE),
      { Id: 'notify', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:n' }
    ])
    expect(eb.targetsOf('ec2', 'orders')).toEqual([moved(EC2)])
    expect(lines).toEqual([
      'rule/default/nightly target migrate: web:3 → web:4',
      'rule/orders/ec2 target ec2: web:3 → web:4',
      'rule/default/anywhere target anywhere: web:3 → web:4'
    ])
    expect(report.results.map((r) => r.status)).toEqual(['updated', 'updated', 'updated'])
  })

  it('leaves a target already on the new revision, and one that follows the latest, unwritten', async () => {
    const eventBridge = new FakeEventBridge().rule('nightly', [
      ecsTarget({ Id: 'a' }, NEW),
      ecsTarget({ Id: 'b' }, td('web'))
    ])
    const { report, lines } = await run({ entries: 'rule/nightly', eventBridge })
    expect(eventBridge.writes()).toEqual([])
    expect(report.results.map((r) => r.status)).toEqual(['unchanged', 'follows-latest'])
    expect(lines).toEqual([
      'rule/default/nightly target a: already on web:4, unchanged',
      'rule/default/nightly target b: names web without a revision, so it follows the latest revision; left alone'
    ])
  })

  it('reads the rule again before writing: an edit made since the plan is kept', async () => {
    const eventBridge = new FakeEventBridge().rule('nightly', [FARGATE])
    const edited = {
      ...FARGATE,
      EcsParameters: { ...FARGATE.EcsParameters, TaskDefinitionArn: td('web', 3), TaskCount: 5 }
    }
    const { eventBridge: eb } = await run({
      entries: 'rule/nightly',
      eventBridge,
      meanwhile: () => eventBridge.rule('nightly', [edited])
    })
    expect(eb.targetsOf('nightly')).toEqual([moved(edited)])
  })

  it('leaves alone, with a warning, a target removed or moved to another family since the plan', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('gone', [ecsTarget()])
      .rule('other', [ecsTarget()])
      .rule('deleted', [ecsTarget()])
    const { report, warnings } = await run({
      entries: 'rule/gone\nrule/other\nrule/deleted',
      eventBridge,
      meanwhile: () => {
        eventBridge.rule('gone', [])
        eventBridge.rule('other', [ecsTarget({}, td('billing', 1))])
        eventBridge.rules.delete('default/deleted')
      }
    })
    expect(eventBridge.writes()).toEqual([])
    expect(report.error).toBeUndefined()
    expect(warnings).toEqual([
      'rule/default/gone target ecs-1: the target was removed meanwhile; left alone',
      'rule/default/other target ecs-1: now runs billing:1; left alone',
      'rule/default/deleted target ecs-1: the rule was deleted meanwhile; left alone'
    ])
  })

  it('a FailedEntries answer is a failure', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [ecsTarget()])
      .rule('later', [ecsTarget()])
    eventBridge.failedEntries.push([
      {
        TargetId: 'ecs-1',
        ErrorCode: 'ConcurrentModificationException',
        ErrorMessage: 'Rule was modified.'
      }
    ])
    const { report } = await run({ entries: 'rule/nightly\nrule/later', eventBridge })
    expect(report.results.map((r) => r.status)).toEqual(['failed', 'not-attempted'])
    expect(report.error).toBe(
      'Moving scheduled tasks to web:4 stopped at rule/default/nightly target ecs-1, which still runs web:3: PutTargets did not accept target ecs-1: ConcurrentModificationException: Rule was modified. ' +
        'No scheduled task was updated. Not attempted, still on their old revision: rule/default/later target ecs-1 (web:3).'
    )
  })

  it('a denied iam:PassRole names it, the role and the service it is passed to', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [ecsTarget()])
      .fail('PutTargets', denied('iam:PassRole', EVENTS_ROLE))
    const { report } = await run({ entries: 'rule/nightly', eventBridge })
    expect(report.error).toContain(
      'PutTargets failed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: iam:PassRole on resource'
    )
    expect(report.error).toContain(
      `Missing permission: iam:PassRole on ${EVENTS_ROLE} with iam:PassedToService events.amazonaws.com.`
    )
  })

  it('retries after an ambiguous error, which is safe since PutTargets replaces by Id', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [ecsTarget()])
      .fail('PutTargets', awsError('InternalFailure', 'Internal error', 500))
    const { report, clock } = await run({ entries: 'rule/nightly', eventBridge })
    expect(report.results.map((r) => r.status)).toEqual(['updated'])
    expect(eventBridge.writes()).toHaveLength(2)
    expect(clock.sleeps).toEqual([1500])
  })
})

describe('schedules', () => {
  it('sends back every field GetSchedule gave; only the task definition changes', async () => {
    const original = schedule({ GroupName: 'ops', Name: 'report' })
    const scheduler = new FakeScheduler().add(original)
    const { report, lines } = await run({ entries: 'schedule/ops/report', scheduler })
    expect(report.error).toBeUndefined()
    // Everything but GetSchedule's read-only fields.
    const fields = { ...original }
    delete fields.Arn
    delete fields.CreationDate
    delete fields.LastModificationDate
    const expected = {
      ...fields,
      Target: {
        ...original.Target,
        Arn: CLUSTER,
        RoleArn: SCHEDULER_ROLE,
        EcsParameters: { ...original.Target?.EcsParameters, TaskDefinitionArn: NEW }
      }
    }
    expect(scheduler.writes().map((c) => c.input)).toEqual([expected])
    // Read back: the same schedule but for the ARN it runs and its modification date.
    const after = scheduler.get('report', 'ops')
    expect({ ...after, LastModificationDate: undefined }).toEqual({
      ...original,
      LastModificationDate: undefined,
      Target: expected.Target
    })
    expect(lines).toEqual(['schedule/ops/report: web:3 → web:4'])
  })

  it('sends back a minimal schedule as it is, adding nothing', async () => {
    const minimal = {
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/tiny',
      Name: 'tiny',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      State: 'DISABLED' as const,
      Target: {
        Arn: CLUSTER,
        RoleArn: SCHEDULER_ROLE,
        EcsParameters: { TaskDefinitionArn: td('web', 3) }
      }
    }
    const scheduler = new FakeScheduler().add(minimal)
    await run({ entries: 'schedule/tiny', scheduler })
    expect(scheduler.writes().map((c) => c.input)).toEqual([
      {
        Name: 'tiny',
        GroupName: 'default',
        ScheduleExpression: 'rate(1 hour)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'DISABLED',
        Target: { Arn: CLUSTER, RoleArn: SCHEDULER_ROLE, EcsParameters: { TaskDefinitionArn: NEW } }
      }
    ])
  })

  it('reads the schedule again just before writing, so a concurrent edit is not lost', async () => {
    const scheduler = new FakeScheduler().add(schedule())
    await run({
      entries: 'schedule/nightly-report',
      scheduler,
      meanwhile: () =>
        scheduler.add(schedule({ Description: 'edited meanwhile', State: 'DISABLED' }))
    })
    expect(scheduler.get('nightly-report')).toMatchObject({
      Description: 'edited meanwhile',
      State: 'DISABLED',
      Target: { EcsParameters: { TaskDefinitionArn: NEW } }
    })
  })
})

describe('a failure part way', () => {
  it('says exactly which were updated, which failed (naming the permission) and which were left', async () => {
    const eventBridge = new FakeEventBridge().rule('nightly', [ecsTarget()])
    const scheduler = new FakeScheduler()
      .add(schedule({ Name: 'report' }), schedule({ GroupName: 'ops', Name: 'cleanup' }))
      .fail(
        'UpdateSchedule',
        denied(
          'scheduler:UpdateSchedule',
          'arn:aws:scheduler:us-east-1:123456789012:schedule/default/report'
        )
      )
    const { report, lines } = await run({
      entries: 'rule/nightly\nschedule/report\nschedule/ops/cleanup',
      eventBridge,
      scheduler
    })
    expect(report.results.map((r) => `${r.target.label} ${r.status}`)).toEqual([
      'rule/default/nightly target ecs-1 updated',
      'schedule/default/report failed',
      'schedule/ops/cleanup not-attempted'
    ])
    expect(report.error).toMatch(
      /^Moving scheduled tasks to web:4 stopped at schedule\/default\/report, which still runs web:3: UpdateSchedule failed: AccessDeniedException: .*perform: scheduler:UpdateSchedule on resource.* Missing permission: scheduler:UpdateSchedule\. Already updated to web:4: rule\/default\/nightly target ecs-1\. Not attempted, still on their old revision: schedule\/ops\/cleanup \(web:3\)\.$/
    )
    expect(lines).toEqual(['rule/default/nightly target ecs-1: web:3 → web:4'])
    // What AWS holds matches the report.
    expect(eventBridge.targetsOf('nightly')[0]?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
    expect(scheduler.get('report')?.Target?.EcsParameters?.TaskDefinitionArn).toBe(td('web', 3))
    expect(scheduler.get('cleanup', 'ops')?.Target?.EcsParameters?.TaskDefinitionArn).toBe(
      td('web', 3)
    )
    expect(scheduler.writes()).toHaveLength(1)
  })

  it('without a named permission in the message, lists what the write needs', async () => {
    const scheduler = new FakeScheduler()
      .add(schedule())
      .fail('UpdateSchedule', awsError('AccessDeniedException', 'Access denied', 403))
    const { report } = await run({ entries: 'schedule/nightly-report', scheduler })
    expect(report.error).toContain(
      `Moving it needs scheduler:UpdateSchedule, and iam:PassRole on ${SCHEDULER_ROLE} with iam:PassedToService scheduler.amazonaws.com.`
    )
    expect(report.error).toContain('No scheduled task was updated.')
  })

  it('a validation error is not retried and fails with AWS words', async () => {
    const scheduler = new FakeScheduler()
      .add(schedule())
      .fail(
        'UpdateSchedule',
        awsError(
          'ValidationException',
          'The StartDate you specify cannot be earlier than 5 minutes ago.'
        )
      )
    const { report, clock } = await run({ entries: 'schedule/nightly-report', scheduler })
    expect(scheduler.writes()).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(report.error).toContain(
      'UpdateSchedule failed: ValidationException: The StartDate you specify cannot be earlier than 5 minutes ago.'
    )
  })
})

describe('updateScheduleRequest', () => {
  const schedule = {
    Name: 'nightly',
    GroupName: 'default',
    ScheduleExpression: 'rate(1 day)',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    EndDate: new Date('2036-01-01T00:00:00Z'),
    Target: {
      Arn: 'arn:cluster',
      RoleArn: 'arn:role',
      EcsParameters: { TaskDefinitionArn: 'td:1' }
    }
  }
  const ref = { name: 'nightly', groupName: 'default' }
  const now = Date.UTC(2026, 11, 6)

  it('sends back a StartDate still to come, and leaves out one that has passed', () => {
    const future = new Date(now + 86_400_000)
    const past = new Date(now - 86_400_000)
    expect(
      updateScheduleRequest({ ...schedule, StartDate: future }, ref, 'td:2', now).StartDate
    ).toEqual(future)
    const request = updateScheduleRequest({ ...schedule, StartDate: past }, ref, 'td:2', now)
    expect(request).not.toHaveProperty('StartDate')
    expect(request.EndDate).toEqual(schedule.EndDate)
    expect(request.Target?.EcsParameters?.TaskDefinitionArn).toBe('td:2')
  })
})
