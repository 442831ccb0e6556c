import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/input/values.js'
import {
  clusterScope,
  isOnCluster,
  parseTaskDefinitionRef,
  planScheduledTasks,
  type ClusterScope
} from '../../src/scheduled/plan.js'
import { parseScheduledTasks } from '../../src/scheduled/settings.js'
import {
  CLUSTER,
  denied,
  ecsTarget,
  FakeEventBridge,
  FakeScheduler,
  schedule,
  STAGING,
  td
} from './fakes.js'

const PROD: ClusterScope = clusterScope('prod', CLUSTER)

function plan(options: {
  entries?: string
  forFamily?: boolean
  eventBridge?: FakeEventBridge
  scheduler?: FakeScheduler
  cluster?: ClusterScope
  family?: string
}) {
  const eventBridge = options.eventBridge ?? new FakeEventBridge()
  const scheduler = options.scheduler ?? new FakeScheduler()
  const planned = planScheduledTasks({
    settings: {
      entries: parseScheduledTasks(options.entries ?? ''),
      forFamily: options.forFamily ?? false
    },
    family: options.family ?? 'web',
    cluster: options.cluster ?? PROD,
    eventBridge: () => eventBridge,
    scheduler: () => scheduler
  })
  return { planned, eventBridge, scheduler }
}

const LAMBDA = { Id: 'notify', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:notify' }

describe('named rules and schedules', () => {
  it('resolves each ECS target of the family, in input order, and notes the others left alone', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [
        ecsTarget({ Id: 'z-second' }),
        LAMBDA,
        ecsTarget({ Id: 'a-first' }, td('web', 2)),
        ecsTarget({ Id: 'worker' }, td('worker', 9))
      ])
      .rule('cleanup', [ecsTarget()], 'orders')
    const scheduler = new FakeScheduler().add(schedule({ GroupName: 'ops', Name: 'report' }))
    const { planned } = plan({
      entries: 'schedule/ops/report\nrule/nightly\nrule/orders/cleanup',
      eventBridge,
      scheduler
    })
    const result = await planned
    expect(result.targets.map((t) => [t.label, t.origin, t.from, t.pinned])).toEqual([
      ['schedule/ops/report', 'named', td('web', 3), true],
      ['rule/default/nightly target a-first', 'named', td('web', 2), true],
      ['rule/default/nightly target z-second', 'named', td('web', 3), true],
      ['rule/orders/cleanup target ecs-1', 'named', td('web', 3), true]
    ])
    expect(result.notes).toEqual([
      'rule/default/nightly: left alone, as web is not their family: target worker runs worker:9.'
    ])
    // Reads only.
    expect(eventBridge.calls.map((c) => c.operation)).toEqual([
      'ListTargetsByRule',
      'ListTargetsByRule'
    ])
    expect(scheduler.calls.map((c) => c.operation)).toEqual(['GetSchedule'])
  })

  it('marks a target that names the family without a revision: it follows the latest', async () => {
    const eventBridge = new FakeEventBridge().rule('hourly', [ecsTarget({}, td('web'))])
    const scheduler = new FakeScheduler().add(
      schedule({
        Target: {
          ...schedule().Target,
          Arn: CLUSTER,
          RoleArn: 'r',
          EcsParameters: { TaskDefinitionArn: td('web') }
        }
      })
    )
    const { planned } = plan({
      entries: 'rule/hourly\nschedule/nightly-report',
      eventBridge,
      scheduler
    })
    expect((await planned).targets.map((t) => [t.label, t.pinned])).toEqual([
      ['rule/default/hourly target ecs-1', false],
      ['schedule/default/nightly-report', false]
    ])
  })

  it('a rule that does not exist is an input error naming the entry, before any write', async () => {
    const eventBridge = new FakeEventBridge().rule('nightly', [ecsTarget()])
    const { planned } = plan({ entries: 'rule/nightly\nrule/orders/nightly', eventBridge })
    await expect(planned).rejects.toThrow(InputError)
    await expect(
      plan({ entries: 'rule/nightly\nrule/orders/nightly', eventBridge }).planned
    ).rejects.toThrow(
      'Input "scheduled-tasks" names rule/orders/nightly, which does not exist (Rule nightly does not exist on EventBus orders.): check the rule name, the event bus and the AWS region'
    )
    expect(eventBridge.writes()).toEqual([])
  })

  it('a schedule that does not exist is an input error naming the entry', async () => {
    await expect(plan({ entries: 'schedule/ops/gone' }).planned).rejects.toThrow(
      'Input "scheduled-tasks" names schedule/ops/gone, which does not exist (Schedule gone does not exist.)'
    )
  })

  it('a rule without an ECS task target is an input error that lists its targets', async () => {
    const eventBridge = new FakeEventBridge().rule('notify', [LAMBDA]).rule('empty', [])
    await expect(plan({ entries: 'rule/notify', eventBridge }).planned).rejects.toThrow(
      'Input "scheduled-tasks" names rule/default/notify, which has no ECS task target (its targets: notify (arn:aws:lambda:us-east-1:123456789012:function:notify)): only ECS task targets can move to a new revision'
    )
    await expect(plan({ entries: 'rule/empty', eventBridge }).planned).rejects.toThrow(
      'which has no ECS task target (it has no targets)'
    )
  })

  it('a schedule whose target is not an ECS task is an input error', async () => {
    const scheduler = new FakeScheduler().add(
      schedule({ Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', RoleArn: 'r' } })
    )
    await expect(plan({ entries: 'schedule/nightly-report', scheduler }).planned).rejects.toThrow(
      'names schedule/default/nightly-report, whose target (arn:aws:sqs:us-east-1:123456789012:jobs) is not an ECS task'
    )
  })

  it("a named entry of another family is an input error: it would run this family's revision", async () => {
    const eventBridge = new FakeEventBridge().rule('billing', [ecsTarget({}, td('billing', 4))])
    await expect(plan({ entries: 'rule/billing', eventBridge }).planned).rejects.toThrow(
      'Input "scheduled-tasks" names rule/default/billing, whose ECS targets run another family (target ecs-1 runs billing:4), not web: moving them would make that cron run web\'s new revision. Remove the entry, or deploy that family\'s own task definition to it'
    )
    const scheduler = new FakeScheduler().add(
      schedule({
        Target: {
          ...schedule().Target,
          Arn: CLUSTER,
          RoleArn: 'r',
          EcsParameters: { TaskDefinitionArn: td('web-worker', 2) }
        }
      })
    )
    await expect(plan({ entries: 'schedule/nightly-report', scheduler }).planned).rejects.toThrow(
      'names schedule/default/nightly-report, which runs web-worker:2, another family than web'
    )
  })

  it('a denied read fails with the call and AWS words, not as an input error', async () => {
    const eventBridge = new FakeEventBridge()
      .rule('nightly', [ecsTarget()])
      .fail(
        'ListTargetsByRule',
        denied('events:ListTargetsByRule', 'arn:aws:events:us-east-1:123456789012:rule/nightly')
      )
    const error = await plan({ entries: 'rule/nightly', eventBridge }).planned.catch(
      (e: unknown) => e
    )
    expect(error).not.toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(
      /^ListTargetsByRule failed: AccessDeniedException: User: .* is not authorized to perform: events:ListTargetsByRule on resource/
    )
  })
})

describe('update-scheduled-tasks-for-family', () => {
  function world() {
    const eventBridge = new FakeEventBridge()
      .rule('prod-nightly', [ecsTarget(), LAMBDA])
      .rule('prod-hourly', [ecsTarget({ Id: 'latest' }, td('web'))])
      .rule('staging-nightly', [ecsTarget({ Arn: STAGING })])
      .rule('prod-worker', [ecsTarget({}, td('worker', 3))])
      .rule('preprod', [ecsTarget({ Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/preprod' })])
      .rule('other-bus', [ecsTarget()], 'orders')
    const scheduler = new FakeScheduler().add(
      schedule({ Name: 'report' }),
      schedule({ GroupName: 'ops', Name: 'cleanup' }),
      schedule({
        Name: 'staging-report',
        Target: { ...schedule().Target, Arn: STAGING, RoleArn: 'r' }
      }),
      schedule({
        Name: 'worker-report',
        Target: {
          ...schedule().Target,
          Arn: CLUSTER,
          RoleArn: 'r',
          EcsParameters: { TaskDefinitionArn: td('worker', 3) }
        }
      }),
      schedule({
        Name: 'queue',
        Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', RoleArn: 'r' }
      })
    )
    return { eventBridge, scheduler }
  }

  const EXPECTED = [
    ['rule/default/prod-hourly target latest', false],
    ['rule/default/prod-nightly target ecs-1', true],
    ['schedule/default/report', true],
    ['schedule/ops/cleanup', true]
  ]

  it('with the cluster ARN: the rules targeting it, every group, the family only; staging stays', async () => {
    const { eventBridge, scheduler } = world()
    const result = await plan({ forFamily: true, eventBridge, scheduler }).planned
    expect(result.targets.map((t) => [t.label, t.pinned])).toEqual(EXPECTED)
    expect(result.targets.every((t) => t.origin === 'discovered')).toBe(true)
    // EventBridge names the rules that target the cluster: no reading of every rule.
    expect(eventBridge.calls.map((c) => c.operation)).not.toContain('ListRules')
    expect(eventBridge.calls[0]).toEqual({
      operation: 'ListRuleNamesByTarget',
      input: { targetArn: CLUSTER, eventBusName: 'default' }
    })
    // Only the schedules on the cluster are read in full.
    expect(
      scheduler.calls.filter((c) => c.operation === 'GetSchedule').map((c) => c.input)
    ).toEqual([
      { name: 'report', groupName: 'default' },
      { name: 'cleanup', groupName: 'ops' },
      { name: 'worker-report', groupName: 'default' }
    ])
  })

  it('with the cluster name only: reads every rule of the default bus and matches the name', async () => {
    const { eventBridge, scheduler } = world()
    const result = await plan({
      forFamily: true,
      eventBridge,
      scheduler,
      cluster: clusterScope('prod')
    }).planned
    expect(result.targets.map((t) => [t.label, t.pinned])).toEqual(EXPECTED)
    expect(eventBridge.calls[0]).toEqual({
      operation: 'ListRules',
      input: { eventBusName: 'default' }
    })
  })

  it('keeps a named target once, first, and adds the ones found', async () => {
    const { eventBridge, scheduler } = world()
    const result = await plan({
      entries: 'schedule/ops/cleanup\nrule/orders/other-bus',
      forFamily: true,
      eventBridge,
      scheduler
    }).planned
    expect(result.targets.map((t) => `${t.origin} ${t.label}`)).toEqual([
      'named schedule/ops/cleanup',
      'named rule/orders/other-bus target ecs-1',
      'discovered rule/default/prod-hourly target latest',
      'discovered rule/default/prod-nightly target ecs-1',
      'discovered schedule/default/report'
    ])
  })

  it('finds nothing without failing when nothing runs the family', async () => {
    const { eventBridge, scheduler } = world()
    expect(
      (await plan({ forFamily: true, family: 'api', eventBridge, scheduler }).planned).targets
    ).toEqual([])
  })

  it('a denied discovery call fails naming the call', async () => {
    const { eventBridge, scheduler } = world()
    scheduler.fail(
      'ListSchedules',
      denied('scheduler:ListSchedules', 'arn:aws:scheduler:us-east-1:123456789012:schedule/*/*')
    )
    await expect(plan({ forFamily: true, eventBridge, scheduler }).planned).rejects.toThrow(
      /^ListSchedules failed: AccessDeniedException: .*perform: scheduler:ListSchedules/
    )
  })
})

describe('names', () => {
  it('reads task definition ARNs with and without a revision', () => {
    expect(parseTaskDefinitionRef(td('web', 42))).toEqual({ family: 'web', revision: 42 })
    expect(parseTaskDefinitionRef(td('web'))).toEqual({ family: 'web' })
    expect(parseTaskDefinitionRef('web:7')).toEqual({ family: 'web', revision: 7 })
    expect(
      parseTaskDefinitionRef('arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/my_app-2:1')
    ).toEqual({ family: 'my_app-2', revision: 1 })
    expect(parseTaskDefinitionRef('arn:aws:lambda:us-east-1:1:function:x')).toBeUndefined()
  })

  it('scopes to the cluster by ARN, or by the name at the end of the ARN', () => {
    expect(clusterScope('prod')).toEqual({ name: 'prod' })
    expect(clusterScope(CLUSTER)).toEqual({ name: 'prod', arn: CLUSTER })
    expect(clusterScope('prod', CLUSTER)).toEqual({ name: 'prod', arn: CLUSTER })
    expect(isOnCluster(clusterScope('prod'), CLUSTER)).toBe(true)
    expect(isOnCluster(clusterScope('prod'), STAGING)).toBe(false)
    expect(isOnCluster(clusterScope('prod'), 'arn:aws:ecs:us-east-1:1:cluster/preprod')).toBe(false)
    expect(isOnCluster(PROD, CLUSTER.replace('123456789012', '210987654321'))).toBe(false)
    expect(isOnCluster(PROD, undefined)).toBe(false)
  })
})
