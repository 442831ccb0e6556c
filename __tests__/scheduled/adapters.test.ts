import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand
} from '@aws-sdk/client-eventbridge'
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand
} from '@aws-sdk/client-scheduler'
import { eventBridgeAdapter } from '../../src/aws/eventbridge.js'
import { schedulerAdapter } from '../../src/aws/scheduler.js'
import { CLUSTER, ecsTarget, schedule } from './fakes.js'

const events = mockClient(EventBridgeClient)
const scheduler = mockClient(SchedulerClient)
const eventBridge = eventBridgeAdapter(new EventBridgeClient({ region: 'us-east-1' }))
const schedules = schedulerAdapter(new SchedulerClient({ region: 'us-east-1' }))

beforeEach(() => {
  events.reset()
  scheduler.reset()
})

describe('EventBridge adapter', () => {
  it('follows every page of ListRules, ListTargetsByRule and ListRuleNamesByTarget', async () => {
    events
      .on(ListRulesCommand)
      .resolvesOnce({ Rules: [{ Name: 'a' }], NextToken: 't1' })
      .resolvesOnce({ Rules: [{ Name: 'b' }] })
    events
      .on(ListTargetsByRuleCommand)
      .resolvesOnce({ Targets: [ecsTarget({ Id: '1' })], NextToken: 't2' })
      .resolvesOnce({ Targets: [ecsTarget({ Id: '2' })] })
    events
      .on(ListRuleNamesByTargetCommand)
      .resolvesOnce({ RuleNames: ['x'], NextToken: 't3' })
      .resolvesOnce({ RuleNames: ['y'], NextToken: '' })
    expect((await eventBridge.listRules({ eventBusName: 'default' })).map((r) => r.Name)).toEqual([
      'a',
      'b'
    ])
    expect(
      (await eventBridge.listTargetsByRule({ rule: 'a', eventBusName: 'orders' })).map((t) => t.Id)
    ).toEqual(['1', '2'])
    expect(
      await eventBridge.listRuleNamesByTarget({ targetArn: CLUSTER, eventBusName: 'default' })
    ).toEqual(['x', 'y'])
    const inputs = (command: Parameters<typeof events.commandCalls>[0]): unknown[] =>
      events.commandCalls(command).map((c): unknown => c.args[0].input)
    expect(inputs(ListRulesCommand)).toEqual([
      { EventBusName: 'default', Limit: 100 },
      { EventBusName: 'default', Limit: 100, NextToken: 't1' }
    ])
    expect(inputs(ListTargetsByRuleCommand)).toEqual([
      { Rule: 'a', EventBusName: 'orders', Limit: 100 },
      { Rule: 'a', EventBusName: 'orders', Limit: 100, NextToken: 't2' }
    ])
    expect(inputs(ListRuleNamesByTargetCommand)).toEqual([
      { TargetArn: CLUSTER, EventBusName: 'default', Limit: 100 },
      { TargetArn: CLUSTER, EventBusName: 'default', Limit: 100, NextToken: 't3' }
    ])
  })

  it('stops with an error, not a silent cut, after 100 pages', async () => {
    events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'a' }], NextToken: 'more' })
    await expect(eventBridge.listRules({ eventBusName: 'default' })).rejects.toThrow(
      'ListRules returned more than 100 pages; name the rules in "scheduled-tasks" instead.'
    )
    expect(events.commandCalls(ListRulesCommand)).toHaveLength(100)
  })

  it('puts the targets as given and returns the entries it did not accept', async () => {
    const target = ecsTarget()
    events
      .on(PutTargetsCommand)
      .resolvesOnce({ FailedEntryCount: 0, FailedEntries: [] })
      .resolvesOnce({
        FailedEntryCount: 1,
        FailedEntries: [{ TargetId: 'ecs-1', ErrorCode: 'X', ErrorMessage: 'no' }]
      })
    expect(
      await eventBridge.putTargets({ rule: 'nightly', eventBusName: 'default', targets: [target] })
    ).toEqual([])
    expect(
      await eventBridge.putTargets({ rule: 'nightly', eventBusName: 'default', targets: [target] })
    ).toEqual([{ TargetId: 'ecs-1', ErrorCode: 'X', ErrorMessage: 'no' }])
    expect(events.commandCalls(PutTargetsCommand)[0]?.args[0].input).toEqual({
      Rule: 'nightly',
      EventBusName: 'default',
      Targets: [target]
    })
  })
})

describe('Scheduler adapter', () => {
  it('lists the schedules of every group (no GroupName), following pages', async () => {
    scheduler
      .on(ListSchedulesCommand)
      .resolvesOnce({ Schedules: [{ Name: 'a', GroupName: 'default' }], NextToken: 'n' })
      .resolvesOnce({ Schedules: [{ Name: 'b', GroupName: 'ops' }] })
    expect((await schedules.listSchedules()).map((s) => `${s.GroupName}/${s.Name}`)).toEqual([
      'default/a',
      'ops/b'
    ])
    expect(scheduler.commandCalls(ListSchedulesCommand).map((c) => c.args[0].input)).toEqual([
      { MaxResults: 100 },
      { MaxResults: 100, NextToken: 'n' }
    ])
  })

  it('gets the schedule alone, without the request metadata, and updates it as given', async () => {
    const found = schedule()
    scheduler.on(GetScheduleCommand).resolves({ ...found, $metadata: { httpStatusCode: 200 } })
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: found.Arn })
    expect(await schedules.getSchedule({ name: 'nightly-report', groupName: 'default' })).toEqual(
      found
    )
    expect(scheduler.commandCalls(GetScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'nightly-report',
      GroupName: 'default'
    })
    const request = {
      Name: 'nightly-report',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 day)',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: { Arn: CLUSTER, RoleArn: 'arn:aws:iam::123456789012:role/r' }
    }
    expect(await schedules.updateSchedule(request)).toBe(found.Arn)
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toEqual(request)
  })
})
