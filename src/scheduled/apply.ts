import type { Target as RuleTarget } from '@aws-sdk/client-eventbridge'
import type { GetScheduleOutput, UpdateScheduleInput } from '@aws-sdk/client-scheduler'
import { asSentence, describeAwsError, errorName } from '../aws/errors.js'
import type { EventBridgePort } from '../aws/eventbridge.js'
import { retryMutation } from '../aws/mutations.js'
import type { SchedulerPort } from '../aws/scheduler.js'
import type { Clock } from '../clock.js'
import {
  parseTaskDefinitionRef,
  shortTaskDefinition,
  type PlannedRuleTarget,
  type PlannedSchedule,
  type PlannedTarget,
  type ScheduledPlan
} from './plan.js'
import { targetLine, type ScheduledTasksReport, type TargetResult } from './report.js'

// GetSchedule's read-only fields; Name goes in the request's path.
type NotSent = 'Arn' | 'Name' | 'CreationDate' | 'LastModificationDate'
type SentBack = Exclude<keyof GetScheduleOutput, NotSent>

/**
 * The fields of a schedule that UpdateSchedule takes back. UpdateSchedule replaces the whole
 * schedule (an optional field left out is cleared), so every one GetSchedule gave is sent back.
 * `satisfies` fails to compile when a newer SDK gives GetSchedule a field this would silently drop.
 */
const SENT_BACK = {
  GroupName: true,
  Description: true,
  ScheduleExpression: true,
  ScheduleExpressionTimezone: true,
  StartDate: true,
  EndDate: true,
  State: true,
  FlexibleTimeWindow: true,
  Target: true,
  KmsKeyArn: true,
  ActionAfterCompletion: true
} satisfies Record<SentBack & keyof UpdateScheduleInput, true> & Record<SentBack, true>
const SCHEDULE_FIELDS = Object.keys(SENT_BACK) as SentBack[]

/**
 * The UpdateSchedule request that changes only the target's task definition. A StartDate that has
 * passed is not sent back: the schedule started already, leaving it out changes nothing, and
 * EventBridge Scheduler refuses one more than five minutes in the past.
 */
export function updateScheduleRequest(
  schedule: GetScheduleOutput,
  ref: { name: string; groupName: string },
  taskDefinitionArn: string,
  now: number
): UpdateScheduleInput {
  const passed = (field: SentBack): boolean =>
    field === 'StartDate' && (schedule.StartDate?.getTime() ?? Infinity) <= now
  const kept = Object.fromEntries(
    SCHEDULE_FIELDS.flatMap((field) =>
      schedule[field] === undefined || passed(field) ? [] : [[field, schedule[field]]]
    )
  ) as Partial<Pick<GetScheduleOutput, SentBack>>
  const target = schedule.Target
  return {
    ...kept,
    Name: ref.name,
    GroupName: ref.groupName,
    ScheduleExpression: schedule.ScheduleExpression,
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    Target: target && {
      ...target,
      EcsParameters: target.EcsParameters && {
        ...target.EcsParameters,
        TaskDefinitionArn: taskDefinitionArn
      }
    }
  }
}

/** The PutTargets target: the one read, every field kept, naming the new task definition. */
export function movedRuleTarget(target: RuleTarget, taskDefinitionArn: string): RuleTarget {
  return {
    ...target,
    EcsParameters: target.EcsParameters && {
      ...target.EcsParameters,
      TaskDefinitionArn: taskDefinitionArn
    }
  }
}

/** What one attempt on one target came to. */
type Attempt =
  | { status: 'updated' | 'unchanged'; from: string }
  | { status: 'left-alone'; from: string; reason: string }

/**
 * Points each planned target at `taskDefinitionArn`, one at a time, in the plan's order. Each is
 * read again just before it is written, so an edit made since the plan is kept, not overwritten.
 * Stops at the first failure: the report says which were updated, which failed and which were not
 * attempted. Never throws for an AWS error; the caller fails the step from `report.error`.
 */
export async function applyScheduledTasks(options: {
  plan: ScheduledPlan
  taskDefinitionArn: string
  eventBridge: () => EventBridgePort
  scheduler: () => SchedulerPort
  clock: Clock
  log: { info(line: string): void; warning(line: string): void }
  random?: () => number
}): Promise<ScheduledTasksReport> {
  const { plan, taskDefinitionArn: to, log } = options
  const results: TargetResult[] = []
  let error: string | undefined
  for (const target of plan.targets) {
    if (error !== undefined) {
      results.push({ target, status: 'not-attempted', from: target.from })
      continue
    }
    if (!target.pinned) {
      const result: TargetResult = { target, status: 'follows-latest', from: target.from }
      results.push(result)
      log.info(targetLine(result))
      continue
    }
    try {
      // Both writes are idempotent (PutTargets replaces the target with the same Id, UpdateSchedule
      // sets the whole schedule), so after an unclear answer the read and the write are done again.
      const attempt = await retryMutation({
        clock: options.clock,
        ...(options.random !== undefined && { random: options.random }),
        call: () =>
          target.kind === 'rule'
            ? moveRuleTarget(target, options.eventBridge(), plan.family, to)
            : moveSchedule(target, options.scheduler(), plan.family, to, options.clock.now())
      })
      const result: TargetResult = {
        target,
        ...attempt,
        ...(attempt.status !== 'left-alone' && { to })
      }
      results.push(result)
      if (attempt.status === 'left-alone') log.warning(targetLine(result))
      else log.info(targetLine(result))
    } catch (failure) {
      const why = failureText(target, failure)
      error = why
      results.push({ target, status: 'failed', from: target.from, to, reason: why })
    }
  }
  const report: ScheduledTasksReport = {
    taskDefinitionArn: to,
    results,
    ...(error !== undefined && { error: failureMessage(results, to) })
  }
  return report
}

/** Why a target read again is no longer ours to move, or undefined when it still is. */
function noLongerOurs(arn: string | undefined, family: string): string | undefined {
  const ref = arn === undefined ? undefined : parseTaskDefinitionRef(arn)
  if (ref?.family !== family) return `now runs ${shortTaskDefinition(arn ?? 'nothing')}`
  if (ref.revision === undefined) return `now follows the latest revision of ${family}`
  return undefined
}

class WriteRefused extends Error {
  override readonly name = 'WriteRefused'
}

async function moveRuleTarget(
  planned: PlannedRuleTarget,
  port: EventBridgePort,
  family: string,
  to: string
): Promise<Attempt> {
  const { rule, eventBusName, targetId } = planned
  let targets: RuleTarget[]
  try {
    targets = await port.listTargetsByRule({ rule, eventBusName })
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw tagged('ListTargetsByRule', error)
    return { status: 'left-alone', from: planned.from, reason: 'the rule was deleted meanwhile' }
  }
  const target = targets.find((t) => t.Id === targetId)
  if (target === undefined) {
    return { status: 'left-alone', from: planned.from, reason: 'the target was removed meanwhile' }
  }
  const from = target.EcsParameters?.TaskDefinitionArn ?? ''
  const changed = noLongerOurs(from, family)
  if (changed !== undefined) return { status: 'left-alone', from, reason: changed }
  if (from === to) return { status: 'unchanged', from }
  let failed
  try {
    failed = await port.putTargets({
      rule,
      eventBusName,
      targets: [movedRuleTarget(target, to)]
    })
  } catch (error) {
    throw tagged('PutTargets', error)
  }
  const [entry] = failed
  if (entry !== undefined) {
    throw new WriteRefused(
      `PutTargets did not accept target ${entry.TargetId ?? targetId}: ${entry.ErrorCode ?? 'error'}: ${entry.ErrorMessage ?? 'no message'}`
    )
  }
  return { status: 'updated', from }
}

async function moveSchedule(
  planned: PlannedSchedule,
  port: SchedulerPort,
  family: string,
  to: string,
  now: number
): Promise<Attempt> {
  const ref = { name: planned.name, groupName: planned.groupName }
  let schedule: GetScheduleOutput
  try {
    schedule = await port.getSchedule(ref)
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw tagged('GetSchedule', error)
    return {
      status: 'left-alone',
      from: planned.from,
      reason: 'the schedule was deleted meanwhile'
    }
  }
  const from = schedule.Target?.EcsParameters?.TaskDefinitionArn ?? ''
  const changed = noLongerOurs(from, family)
  if (changed !== undefined) return { status: 'left-alone', from, reason: changed }
  if (from === to) return { status: 'unchanged', from }
  try {
    await port.updateSchedule(updateScheduleRequest(schedule, ref, to, now))
  } catch (error) {
    throw tagged('UpdateSchedule', error)
  }
  return { status: 'updated', from }
}

// The failing call, kept beside the error for the message.
const OPERATION = Symbol('ecs-rollout.operation')

function tagged(operation: string, error: unknown): unknown {
  if (typeof error === 'object' && error !== null) Object.assign(error, { [OPERATION]: operation })
  return error
}

function operationOf(error: unknown): string {
  const tag = (error as { [OPERATION]?: unknown } | null)?.[OPERATION]
  return typeof tag === 'string' ? tag : 'AWS call'
}

/** What failed, and for a denial which permission is missing. */
function failureText(target: PlannedTarget, error: unknown): string {
  if (error instanceof WriteRefused) return error.message
  const operation = operationOf(error)
  const described = describeAwsError(operation, error)
  if (errorName(error) !== 'AccessDeniedException') return described
  return `${asSentence(described)} ${permissionAdvice(target, operation, error)}`
}

const INVOKED_BY = { rule: 'events.amazonaws.com', schedule: 'scheduler.amazonaws.com' }
const WRITE_PERMISSION = { rule: 'events:PutTargets', schedule: 'scheduler:UpdateSchedule' }

function permissionAdvice(target: PlannedTarget, operation: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const named = /perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1]
  const role = target.kind === 'rule' ? target.target.RoleArn : target.schedule.Target?.RoleArn
  const passRole = `iam:PassRole on ${role ?? 'its role'} with iam:PassedToService ${INVOKED_BY[target.kind]}`
  const write = WRITE_PERMISSION[target.kind]
  if (named === 'iam:PassRole') return `Missing permission: ${passRole}.`
  if (named !== undefined) return `Missing permission: ${named}.`
  if (operation === 'PutTargets' || operation === 'UpdateSchedule') {
    return `Moving it needs ${write}, and ${passRole}.`
  }
  return `Moving it needs ${operation === 'GetSchedule' ? 'scheduler:GetSchedule' : `events:${operation}`}.`
}

/** The step's error: the failure, what was updated before it, and what was not attempted. */
export function failureMessage(results: readonly TargetResult[], to: string): string {
  const failed = results.find((r) => r.status === 'failed')
  const updated = results.filter((r) => r.status === 'updated')
  const left = results.filter((r) => r.status === 'not-attempted')
  const list = (items: TargetResult[]): string =>
    items.map((r) => `${r.target.label} (${shortTaskDefinition(r.from)})`).join(', ')
  return [
    `Moving scheduled tasks to ${shortTaskDefinition(to)} stopped at ${failed?.target.label ?? '?'}, which still runs ${shortTaskDefinition(failed?.from ?? '?')}: ${asSentence(failed?.reason ?? 'unknown error')}`,
    updated.length === 0
      ? 'No scheduled task was updated.'
      : `Already updated to ${shortTaskDefinition(to)}: ${updated.map((r) => r.target.label).join(', ')}.`,
    left.length === 0 ? '' : `Not attempted, still on their old revision: ${list(left)}.`
  ]
    .filter((line) => line !== '')
    .join(' ')
}
