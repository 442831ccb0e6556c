/**
 * Scheduled tasks (issue 8): EventBridge rule targets and EventBridge Scheduler schedules move to the
 * new revision after a successful deploy, keeping every other field; the bundled action against
 * the emulator. Independent runs go side by side.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  operations
} from '../../__fixtures__/e2e.js'
import type {
  EmulatorOptions,
  PolicyDocument,
  PolicyStatement,
  ScenarioName
} from '../../emulator/index.js'

afterAll(closeEmulators)

const ACCOUNT = '123456789012'
const PROD = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`
const STAGING = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/staging`
const td = (revision?: number, family = 'web'): string =>
  `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${family}${revision === undefined ? '' : `:${revision}`}`
const EVENTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsEventsRole`
const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecs-scheduler-role`
const NETWORK = {
  awsvpcConfiguration: {
    Subnets: ['subnet-0123456789abcdef0'],
    SecurityGroups: ['sg-0123456789abcdef0'],
    AssignPublicIp: 'DISABLED'
  }
}

/** A Fargate target with overrides in Input: the shape a console-made ECS cron has. */
const fargate = (id: string, cluster = PROD, taskDefinitionArn = td(1)) => ({
  Id: id,
  Arn: cluster,
  RoleArn: EVENTS_ROLE,
  Input: '{"containerOverrides":[{"name":"app","command":["npm","run","migrate"]}]}',
  RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
  EcsParameters: {
    TaskDefinitionArn: taskDefinitionArn,
    TaskCount: 1,
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    NetworkConfiguration: NETWORK,
    EnableECSManagedTags: true,
    PropagateTags: 'TASK_DEFINITION',
    Tags: [{ Key: 'job', Value: id }]
  }
})

/** A schedule with every optional field set, so that losing one shows. */
const fullSchedule = (name: string, group = 'default', cluster = PROD) => ({
  Name: name,
  GroupName: group,
  Description: `The ${name} job`,
  ScheduleExpression: 'cron(15 3 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Paris',
  // Still to come, so it is sent back; one that passed is not (see below).
  StartDate: new Date('2035-01-01T00:00:00Z'),
  EndDate: new Date('2036-01-01T00:00:00Z'),
  State: 'ENABLED' as const,
  KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  ActionAfterCompletion: 'NONE' as const,
  FlexibleTimeWindow: { Mode: 'FLEXIBLE' as const, MaximumWindowInMinutes: 15 },
  Target: {
    Arn: cluster,
    RoleArn: SCHEDULER_ROLE,
    Input: '{"containerOverrides":[{"name":"app","command":["npm","run","report"]}]}',
    RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
    DeadLetterConfig: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:scheduler-dlq` },
    EcsParameters: {
      TaskDefinitionArn: td(1),
      TaskCount: 2,
      LaunchType: 'FARGATE',
      PlatformVersion: '1.4.0',
      Group: 'reports',
      NetworkConfiguration: NETWORK,
      EnableECSManagedTags: true,
      EnableExecuteCommand: false,
      PropagateTags: 'TASK_DEFINITION',
      ReferenceId: name,
      Tags: [{ team: 'data' }]
    }
  }
})

/** Rules and schedules on prod and staging, of web and of another family. */
const SEEDS: Partial<EmulatorOptions> = {
  eventBridge: {
    rules: [
      {
        name: 'nightly-migrate',
        scheduleExpression: 'cron(0 2 * * ? *)',
        targets: [fargate('migrate')]
      },
      {
        name: 'hourly',
        scheduleExpression: 'rate(1 hour)',
        targets: [
          {
            Id: 'ec2',
            Arn: PROD,
            RoleArn: EVENTS_ROLE,
            EcsParameters: {
              TaskDefinitionArn: td(1),
              CapacityProviderStrategy: [{ capacityProvider: 'ec2-spot', weight: 1 }],
              PlacementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
              PlacementConstraints: [{ type: 'distinctInstance' }]
            }
          },
          {
            Id: 'anywhere',
            Arn: PROD,
            RoleArn: EVENTS_ROLE,
            InputPath: '$.detail',
            EcsParameters: { TaskDefinitionArn: td(1), LaunchType: 'EXTERNAL' }
          }
        ]
      },
      {
        name: 'latest',
        scheduleExpression: 'rate(1 day)',
        targets: [fargate('latest', PROD, td())]
      },
      {
        name: 'staging-nightly',
        scheduleExpression: 'rate(1 day)',
        targets: [fargate('staging', STAGING)]
      },
      {
        name: 'billing',
        scheduleExpression: 'rate(1 day)',
        targets: [fargate('billing', PROD, td(4, 'billing'))]
      },
      {
        name: 'cleanup',
        eventBusName: 'orders',
        eventPattern: '{"source":["shop.orders"]}',
        targets: [fargate('cleanup')]
      }
    ]
  },
  scheduler: {
    schedules: [fullSchedule('report', 'ops'), fullSchedule('staging-report', 'default', STAGING)]
  }
}

const NAMED = { ...DEPLOY, 'scheduled-tasks': 'rule/orders/cleanup\nschedule/ops/report' }
const ALL = { ...NAMED, 'update-scheduled-tasks-for-family': 'true' }

interface Updated {
  kind: string
  name: string
  eventBusName?: string
  groupName?: string
  targetId?: string
  from: string
  to: string
}
const updated = (outputs: Record<string, string>): Updated[] =>
  JSON.parse(outputs['scheduled-tasks-updated'] ?? 'null') as Updated[]

const readPolicy = (name: string): PolicyStatement[] => {
  const document = JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../policies/${name}.json`, import.meta.url)), 'utf8')
  ) as PolicyDocument
  return Array.isArray(document.Statement)
    ? [...(document.Statement as PolicyStatement[])]
    : [document.Statement as PolicyStatement]
}
/** The documented policies, with one action taken out of scheduled-tasks.json's statement `sid`. */
function policyWithout(sid: string, action: string): PolicyDocument {
  const scheduled = readPolicy('scheduled-tasks').flatMap((statement) => {
    if (statement.Sid !== sid) return [statement]
    const actions =
      typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action]
    const left = actions.filter((a) => a !== action)
    return left.length === 0 ? [] : [{ ...statement, Action: left }]
  })
  const others = ['core', 'service-deployments', 'stopped-tasks', 'logs', 'ecr'].flatMap(readPolicy)
  return { Version: '2012-10-17', Statement: [...others, ...scheduled] }
}

const run = (
  scenario: ScenarioName,
  inputs: Record<string, string>,
  emulator: Partial<EmulatorOptions> = {}
) => deploy(scenario, { inputs, emulator: { ...SEEDS, ...emulator } })

type Run = Awaited<ReturnType<typeof run>>
const targetsOf = (r: Run, rule: string, bus = 'default') =>
  r.emulator.eventBridgeRules().find((x) => x.Name === rule && x.EventBusName === bus)?.Targets ??
  []
const ecsArns = (r: Run, rule: string, bus = 'default') =>
  targetsOf(r, rule, bus).map(
    (t) => (t.EcsParameters as { TaskDefinitionArn?: string } | undefined)?.TaskDefinitionArn
  )
const scheduleOf = (r: Run, name: string, group = 'default') =>
  r.emulator.schedules().find((s) => s.Name === name && s.GroupName === group)
const WRITES = ['PutTargets', 'UpdateSchedule']
const writes = (r: Run) => operations(r.emulator).filter((o) => WRITES.includes(o))

describe('scheduled tasks', () => {
  it('named and found targets move after success; every field stays; the rest stays where it was', async () => {
    const [named, all, fullPolicy, baseline] = await Promise.all([
      run('success', NAMED),
      run('success', ALL),
      run('success', ALL, { policy: policyWithout('none', 'none') }),
      run('success', { ...ALL, 'dry-run': 'true' })
    ])
    for (const r of [named, all, fullPolicy]) expectExit(r, 0)

    // Named only: exactly those two.
    expect(updated(named.outputs)).toEqual([
      {
        kind: 'rule',
        eventBusName: 'orders',
        name: 'cleanup',
        targetId: 'cleanup',
        from: td(1),
        to: td(2)
      },
      { kind: 'schedule', groupName: 'ops', name: 'report', from: td(1), to: td(2) }
    ])
    expect(ecsArns(named, 'nightly-migrate')).toEqual([td(1)])

    // With the family: the prod targets of web too, one PutTargets each, in a stable order.
    expect(
      updated(all.outputs).map(
        (u) => `${u.kind} ${u.eventBusName ?? u.groupName ?? ''}/${u.name} ${u.targetId ?? ''}`
      )
    ).toEqual([
      'rule orders/cleanup cleanup',
      'schedule ops/report ',
      'rule default/hourly anywhere',
      'rule default/hourly ec2',
      'rule default/nightly-migrate migrate'
    ])
    expect(writes(all)).toEqual([
      'PutTargets',
      'UpdateSchedule',
      'PutTargets',
      'PutTargets',
      'PutTargets'
    ])
    // After the service rollout and its registration.
    expect(operations(all.emulator).slice(0, 2)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService'
    ])
    expect(ecsArns(all, 'hourly')).toEqual([td(2), td(2)])
    // Every field of the targets kept, as AWS holds them (a dry run changes nothing): only the
    // task definition differs.
    const moved = (targets: ReturnType<typeof targetsOf>) =>
      targets.map((t) => ({
        ...t,
        EcsParameters: { ...(t.EcsParameters as object), TaskDefinitionArn: td(2) }
      }))
    for (const rule of ['hourly', 'nightly-migrate']) {
      expect(targetsOf(all, rule)).toEqual(moved(targetsOf(baseline, rule)))
    }
    expect(targetsOf(baseline, 'hourly')[0]?.EcsParameters).toMatchObject({
      CapacityProviderStrategy: [{ capacityProvider: 'ec2-spot', weight: 1 }],
      PlacementConstraints: [{ type: 'distinctInstance' }]
    })
    // Staging, another family, and a target that follows the latest revision: untouched.
    expect(ecsArns(all, 'staging-nightly')).toEqual([td(1)])
    expect(ecsArns(all, 'billing')).toEqual([td(4, 'billing')])
    expect(ecsArns(all, 'latest')).toEqual([td()])
    expect(scheduleOf(all, 'staging-report')?.Target.EcsParameters).toMatchObject({
      TaskDefinitionArn: td(1)
    })

    // One line per target; a table in the summary.
    expect(all.log).toContain('rule/default/nightly-migrate target migrate: web:1 → web:2')
    expect(all.log).toContain('schedule/ops/report: web:1 → web:2')
    expect(all.log).toContain(
      'rule/default/latest target latest: names web without a revision, so it follows the latest revision; left alone'
    )
    expect(all.summary).toContain('<h3>Scheduled tasks</h3>')
    expect(all.summary).toContain(
      '<td>schedule/ops/report</td><td>web:1</td><td>web:2</td><td>updated</td>'
    )

    // Under exactly the documented policies nothing is denied.
    expect(fullPolicy.emulator.calls.filter((c) => c.error === 'AccessDeniedException')).toEqual([])
    expect(updated(fullPolicy.outputs)).toHaveLength(5)
  }, 60_000)

  it('a schedule keeps every other field through UpdateSchedule', async () => {
    const r = await run('success', NAMED)
    expectExit(r, 0)
    const before = fullSchedule('report', 'ops')
    const after = scheduleOf(r, 'report', 'ops')
    if (after === undefined) throw new Error('the report schedule is gone')
    const { Arn, LastModificationDate, CreationDate, ...rest } = after
    expect(Arn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/ops/report`)
    expect(LastModificationDate.getTime()).toBeGreaterThan(CreationDate.getTime())
    expect(rest).toEqual({
      ...before,
      Target: {
        ...before.Target,
        EcsParameters: { ...before.Target.EcsParameters, TaskDefinitionArn: td(2) }
      }
    })
  }, 60_000)

  it('a schedule whose StartDate has passed moves without it (Scheduler refuses one older than 5 minutes)', async () => {
    const started = {
      ...fullSchedule('report', 'ops'),
      StartDate: new Date('2024-01-01T00:00:00Z')
    }
    const r = await run('success', NAMED, { scheduler: { schedules: [started] } })
    expectExit(r, 0)
    const after = scheduleOf(r, 'report', 'ops')
    expect(after?.StartDate).toBeUndefined()
    expect(after?.EndDate).toEqual(started.EndDate)
    expect((after?.Target.EcsParameters as { TaskDefinitionArn?: string }).TaskDefinitionArn).toBe(
      td(2)
    )
  }, 60_000)

  it('nothing moves after a rollback, in a dry run, or when a named rule does not exist', async () => {
    const [rollback, dryRun, missing] = await Promise.all([
      run('circuit-breaker-rollback', ALL),
      run('success', { ...ALL, 'dry-run': 'true' }),
      run('success', { ...DEPLOY, 'scheduled-tasks': 'schedule/ops/report\nrule/nightly-migrat' })
    ])
    expectExit(rollback, 1)
    expect(rollback.outputs.verdict).toBe('rolled-back')
    expect(writes(rollback)).toEqual([])
    expect(updated(rollback.outputs)).toEqual([])
    expect(rollback.log).toContain(
      'Scheduled tasks stay on their revisions: they move only once every service succeeded, and web rolled-back.'
    )
    expect(scheduleOf(rollback, 'report', 'ops')?.Target.EcsParameters).toMatchObject({
      TaskDefinitionArn: td(1)
    })

    expectExit(dryRun, 0)
    expect(operations(dryRun.emulator)).toEqual([])
    expect(dryRun.log).toContain(
      'would move rule/default/nightly-migrate target migrate: web:1 → the new revision of web'
    )
    expect(dryRun.log).toContain('would move schedule/ops/report: web:1 → the new revision of web')
    expect(updated(dryRun.outputs)).toEqual([])

    expectExit(missing, 1)
    expect(operations(missing.emulator)).toEqual([])
    expect(errorLines(missing.log).join('\n')).toContain(
      'Input "scheduled-tasks" names rule/default/nightly-migrat, which does not exist'
    )
  }, 60_000)

  it('a denied permission names it; what was updated before is said', async () => {
    const [putTargets, passRole, partial, updateSchedule] = await Promise.all([
      run('success', NAMED, {
        policy: policyWithout('ReadAndMoveRuleTargets', 'events:PutTargets')
      }),
      run('success', NAMED, {
        policy: policyWithout('PassTheRuleTargetRoleToEventBridge', 'iam:PassRole')
      }),
      run(
        'success',
        {
          ...DEPLOY,
          'scheduled-tasks': 'schedule/ops/report\nrule/orders/cleanup\nrule/nightly-migrate'
        },
        {
          policy: policyWithout('ReadAndMoveRuleTargets', 'events:PutTargets')
        }
      ),
      run(
        'success',
        { ...DEPLOY, 'scheduled-tasks': 'schedule/ops/report' },
        { policy: policyWithout('ReadAndMoveSchedules', 'scheduler:UpdateSchedule') }
      )
    ])
    for (const r of [putTargets, passRole, partial, updateSchedule]) {
      expectExit(r, 1)
      // The service deploy itself succeeded; the step fails for the scheduled tasks.
      expect(r.outputs.verdict).toBe('succeeded')
    }
    const error = (r: Run) => errorLines(r.log).join('\n')
    expect(error(putTargets)).toContain('perform: events:PutTargets on resource')
    expect(error(putTargets)).toContain('Missing permission: events:PutTargets.')
    expect(error(putTargets)).toContain('No scheduled task was updated.')
    expect(error(passRole)).toContain('perform: iam:PassRole on resource')
    expect(error(passRole)).toContain(
      `Missing permission: iam:PassRole on ${EVENTS_ROLE} with iam:PassedToService events.amazonaws.com.`
    )
    expect(error(updateSchedule)).toContain('perform: scheduler:UpdateSchedule on resource')
    expect(error(updateSchedule)).toContain('Missing permission: scheduler:UpdateSchedule.')
    expect(scheduleOf(updateSchedule, 'report', 'ops')?.Target.EcsParameters).toMatchObject({
      TaskDefinitionArn: td(1)
    })
    expect(ecsArns(putTargets, 'cleanup', 'orders')).toEqual([td(1)])
    expect(ecsArns(passRole, 'cleanup', 'orders')).toEqual([td(1)])

    // The schedule moved first; the rule failed; the last was not attempted.
    expect(error(partial)).toContain(
      'Moving scheduled tasks to web:2 stopped at rule/orders/cleanup target cleanup'
    )
    expect(error(partial)).toContain('Already updated to web:2: schedule/ops/report.')
    expect(error(partial)).toContain(
      'Not attempted, still on their old revision: rule/default/nightly-migrate target migrate (web:1).'
    )
    expect(updated(partial.outputs).map((u) => u.name)).toEqual(['report'])
    expect(scheduleOf(partial, 'report', 'ops')?.Target.EcsParameters).toMatchObject({
      TaskDefinitionArn: td(2)
    })
    expect(ecsArns(partial, 'nightly-migrate')).toEqual([td(1)])
  }, 60_000)
})
