// In-memory fakes of the EventBridge and Scheduler ports: rules with targets, schedules, every call
// recorded, and errors or FailedEntries to give on a given call.

import type { PutTargetsResultEntry, Target } from '@aws-sdk/client-eventbridge'
import type {
  GetScheduleOutput,
  ScheduleSummary,
  UpdateScheduleInput
} from '@aws-sdk/client-scheduler'
import type { EventBridgePort } from '../../src/aws/eventbridge.js'
import type { SchedulerPort } from '../../src/aws/scheduler.js'

export const ACCOUNT = '123456789012'
export const CLUSTER = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`
export const STAGING = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/staging`
export const td = (family: string, revision?: number): string =>
  `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${family}${revision === undefined ? '' : `:${revision}`}`
export const EVENTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsEventsRole`
export const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler-ecs`

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } })
}

export const denied = (action: string, resource: string): Error =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    403
  )

export interface Call {
  operation: string
  input: unknown
}

/** Errors to throw, by operation, one per call, in order. */
type Faults = Map<string, Error[]>

function takeFault(faults: Faults, operation: string): void {
  const fault = faults.get(operation)?.shift()
  if (fault !== undefined) throw fault
}

const clone = <T>(value: T): T => structuredClone(value)

/** An ECS target on the prod cluster running `web:3` on Fargate. */
export function ecsTarget(
  overrides: Partial<Target> = {},
  taskDefinitionArn = td('web', 3)
): Target {
  return {
    Id: 'ecs-1',
    Arn: CLUSTER,
    RoleArn: EVENTS_ROLE,
    EcsParameters: { TaskDefinitionArn: taskDefinitionArn, TaskCount: 1, LaunchType: 'FARGATE' },
    ...overrides
  }
}

export class FakeEventBridge implements EventBridgePort {
  readonly calls: Call[] = []
  readonly faults: Faults = new Map()
  /** Given by the next PutTargets calls, in order. */
  readonly failedEntries: PutTargetsResultEntry[][] = []
  /** `bus/name` → targets. */
  readonly rules = new Map<string, Target[]>()

  rule(name: string, targets: Target[], eventBusName = 'default'): this {
    this.rules.set(`${eventBusName}/${name}`, clone(targets))
    return this
  }

  fail(operation: string, ...errors: Error[]): this {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...errors])
    return this
  }

  targetsOf(name: string, eventBusName = 'default'): Target[] {
    return clone(this.rules.get(`${eventBusName}/${name}`) ?? [])
  }

  writes(): Call[] {
    return this.calls.filter((c) => c.operation === 'PutTargets')
  }

  private record(operation: string, input: unknown): void {
    this.calls.push({ operation, input: clone(input) })
    takeFault(this.faults, operation)
  }

  listRules(request: { eventBusName: string }): Promise<{ Name: string }[]> {
    this.record('ListRules', request)
    return Promise.resolve(
      [...this.rules.keys()]
        .filter((key) => key.startsWith(`${request.eventBusName}/`))
        .map((key) => ({ Name: key.slice(request.eventBusName.length + 1) }))
    )
  }

  listTargetsByRule(request: { rule: string; eventBusName: string }): Promise<Target[]> {
    this.record('ListTargetsByRule', request)
    const targets = this.rules.get(`${request.eventBusName}/${request.rule}`)
    if (targets === undefined) {
      return Promise.reject(
        awsError(
          'ResourceNotFoundException',
          `Rule ${request.rule} does not exist on EventBus ${request.eventBusName}.`
        )
      )
    }
    return Promise.resolve(clone(targets))
  }

  listRuleNamesByTarget(request: { targetArn: string; eventBusName: string }): Promise<string[]> {
    this.record('ListRuleNamesByTarget', request)
    return Promise.resolve(
      [...this.rules.entries()]
        .filter(
          ([key, targets]) =>
            key.startsWith(`${request.eventBusName}/`) &&
            targets.some((t) => t.Arn === request.targetArn)
        )
        .map(([key]) => key.slice(request.eventBusName.length + 1))
    )
  }

  putTargets(request: {
    rule: string
    eventBusName: string
    targets: Target[]
  }): Promise<PutTargetsResultEntry[]> {
    this.record('PutTargets', request)
    const failed = this.failedEntries.shift()
    if (failed !== undefined && failed.length > 0) return Promise.resolve(failed)
    const key = `${request.eventBusName}/${request.rule}`
    const targets = this.rules.get(key) ?? []
    for (const target of request.targets) {
      const index = targets.findIndex((t) => t.Id === target.Id)
      if (index === -1) targets.push(clone(target))
      else targets[index] = clone(target)
    }
    this.rules.set(key, targets)
    return Promise.resolve([])
  }
}

/** A schedule in group `default` running `web:3` on the prod cluster, with every field set. */
export function schedule(overrides: Partial<GetScheduleOutput> = {}): GetScheduleOutput {
  const name = overrides.Name ?? 'nightly-report'
  const group = overrides.GroupName ?? 'default'
  return {
    Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/${group}/${name}`,
    Name: name,
    GroupName: group,
    Description: 'Nightly report',
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Paris',
    StartDate: new Date('2025-01-01T00:00:00Z'),
    EndDate: new Date('2030-01-01T00:00:00Z'),
    State: 'ENABLED',
    CreationDate: new Date('2024-06-01T00:00:00Z'),
    LastModificationDate: new Date('2024-06-02T00:00:00Z'),
    KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: CLUSTER,
      RoleArn: SCHEDULER_ROLE,
      Input: '{"containerOverrides":[{"name":"app","command":["npm","run","report"]}]}',
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:scheduler-dlq` },
      EcsParameters: {
        TaskDefinitionArn: td('web', 3),
        TaskCount: 2,
        LaunchType: 'FARGATE',
        PlatformVersion: '1.4.0',
        Group: 'reports',
        NetworkConfiguration: {
          awsvpcConfiguration: {
            Subnets: ['subnet-0123456789abcdef0'],
            SecurityGroups: ['sg-0123456789abcdef0'],
            AssignPublicIp: 'DISABLED'
          }
        },
        EnableECSManagedTags: true,
        EnableExecuteCommand: false,
        PropagateTags: 'TASK_DEFINITION',
        ReferenceId: 'report-ref',
        Tags: [{ team: 'data' }]
      }
    },
    ...overrides
  }
}

export class FakeScheduler implements SchedulerPort {
  readonly calls: Call[] = []
  readonly faults: Faults = new Map()
  /** `group/name` → schedule. */
  readonly schedules = new Map<string, GetScheduleOutput>()

  add(...schedules: GetScheduleOutput[]): this {
    for (const s of schedules)
      this.schedules.set(`${s.GroupName ?? 'default'}/${s.Name ?? ''}`, clone(s))
    return this
  }

  fail(operation: string, ...errors: Error[]): this {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...errors])
    return this
  }

  get(name: string, group = 'default'): GetScheduleOutput | undefined {
    const found = this.schedules.get(`${group}/${name}`)
    return found && clone(found)
  }

  writes(): Call[] {
    return this.calls.filter((c) => c.operation === 'UpdateSchedule')
  }

  private record(operation: string, input: unknown): void {
    this.calls.push({ operation, input: clone(input) })
    takeFault(this.faults, operation)
  }

  listSchedules(): Promise<ScheduleSummary[]> {
    this.record('ListSchedules', {})
    return Promise.resolve(
      [...this.schedules.values()].map((s) => ({
        Arn: s.Arn,
        Name: s.Name,
        GroupName: s.GroupName,
        State: s.State,
        Target: { Arn: s.Target?.Arn }
      }))
    )
  }

  getSchedule(request: { name: string; groupName: string }): Promise<GetScheduleOutput> {
    this.record('GetSchedule', request)
    const found = this.schedules.get(`${request.groupName}/${request.name}`)
    if (found === undefined) {
      return Promise.reject(
        awsError('ResourceNotFoundException', `Schedule ${request.name} does not exist.`, 404)
      )
    }
    return Promise.resolve(clone(found))
  }

  /** Replaces the whole schedule, as UpdateSchedule does: what the request leaves out is gone. */
  updateSchedule(request: UpdateScheduleInput): Promise<string> {
    this.record('UpdateSchedule', request)
    const group = request.GroupName ?? 'default'
    const key = `${group}/${request.Name ?? ''}`
    const before = this.schedules.get(key)
    if (before === undefined) {
      return Promise.reject(awsError('ResourceNotFoundException', 'Schedule does not exist.', 404))
    }
    const fields: UpdateScheduleInput = { ...request }
    delete fields.ClientToken
    this.schedules.set(key, {
      ...clone(fields),
      Arn: before.Arn,
      GroupName: group,
      CreationDate: before.CreationDate,
      LastModificationDate: new Date('2026-01-01T00:00:00Z')
    })
    return Promise.resolve(before.Arn ?? '')
  }
}
