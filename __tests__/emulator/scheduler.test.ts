// EventBridge Scheduler in the emulator, driven through the real SDK client over HTTP
// (restJson1): ListSchedules, GetSchedule and UpdateSchedule, their paging, errors and IAM checks.

import { afterEach, describe, expect, it } from '@jest/globals'
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  paginateListSchedules,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleCommandOutput,
  type ScheduleSummary,
  type UpdateScheduleCommandInput
} from '@aws-sdk/client-scheduler'

import { type EmulatorOptions, type ScheduleSeed } from '../../emulator/index.js'
import { AUTHORIZATION, clientSession, START, type ClientSession } from './harness.js'

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
const ROLE = 'arn:aws:iam::123456789012:role/scheduler-run-task'
const TASK_DEFINITION = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
const DAY_MS = 86_400_000

const migration = (name: string, extra: Partial<ScheduleSeed> = {}): ScheduleSeed => ({
  Name: name,
  ScheduleExpression: 'cron(30 2 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Berlin',
  Description: 'nightly migration',
  StartDate: new Date('2035-01-01T00:00:00Z'),
  FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
  ActionAfterCompletion: 'NONE',
  Target: {
    Arn: CLUSTER,
    RoleArn: ROLE,
    Input: '{"containerOverrides":[{"name":"app","command":["npm","run","migrate"]}]}',
    RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:scheduler-dlq' },
    EcsParameters: {
      TaskDefinitionArn: TASK_DEFINITION(1),
      TaskCount: 1,
      CapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      NetworkConfiguration: {
        awsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d'], AssignPublicIp: 'DISABLED' }
      },
      EnableExecuteCommand: true,
      Tags: [{ team: 'data' }]
    }
  },
  ...extra
})

type Session = ClientSession<SchedulerClient>

const sessions: Session[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

async function open(options: Partial<EmulatorOptions> = {}): Promise<Session> {
  const session = await clientSession((config) => new SchedulerClient(config), options)
  sessions.push(session)
  return session
}

/** A copy without the named members. */
const without = (value: object, ...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)))

/** Everything GetSchedule returns for batch/migrate, but the members UpdateSchedule does not take. */
async function readBack(
  session: Session
): Promise<{ before: GetScheduleCommandOutput; definition: UpdateScheduleCommandInput }> {
  const before = await session.client.send(
    new GetScheduleCommand({ Name: 'migrate', GroupName: 'batch' })
  )
  const definition = without(
    before,
    '$metadata',
    'Arn',
    'CreationDate',
    'LastModificationDate'
  ) as unknown as UpdateScheduleCommandInput
  return { before, definition }
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected the call to fail')
}

const statusOf = (error: Record<string, unknown>): number | undefined =>
  (error.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode

const names = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `job-${String(index).padStart(3, '0')}`)

describe('Scheduler ListSchedules', () => {
  it('pages 120 schedules 25 at a time and filters by group, prefix and state', async () => {
    const session = await open({
      scheduler: {
        schedules: [
          ...names(120).map((name, index) =>
            migration(name, { State: index % 10 === 0 ? 'DISABLED' : 'ENABLED' })
          ),
          migration('job-000', { GroupName: 'batch' })
        ],
        groups: ['empty']
      }
    })
    const summaries: ScheduleSummary[] = []
    let pages = 0
    for await (const page of paginateListSchedules({ client: session.client }, {})) {
      summaries.push(...(page.Schedules ?? []))
      pages++
    }
    expect(pages).toBe(5)
    expect(summaries.map((summary) => `${summary.GroupName}/${summary.Name}`)).toEqual([
      'batch/job-000',
      'default/job-000',
      ...names(120)
        .slice(1)
        .map((name) => `default/${name}`)
    ])
    expect(summaries[1]).toEqual({
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/job-000',
      Name: 'job-000',
      GroupName: 'default',
      State: 'DISABLED',
      CreationDate: new Date(START - 30 * DAY_MS),
      LastModificationDate: new Date(START - 30 * DAY_MS),
      // A summary shows only the target's ARN.
      Target: { Arn: CLUSTER }
    })

    const batch = await session.client.send(new ListSchedulesCommand({ GroupName: 'batch' }))
    expect(batch.Schedules?.map((summary) => summary.Arn)).toEqual([
      'arn:aws:scheduler:us-east-1:123456789012:schedule/batch/job-000'
    ])
    const prefixed = await session.client.send(
      new ListSchedulesCommand({ NamePrefix: 'job-11', GroupName: 'default', MaxResults: 4 })
    )
    expect(prefixed.Schedules?.map((summary) => summary.Name)).toEqual(names(114).slice(110))
    expect(prefixed.NextToken).toBeDefined()
    const disabled: string[] = []
    for await (const page of paginateListSchedules(
      { client: session.client },
      { State: 'DISABLED' }
    )) {
      disabled.push(...(page.Schedules ?? []).map((summary) => summary.Name ?? ''))
    }
    expect(disabled).toEqual(names(120).filter((_, index) => index % 10 === 0))
    const empty = await session.client.send(new ListSchedulesCommand({ GroupName: 'empty' }))
    expect(empty.Schedules).toEqual([])
    const missing = await rejection(
      session.client.send(new ListSchedulesCommand({ GroupName: 'nope' }))
    )
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(statusOf(missing)).toBe(404)
  })

  it('sends the query members the SDK names, and refuses a token for another query', async () => {
    const session = await open({
      scheduler: { schedules: names(30).map((name) => migration(name)) }
    })
    const first = await session.client.send(new ListSchedulesCommand({ NamePrefix: 'job-0' }))
    expect(session.emulator.calls.at(-1)?.input).toEqual({ NamePrefix: 'job-0' })
    const reused = await rejection(
      session.client.send(
        new ListSchedulesCommand({ NamePrefix: 'job-1', NextToken: first.NextToken })
      )
    )
    expect(reused.name).toBe('ValidationException')
    expect(statusOf(reused)).toBe(400)
  })
})

describe('Scheduler GetSchedule and UpdateSchedule', () => {
  it('returns the whole schedule; a missing schedule or group is ResourceNotFoundException 404', async () => {
    const session = await open({
      scheduler: { schedules: [migration('migrate'), migration('cleanup', { GroupName: 'batch' })] }
    })
    const schedule = await session.client.send(new GetScheduleCommand({ Name: 'migrate' }))
    const output = without(schedule, '$metadata')
    const seeded = without(migration('migrate'), 'Name')
    expect(output).toEqual({
      ...seeded,
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/migrate',
      Name: 'migrate',
      GroupName: 'default',
      State: 'ENABLED',
      CreationDate: new Date(START - 30 * DAY_MS),
      LastModificationDate: new Date(START - 30 * DAY_MS)
    })
    expect(session.emulator.schedules()[1]).toEqual(output)

    const inOtherGroup = await rejection(
      session.client.send(new GetScheduleCommand({ Name: 'cleanup' }))
    )
    expect(inOtherGroup.name).toBe('ResourceNotFoundException')
    expect(inOtherGroup.message).toBe('Schedule cleanup does not exist.')
    expect(statusOf(inOtherGroup)).toBe(404)
    const cleanup = await session.client.send(
      new GetScheduleCommand({ Name: 'cleanup', GroupName: 'batch' })
    )
    expect(cleanup.GroupName).toBe('batch')
    const noGroup = await rejection(
      session.client.send(new GetScheduleCommand({ Name: 'cleanup', GroupName: 'nope' }))
    )
    expect(statusOf(noGroup)).toBe(404)
  })

  it('replaces the whole schedule: omitted fields are cleared, CreationDate stays', async () => {
    const session = await open({ scheduler: { schedules: [migration('migrate')] } })
    session.advance(600)
    await session.client.send(
      new UpdateScheduleCommand({
        Name: 'migrate',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: CLUSTER,
          RoleArn: ROLE,
          EcsParameters: { TaskDefinitionArn: TASK_DEFINITION(2) }
        }
      })
    )
    const [schedule] = session.emulator.schedules()
    expect(schedule).toEqual({
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/migrate',
      Name: 'migrate',
      GroupName: 'default',
      ScheduleExpression: 'rate(1 day)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      // System defaults: the schedule is enabled, the target retries for a day, 185 times.
      State: 'ENABLED',
      Target: {
        Arn: CLUSTER,
        RoleArn: ROLE,
        EcsParameters: { TaskDefinitionArn: TASK_DEFINITION(2) },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 }
      },
      CreationDate: new Date(START - 30 * DAY_MS),
      LastModificationDate: new Date(START + 600_000)
    })
    expect(session.emulator.mutatingCalls().map((call) => call.operation)).toEqual([
      'UpdateSchedule'
    ])
  })

  it('refuses a StartDate more than five minutes in the past, as Scheduler does', async () => {
    const session = await open({
      scheduler: { schedules: [migration('migrate', { GroupName: 'batch' })] }
    })
    const { definition } = await readBack(session)
    const refused = await rejection(
      session.client.send(
        new UpdateScheduleCommand({
          ...definition,
          StartDate: new Date(session.now() - 6 * 60_000)
        })
      )
    )
    expect([refused.name, refused.message]).toEqual([
      'ValidationException',
      'The StartDate you specify cannot be earlier than 5 minutes ago.'
    ])
    const within = { ...definition, StartDate: new Date(session.now() - 4 * 60_000) }
    await expect(session.client.send(new UpdateScheduleCommand(within))).resolves.toBeDefined()
  })

  it('keeps every other field when the whole schedule read by GetSchedule is sent back', async () => {
    const session = await open({
      scheduler: { schedules: [migration('migrate', { GroupName: 'batch' })] }
    })
    const { before, definition } = await readBack(session)
    const target = definition.Target
    if (target?.EcsParameters === undefined) throw new Error('no ECS target')
    const answer = await session.client.send(
      new UpdateScheduleCommand({
        ...definition,
        Target: {
          ...target,
          EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: TASK_DEFINITION(2) }
        }
      })
    )
    expect(answer.ScheduleArn).toBe(
      'arn:aws:scheduler:us-east-1:123456789012:schedule/batch/migrate'
    )
    const after = await session.client.send(
      new GetScheduleCommand({ Name: 'migrate', GroupName: 'batch' })
    )
    expect({ ...after, $metadata: undefined }).toEqual({
      ...before,
      $metadata: undefined,
      LastModificationDate: new Date(session.now()),
      Target: {
        ...target,
        EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: TASK_DEFINITION(2) }
      }
    })
  })

  it('validates the required members and refuses an unknown schedule or group', async () => {
    const session = await open({ scheduler: { schedules: [migration('migrate')] } })
    const update = (input: Partial<UpdateScheduleCommandInput>) =>
      rejection(
        session.client.send(
          new UpdateScheduleCommand({
            Name: 'migrate',
            ScheduleExpression: 'rate(1 day)',
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: CLUSTER, RoleArn: ROLE },
            ...input
          })
        )
      )
    const noWindow = await update({ FlexibleTimeWindow: undefined })
    expect(noWindow.name).toBe('ValidationException')
    expect(statusOf(noWindow)).toBe(400)
    expect(noWindow.message).toBe(
      "1 validation error detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null"
    )
    const noRole = await update({
      Target: { Arn: CLUSTER } as never,
      ScheduleExpression: undefined
    })
    expect(noRole.message).toBe(
      "2 validation errors detected: Value null at 'scheduleExpression' failed to satisfy constraint: Member must not be null; Value null at 'target.roleArn' failed to satisfy constraint: Member must not be null"
    )
    const nestedRole = await update({
      Target: { Arn: CLUSTER, RoleArn: 'arn:aws:iam::123456789012:user/deploy' }
    })
    expect(nestedRole.message).toContain("at 'target.roleArn' failed to satisfy constraint")
    const badExpression = await update({ ScheduleExpression: 'every day' })
    expect(badExpression.message).toBe('Invalid Schedule Expression every day')
    const missing = await update({ Name: 'nope' })
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.message).toBe('Schedule nope does not exist.')
    const noGroup = await update({ GroupName: 'nope' })
    expect(statusOf(noGroup)).toBe(404)
    // Nothing changed.
    expect(session.emulator.schedules()[0]?.ScheduleExpression).toBe('cron(30 2 * * ? *)')
  })
})

describe('Scheduler under an IAM policy and on the wire', () => {
  const allowReads = {
    Effect: 'Allow' as const,
    Action: ['scheduler:GetSchedule', 'scheduler:ListSchedules'],
    Resource: '*'
  }
  const update = (session: Session) =>
    rejection(
      session.client.send(
        new UpdateScheduleCommand({
          Name: 'migrate',
          ScheduleExpression: 'rate(1 day)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: CLUSTER, RoleArn: ROLE }
        })
      )
    )

  it('needs scheduler:UpdateSchedule on the schedule and iam:PassRole on its role', async () => {
    const noUpdate = await open({
      scheduler: { schedules: [migration('migrate')] },
      policy: { Statement: [allowReads] }
    })
    const denied = await update(noUpdate)
    expect(denied.name).toBe('AccessDeniedException')
    expect(statusOf(denied)).toBe(403)
    expect(denied.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: scheduler:UpdateSchedule on resource: arn:aws:scheduler:us-east-1:123456789012:schedule/default/migrate because no identity-based policy allows the scheduler:UpdateSchedule action'
    )
    const noPass = await open({
      scheduler: { schedules: [migration('migrate')] },
      policy: {
        Statement: [
          allowReads,
          {
            Effect: 'Allow',
            Action: 'scheduler:UpdateSchedule',
            Resource: 'arn:aws:scheduler:*:*:schedule/default/*'
          }
        ]
      }
    })
    const passDenied = await update(noPass)
    expect(passDenied.message).toContain(`iam:PassRole on resource: ${ROLE}`)
    const allowed = await open({
      scheduler: { schedules: [migration('migrate')] },
      policy: {
        Statement: [
          allowReads,
          { Effect: 'Allow', Action: 'scheduler:UpdateSchedule', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: 'arn:aws:iam::*:role/*',
            Condition: { StringLike: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }
          }
        ]
      }
    })
    const answer = await allowed.client.send(
      new UpdateScheduleCommand({
        Name: 'migrate',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: CLUSTER, RoleArn: ROLE }
      })
    )
    expect(answer.ScheduleArn).toContain('schedule/default/migrate')
  })

  it('answers restJson1: x-amzn-errortype and {"Message"}; throttling is 429', async () => {
    const session = await open({
      scheduler: { schedules: [migration('migrate')] },
      faults: [{ kind: 'throttle', services: ['scheduler'], operations: ['ListSchedules'] }]
    })
    const get = (path: string, service = 'scheduler') =>
      fetch(`${session.emulator.url}${path}`, {
        headers: { authorization: AUTHORIZATION(service) }
      })
    const missing = await get('/schedules/nope')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(await missing.json()).toEqual({ Message: 'Schedule nope does not exist.' })
    const found = await get('/schedules/migrate?groupName=default')
    expect(found.headers.get('content-type')).toBe('application/json')
    const body = (await found.json()) as Record<string, unknown>
    expect(body.CreationDate).toBe((START - 30 * DAY_MS) / 1000)
    expect(body.StartDate).toBe(Date.parse('2035-01-01T00:00:00Z') / 1000)
    expect((await get('/schedules/migrate', 'events')).status).toBe(403)
    expect((await get('/schedule-groups')).status).toBe(404)

    const throttled = await rejection(session.client.send(new ListSchedulesCommand({})))
    expect(throttled.name).toBe('ThrottlingException')
    expect(statusOf(throttled)).toBe(429)
    const control = await fetch(`${session.emulator.url}/__emulator/scenario`)
    expect(control.status).toBe(200)
  })
})
