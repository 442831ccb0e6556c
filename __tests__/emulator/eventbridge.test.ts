// EventBridge in the emulator, driven through the real SDK client over HTTP: ListRules,
// ListTargetsByRule, PutTargets and ListRuleNamesByTarget, their paging, errors and IAM checks.

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type Rule,
  type Target
} from '@aws-sdk/client-eventbridge'

import {
  createWorld,
  eventBridgeOperations,
  eventBridgeRulesOf,
  startEmulator,
  type EmulatorOptions,
  type EventBridgeTarget,
  type PolicyDocument,
  type PolicyStatement
} from '../../emulator/index.js'
import { AUTHORIZATION, clientSession, START, type ClientSession } from './harness.js'

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
const OTHER_CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch'
const ROLE = 'arn:aws:iam::123456789012:role/ecsEventsRole'
const TASK_DEFINITION = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`

const fargateTarget = (id: string, revision = 1): EventBridgeTarget => ({
  Id: id,
  Arn: CLUSTER,
  RoleArn: ROLE,
  Input: '{"containerOverrides":[{"name":"app","command":["npm","run","report"]}]}',
  RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
  EcsParameters: {
    TaskDefinitionArn: TASK_DEFINITION(revision),
    TaskCount: 2,
    LaunchType: 'FARGATE',
    PlatformVersion: '1.4.0',
    NetworkConfiguration: {
      awsvpcConfiguration: {
        Subnets: ['subnet-0a1b2c3d'],
        SecurityGroups: ['sg-0a1b2c3d'],
        AssignPublicIp: 'DISABLED'
      }
    },
    EnableECSManagedTags: true,
    PropagateTags: 'TASK_DEFINITION',
    Tags: [{ Key: 'team', Value: 'reports' }]
  }
})

type Session = ClientSession<EventBridgeClient>

const open = (options: Partial<EmulatorOptions> = {}): Promise<Session> =>
  clientSession((config) => new EventBridgeClient(config), options)

async function allRules(
  client: EventBridgeClient,
  input: { NamePrefix?: string; EventBusName?: string; Limit?: number } = {}
): Promise<{ rules: Rule[]; pages: number }> {
  const rules: Rule[] = []
  let pages = 0
  let token: string | undefined
  do {
    const page = await client.send(new ListRulesCommand({ ...input, NextToken: token }))
    pages++
    rules.push(...(page.Rules ?? []))
    token = page.NextToken
  } while (token !== undefined)
  return { rules, pages }
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected the call to fail')
}

const names = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `nightly-${String(index).padStart(3, '0')}`)

describe('EventBridge ListRules', () => {
  let session: Session
  beforeAll(async () => {
    session = await open({
      eventBridge: {
        rules: [
          ...names(120).map((name) => ({ name, scheduleExpression: 'cron(0 3 * * ? *)' })),
          {
            name: 'nightly-000',
            eventBusName: 'batch',
            eventPattern: '{"source":["app.batch"]}',
            state: 'DISABLED' as const,
            description: 'on another bus'
          }
        ]
      }
    })
  })
  afterAll(async () => {
    await session.close()
  })

  it('pages through 120 rules of the default bus in name order, 25 at a time', async () => {
    const { rules, pages } = await allRules(session.client)
    expect(pages).toBe(5)
    expect(rules.map((rule) => rule.Name)).toEqual(names(120))
    expect(rules[0]).toEqual({
      Name: 'nightly-000',
      Arn: 'arn:aws:events:us-east-1:123456789012:rule/nightly-000',
      State: 'ENABLED',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      EventBusName: 'default'
    })
    const small = await allRules(session.client, { Limit: 7, NamePrefix: 'nightly-01' })
    expect(small.rules.map((rule) => rule.Name)).toEqual(names(20).slice(10))
    expect(small.pages).toBe(2)
  })

  it('lists another bus by name or ARN, and refuses a bus that does not exist', async () => {
    const byName = await allRules(session.client, { EventBusName: 'batch' })
    expect(byName.rules).toEqual([
      {
        Name: 'nightly-000',
        Arn: 'arn:aws:events:us-east-1:123456789012:rule/batch/nightly-000',
        EventPattern: '{"source":["app.batch"]}',
        State: 'DISABLED',
        Description: 'on another bus',
        EventBusName: 'batch'
      }
    ])
    const byArn = await allRules(session.client, {
      EventBusName: 'arn:aws:events:us-east-1:123456789012:event-bus/batch'
    })
    expect(byArn.rules.map((rule) => rule.Arn)).toEqual(byName.rules.map((rule) => rule.Arn))
    const missing = await rejection(
      session.client.send(new ListRulesCommand({ EventBusName: 'nope' }))
    )
    expect(missing.name).toBe('ResourceNotFoundException')
  })

  it('refuses a token used with other arguments, and a Limit out of range', async () => {
    const first = await session.client.send(new ListRulesCommand({ NamePrefix: 'nightly-0' }))
    expect(first.NextToken).toBeDefined()
    const reused = await rejection(
      session.client.send(
        new ListRulesCommand({ NamePrefix: 'nightly-1', NextToken: first.NextToken })
      )
    )
    expect(reused.name).toBe('InvalidToken')
    const limit = await rejection(session.client.send(new ListRulesCommand({ Limit: 0 })))
    expect(limit.name).toBe('ValidationException')
    expect(limit.message).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    )
  })
})

describe('EventBridge ListTargetsByRule and PutTargets', () => {
  let session: Session
  afterEach(async () => {
    await session.close()
  })

  it('lists a rule’s targets; a missing rule is ResourceNotFoundException naming its bus', async () => {
    session = await open({
      eventBridge: {
        rules: [
          { name: 'report', scheduleExpression: 'rate(1 day)', targets: [fargateTarget('report')] },
          {
            name: 'cleanup',
            eventBusName: 'batch',
            eventPattern: '{"source":["app"]}',
            targets: [
              {
                Id: 'cleanup',
                Arn: CLUSTER,
                RoleArn: ROLE,
                EcsParameters: { TaskDefinitionArn: TASK_DEFINITION(1), LaunchType: 'EXTERNAL' }
              }
            ]
          }
        ]
      }
    })
    const listed = await session.client.send(new ListTargetsByRuleCommand({ Rule: 'report' }))
    expect(listed.Targets).toEqual([fargateTarget('report')])
    expect(listed.NextToken).toBeUndefined()

    const onOtherBus = await rejection(
      session.client.send(new ListTargetsByRuleCommand({ Rule: 'cleanup' }))
    )
    expect(onOtherBus.name).toBe('ResourceNotFoundException')
    expect(onOtherBus.message).toBe('Rule cleanup does not exist on EventBus default.')
    const cleanup = await session.client.send(
      new ListTargetsByRuleCommand({ Rule: 'cleanup', EventBusName: 'batch' })
    )
    // The model's default TaskCount is shown when PutTargets left it out.
    expect(cleanup.Targets?.[0]?.EcsParameters).toEqual({
      TaskDefinitionArn: TASK_DEFINITION(1),
      LaunchType: 'EXTERNAL',
      TaskCount: 1
    })
    const missing = await rejection(
      session.client.send(new ListTargetsByRuleCommand({ Rule: 'nope', EventBusName: 'batch' }))
    )
    expect(missing.message).toBe('Rule nope does not exist on EventBus batch.')
    const badName = await rejection(
      session.client.send(new ListTargetsByRuleCommand({ Rule: 'has space' }))
    )
    expect(badName.message).toBe(
      "1 validation error detected: Value 'has space' at 'rule' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"
    )
  })

  it('replaces the target with the same Id entirely and keeps the others', async () => {
    session = await open({
      eventBridge: {
        rules: [
          {
            name: 'report',
            scheduleExpression: 'rate(1 day)',
            targets: [fargateTarget('report'), fargateTarget('audit')]
          }
        ]
      }
    })
    const replacement: Target = {
      Id: 'report',
      Arn: CLUSTER,
      RoleArn: ROLE,
      EcsParameters: {
        TaskDefinitionArn: TASK_DEFINITION(2),
        LaunchType: 'FARGATE',
        NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-9z'] } }
      }
    }
    const answer = await session.client.send(
      new PutTargetsCommand({ Rule: 'report', Targets: [replacement] })
    )
    expect(answer.FailedEntryCount).toBe(0)
    expect(answer.FailedEntries).toEqual([])
    const [rule] = session.emulator.eventBridgeRules()
    // Input, RetryPolicy, TaskCount 2, tags… of the old target are gone: nothing is merged.
    expect(rule?.Targets).toEqual([
      {
        ...replacement,
        EcsParameters: { ...replacement.EcsParameters, TaskCount: 1 }
      },
      fargateTarget('audit')
    ])
    expect(session.emulator.mutatingCalls().map((call) => call.operation)).toEqual(['PutTargets'])
    expect(session.emulator.calls.at(-1)?.service).toBe('events')
  })

  it('reports per-target failures in FailedEntries and applies the other entries', async () => {
    session = await open({
      eventBridge: {
        rules: [
          {
            name: 'report',
            scheduleExpression: 'rate(1 day)',
            targets: [fargateTarget('report'), fargateTarget('flaky')]
          }
        ],
        failTargetIds: ['flaky']
      }
    })
    const answer = await session.client.send(
      new PutTargetsCommand({
        Rule: 'report',
        Targets: [fargateTarget('report', 2), fargateTarget('flaky', 2)]
      })
    )
    expect(answer.FailedEntryCount).toBe(1)
    expect(answer.FailedEntries).toEqual([
      {
        TargetId: 'flaky',
        ErrorCode: 'ConcurrentModificationException',
        ErrorMessage: expect.any(String)
      }
    ])
    const revisions = session.emulator
      .eventBridgeRules()[0]
      ?.Targets.map(
        (target) => (target.EcsParameters as { TaskDefinitionArn: string }).TaskDefinitionArn
      )
    expect(revisions).toEqual([TASK_DEFINITION(2), TASK_DEFINITION(1)])
  })

  it('refuses an invalid ECS target as a whole and changes nothing', async () => {
    session = await open({
      eventBridge: {
        rules: [
          { name: 'report', scheduleExpression: 'rate(1 day)', targets: [fargateTarget('report')] }
        ]
      }
    })
    const before = session.emulator.eventBridgeRules()
    const put = (targets: Target[]) =>
      rejection(session.client.send(new PutTargetsCommand({ Rule: 'report', Targets: targets })))

    const noNetwork = await put([
      fargateTarget('ok', 2),
      {
        Id: 'report',
        Arn: CLUSTER,
        RoleArn: ROLE,
        EcsParameters: { TaskDefinitionArn: TASK_DEFINITION(2), LaunchType: 'FARGATE' }
      }
    ])
    expect(noNetwork.name).toBe('ValidationException')
    expect(noNetwork.message).toContain('NetworkConfiguration')
    expect(noNetwork.message).toContain('report')

    const serviceArn = await put([
      { ...fargateTarget('report', 2), Arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web' }
    ])
    expect(serviceArn.name).toBe('ValidationException')

    const both = await put([
      {
        ...fargateTarget('report', 2),
        EcsParameters: {
          ...(fargateTarget('report', 2).EcsParameters as object),
          TaskDefinitionArn: TASK_DEFINITION(2),
          CapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
        }
      }
    ])
    expect(both.name).toBe('ValidationException')

    const noTaskDefinition = await put([
      { Id: 'report', Arn: CLUSTER, RoleArn: ROLE, EcsParameters: {} as never }
    ])
    expect(noTaskDefinition.message).toBe(
      "1 validation error detected: Value null at 'targets.1.member.ecsParameters.taskDefinitionArn' failed to satisfy constraint: Member must not be null"
    )

    const tooMany = await put(['a', 'b', 'c', 'd', 'e'].map((id) => fargateTarget(id)))
    expect(tooMany.name).toBe('LimitExceededException')

    const missingRule = await rejection(
      session.client.send(new PutTargetsCommand({ Rule: 'nope', Targets: [fargateTarget('x')] }))
    )
    expect(missingRule.message).toBe('Rule nope does not exist on EventBus default.')

    expect(session.emulator.eventBridgeRules()).toEqual(before)
  })
})

describe('EventBridge ListRuleNamesByTarget', () => {
  it('pages the rules whose targets name an ARN, bus by bus', async () => {
    const session = await open({
      eventBridge: {
        pageSize: 10,
        rules: [
          ...names(23).map((name, index) => ({
            name,
            scheduleExpression: 'rate(1 hour)',
            targets: [{ ...fargateTarget('t'), Arn: index % 2 === 0 ? CLUSTER : OTHER_CLUSTER }]
          })),
          {
            name: 'elsewhere',
            eventBusName: 'batch',
            eventPattern: '{"source":["app"]}',
            targets: [fargateTarget('t')]
          }
        ]
      }
    })
    try {
      const found: string[] = []
      let token: string | undefined
      let pages = 0
      do {
        const page = await session.client.send(
          new ListRuleNamesByTargetCommand({ TargetArn: CLUSTER, NextToken: token })
        )
        found.push(...(page.RuleNames ?? []))
        token = page.NextToken
        pages++
      } while (token !== undefined)
      expect(found).toEqual(names(23).filter((_, index) => index % 2 === 0))
      expect(pages).toBe(2)
      const onBatch = await session.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: CLUSTER, EventBusName: 'batch' })
      )
      expect(onBatch.RuleNames).toEqual(['elsewhere'])
      const none = await session.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: 'arn:aws:sqs:us-east-1:123456789012:q' })
      )
      expect(none.RuleNames).toEqual([])
    } finally {
      await session.close()
    }
  })
})

describe('EventBridge under an IAM policy', () => {
  const policy = (extra: PolicyStatement[]): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow' as const, Action: ['events:List*'], Resource: '*' }, ...extra]
  })
  const rules = {
    rules: [
      { name: 'report', scheduleExpression: 'rate(1 day)', targets: [fargateTarget('report')] }
    ]
  }

  it('needs events:PutTargets on the rule and iam:PassRole on the target’s role', async () => {
    const noPut = await open({ eventBridge: rules, policy: policy([]) })
    try {
      const denied = await rejection(
        noPut.client.send(
          new PutTargetsCommand({ Rule: 'report', Targets: [fargateTarget('report', 2)] })
        )
      )
      expect(denied.name).toBe('AccessDeniedException')
      expect(denied.message).toBe(
        'User: arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: events:PutTargets on resource: arn:aws:events:us-east-1:123456789012:rule/report because no identity-based policy allows the events:PutTargets action'
      )
    } finally {
      await noPut.close()
    }

    const noPass = await open({
      eventBridge: rules,
      policy: policy([
        {
          Effect: 'Allow',
          Action: 'events:PutTargets',
          Resource: 'arn:aws:events:us-east-1:123456789012:rule/report'
        }
      ])
    })
    try {
      const denied = await rejection(
        noPass.client.send(
          new PutTargetsCommand({ Rule: 'report', Targets: [fargateTarget('report', 2)] })
        )
      )
      expect(denied.message).toContain(`iam:PassRole on resource: ${ROLE}`)
      expect(noPass.emulator.eventBridgeRules()[0]?.Targets).toEqual([fargateTarget('report')])
    } finally {
      await noPass.close()
    }

    const allowed = await open({
      eventBridge: rules,
      policy: policy([
        { Effect: 'Allow', Action: 'events:PutTargets', Resource: 'arn:aws:events:*:*:rule/*' },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: ROLE,
          Condition: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } }
        }
      ])
    })
    try {
      const answer = await allowed.client.send(
        new PutTargetsCommand({ Rule: 'report', Targets: [fargateTarget('report', 2)] })
      )
      expect(answer.FailedEntryCount).toBe(0)
    } finally {
      await allowed.close()
    }
  })
})

describe('EventBridge on the wire', () => {
  it('speaks awsJson1_1 under the AWSEvents prefix, scoped to the events signing name', async () => {
    const session = await open()
    try {
      const post = (target: string, service: string) =>
        fetch(`${session.emulator.url}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': target,
            authorization: AUTHORIZATION(service)
          },
          body: '{}'
        })
      const ok = await post('AWSEvents.ListRules', 'events')
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1')
      expect(await ok.json()).toEqual({ Rules: [] })
      const wrongScope = await post('AWSEvents.ListRules', 'ecs')
      expect(wrongScope.status).toBe(403)
      const unknown = await post('AWSEvents.DeleteRule', 'events')
      expect(((await unknown.json()) as { __type: string }).__type).toBe(
        'UnknownOperationException'
      )
      const typo = await fetch(`${session.emulator.url}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSEvents.ListRules', authorization: AUTHORIZATION('events') },
        body: '{"Limit":"ten"}'
      })
      expect(await typo.json()).toEqual({
        __type: 'SerializationException',
        Message: 'class java.lang.String can not be converted to an Integer'
      })
    } finally {
      await session.close()
    }
  })

  it('refuses seeds that PutTargets would refuse', async () => {
    await expect(
      startEmulator({
        scenario: 'success',
        eventBridge: {
          rules: [
            {
              name: 'bad',
              scheduleExpression: 'rate(1 day)',
              targets: [
                {
                  Id: 'x',
                  Arn: CLUSTER,
                  EcsParameters: { TaskDefinitionArn: TASK_DEFINITION(1), LaunchType: 'FARGATE' }
                }
              ]
            }
          ]
        }
      })
    ).rejects.toThrow(/eventBridge\.rules\[0\]\.targets: .*NetworkConfiguration/)
    await expect(
      startEmulator({ scenario: 'success', eventBridge: { rules: [{ name: 'bare' }] } })
    ).rejects.toThrow(/scheduleExpression or an eventPattern/)
  })
})

describe('EventBridge in a world without the server', () => {
  it('seeds createWorld and answers operations called directly', () => {
    const world = createWorld({
      scenario: 'success',
      start: START / 1000,
      eventBridge: {
        rules: [
          { name: 'report', scheduleExpression: 'rate(1 day)', targets: [fargateTarget('r')] }
        ]
      }
    })
    const caller = 'arn:aws:iam::123456789012:user/test'
    eventBridgeOperations.PutTargets?.handle({
      world,
      caller,
      body: { Rule: 'report', Targets: [fargateTarget('r', 3)] }
    })
    const [rule] = eventBridgeRulesOf(world)
    expect(rule?.Targets.map((target) => target.EcsParameters)).toEqual([
      fargateTarget('r', 3).EcsParameters
    ])
  })
})
