import type { Target as RuleTarget } from '@aws-sdk/client-eventbridge'
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler'
import { describeAwsError, errorName } from '../aws/errors.js'
import type { EventBridgePort } from '../aws/eventbridge.js'
import type { SchedulerPort } from '../aws/scheduler.js'
import { InputError } from '../input/values.js'
import {
  DEFAULT_BUS,
  SCHEDULED_INPUTS,
  scheduledTaskLabel,
  type ScheduledTaskRef,
  type ScheduledTasksSettings
} from './settings.js'

interface PlannedBase {
  /** `rule/<bus>/<name> target <id>` or `schedule/<group>/<name>`. */
  readonly label: string
  /** Named in `scheduled-tasks`, or found by `update-scheduled-tasks-for-family`. */
  readonly origin: 'named' | 'discovered'
  /** The task definition ARN the target names now. */
  readonly from: string
  /**
   * False when `from` names the family without a revision: ECS then runs the latest ACTIVE revision
   * each time, so the target follows every deploy as it is and is left alone.
   */
  readonly pinned: boolean
}

export interface PlannedRuleTarget extends PlannedBase {
  readonly kind: 'rule'
  readonly eventBusName: string
  readonly rule: string
  readonly targetId: string
  /** The whole target as ListTargetsByRule gave it. */
  readonly target: RuleTarget
}

export interface PlannedSchedule extends PlannedBase {
  readonly kind: 'schedule'
  readonly groupName: string
  readonly name: string
  /** The whole schedule as GetSchedule gave it. */
  readonly schedule: GetScheduleOutput
}

export type PlannedTarget = PlannedRuleTarget | PlannedSchedule

/** What would move, found before anything is registered or changed. */
export interface ScheduledPlan {
  readonly family: string
  /** In the order they are updated: named entries as given, then those found, by label. */
  readonly targets: readonly PlannedTarget[]
  /** Things left alone that the log should mention (other families' targets of a named rule). */
  readonly notes: readonly string[]
}

/** The cluster being deployed: discovery never moves a target on another cluster. */
export interface ClusterScope {
  readonly name: string
  /** Known when a service was described (its clusterArn), or when the input is an ARN. */
  readonly arn?: string
}

export function clusterScope(cluster: string, clusterArn?: string): ClusterScope {
  const arn = clusterArn ?? (cluster.startsWith('arn:') ? cluster : undefined)
  const name = (arn ?? cluster).split('/').pop() ?? cluster
  return arn === undefined ? { name } : { name, arn }
}

/** Whether an ECS target's Arn (its cluster) is the cluster being deployed. */
export function isOnCluster(scope: ClusterScope, targetArn: string | undefined): boolean {
  if (targetArn === undefined) return false
  // Without the ARN, the name at the end of any account's or region's cluster ARN must do; the
  // rules and schedules read are this account's and region's anyway.
  return scope.arn !== undefined
    ? targetArn === scope.arn
    : targetArn.endsWith(`:cluster/${scope.name}`)
}

const TASK_DEFINITION =
  /^(?:arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/)?([A-Za-z0-9_-]{1,255})(?::(\d+))?$/

/** `…:task-definition/web:42` → web, 42; `…:task-definition/web` → web (the latest revision). */
export function parseTaskDefinitionRef(
  value: string
): { family: string; revision?: number } | undefined {
  const match = TASK_DEFINITION.exec(value)
  if (match?.[1] === undefined) return undefined
  return match[2] === undefined
    ? { family: match[1] }
    : { family: match[1], revision: Number(match[2]) }
}

/** `…:task-definition/web:42` → `web:42`; a family-only ARN → `web`. */
export function shortTaskDefinition(value: string): string {
  const ref = parseTaskDefinitionRef(value)
  if (ref === undefined) return value
  return ref.revision === undefined ? ref.family : `${ref.family}:${ref.revision}`
}

/**
 * Resolves the named rules and schedules, and finds the family's targets on the cluster when asked.
 * Reads only. A named entry that does not exist, has no ECS task target, or runs another family is
 * an InputError, raised here before anything changes.
 */
export async function planScheduledTasks(options: {
  settings: ScheduledTasksSettings
  family: string
  cluster: ClusterScope
  eventBridge: () => EventBridgePort
  scheduler: () => SchedulerPort
}): Promise<ScheduledPlan> {
  const { settings, family, cluster } = options
  const notes: string[] = []
  const named: PlannedTarget[] = []
  for (const ref of settings.entries) {
    named.push(
      ...(ref.kind === 'rule'
        ? await namedRule(ref, family, options.eventBridge(), notes)
        : [await namedSchedule(ref, family, options.scheduler())])
    )
  }
  const found = settings.forFamily
    ? [
        ...(await discoverRules(options.eventBridge(), family, cluster)),
        ...(await discoverSchedules(options.scheduler(), family, cluster))
      ]
    : []
  const seen = new Set(named.map((t) => t.label))
  const discovered = found
    .filter((t) => !seen.has(t.label))
    .sort((a, b) => order(a).localeCompare(order(b)))
  return { family, targets: [...named, ...discovered], notes }
}

// Rules before schedules, then by label.
const order = (t: PlannedTarget): string => `${t.kind === 'rule' ? 0 : 1} ${t.label}`

function ruleTargetLabel(eventBusName: string, rule: string, targetId: string): string {
  return `${scheduledTaskLabel({ kind: 'rule', eventBusName, name: rule })} target ${targetId}`
}

function ruleTarget(options: {
  eventBusName: string
  rule: string
  target: RuleTarget
  origin: PlannedTarget['origin']
}): PlannedRuleTarget {
  const { eventBusName, rule, target } = options
  const from = target.EcsParameters?.TaskDefinitionArn ?? ''
  return {
    kind: 'rule',
    eventBusName,
    rule,
    targetId: target.Id ?? '',
    target,
    label: ruleTargetLabel(eventBusName, rule, target.Id ?? ''),
    origin: options.origin,
    from,
    pinned: parseTaskDefinitionRef(from)?.revision !== undefined
  }
}

function plannedSchedule(
  schedule: GetScheduleOutput,
  ref: { groupName: string; name: string },
  origin: PlannedTarget['origin']
): PlannedSchedule {
  const from = schedule.Target?.EcsParameters?.TaskDefinitionArn ?? ''
  return {
    kind: 'schedule',
    groupName: ref.groupName,
    name: ref.name,
    schedule,
    label: scheduledTaskLabel({ kind: 'schedule', ...ref }),
    origin,
    from,
    pinned: parseTaskDefinitionRef(from)?.revision !== undefined
  }
}

const familyOf = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : parseTaskDefinitionRef(arn)?.family

/** An AWS read; ResourceNotFoundException becomes `notFound`'s answer when given. */
async function read<T>(
  operation: string,
  call: () => Promise<T>,
  notFound: (error: unknown) => T
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return notFound(error)
    throw new Error(describeAwsError(operation, error), { cause: error })
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

async function namedRule(
  ref: Extract<ScheduledTaskRef, { kind: 'rule' }>,
  family: string,
  port: EventBridgePort,
  notes: string[]
): Promise<PlannedRuleTarget[]> {
  const label = scheduledTaskLabel(ref)
  const targets = await read(
    'ListTargetsByRule',
    () => port.listTargetsByRule({ rule: ref.name, eventBusName: ref.eventBusName }),
    (error) => {
      throw new InputError(
        SCHEDULED_INPUTS.entries,
        `names ${label}, which does not exist (${messageOf(error)}): check the rule name, the event bus and the AWS region`
      )
    }
  )
  const ecs = targets.filter((t) => t.EcsParameters !== undefined)
  if (ecs.length === 0) {
    const listed = targets.map((t) => `${t.Id ?? '?'} (${t.Arn ?? '?'})`).join(', ')
    throw new InputError(
      SCHEDULED_INPUTS.entries,
      `names ${label}, which has no ECS task target (${listed === '' ? 'it has no targets' : `its targets: ${listed}`}): only ECS task targets can move to a new revision`
    )
  }
  const ours = ecs.filter((t) => familyOf(t.EcsParameters?.TaskDefinitionArn) === family)
  const others = ecs.filter((t) => !ours.includes(t))
  const describe = (list: RuleTarget[]): string =>
    list
      .map(
        (t) =>
          `target ${t.Id ?? '?'} runs ${shortTaskDefinition(t.EcsParameters?.TaskDefinitionArn ?? '?')}`
      )
      .join(', ')
  if (ours.length === 0) {
    throw new InputError(
      SCHEDULED_INPUTS.entries,
      `names ${label}, whose ECS targets run another family (${describe(others)}), not ${family}: moving them would make that cron run ${family}'s new revision. Remove the entry, or deploy that family's own task definition to it`
    )
  }
  if (others.length > 0) {
    notes.push(`${label}: left alone, as ${family} is not their family: ${describe(others)}.`)
  }
  return ours
    .map((target) =>
      ruleTarget({ eventBusName: ref.eventBusName, rule: ref.name, target, origin: 'named' })
    )
    .sort((a, b) => a.targetId.localeCompare(b.targetId))
}

async function namedSchedule(
  ref: Extract<ScheduledTaskRef, { kind: 'schedule' }>,
  family: string,
  port: SchedulerPort
): Promise<PlannedSchedule> {
  const label = scheduledTaskLabel(ref)
  const schedule = await read(
    'GetSchedule',
    () => port.getSchedule({ name: ref.name, groupName: ref.groupName }),
    (error) => {
      throw new InputError(
        SCHEDULED_INPUTS.entries,
        `names ${label}, which does not exist (${messageOf(error)}): check the schedule name, its group and the AWS region`
      )
    }
  )
  const ecs = schedule.Target?.EcsParameters
  if (ecs === undefined) {
    throw new InputError(
      SCHEDULED_INPUTS.entries,
      `names ${label}, whose target (${schedule.Target?.Arn ?? 'none'}) is not an ECS task: only ECS task targets can move to a new revision`
    )
  }
  if (familyOf(ecs.TaskDefinitionArn) !== family) {
    throw new InputError(
      SCHEDULED_INPUTS.entries,
      `names ${label}, which runs ${shortTaskDefinition(ecs.TaskDefinitionArn ?? '?')}, another family than ${family}: moving it would make that cron run ${family}'s new revision. Remove the entry, or deploy that family's own task definition to it`
    )
  }
  return plannedSchedule(schedule, ref, 'named')
}

/** The default bus's rule targets on the cluster that run the family. */
async function discoverRules(
  port: EventBridgePort,
  family: string,
  cluster: ClusterScope
): Promise<PlannedRuleTarget[]> {
  const eventBusName = DEFAULT_BUS
  // With the cluster's ARN, EventBridge names the rules that target it; without, every rule is read.
  const names =
    cluster.arn === undefined
      ? (
          await read(
            'ListRules',
            () => port.listRules({ eventBusName }),
            () => []
          )
        ).flatMap((rule) => (rule.Name === undefined ? [] : [rule.Name]))
      : await read(
          'ListRuleNamesByTarget',
          () => port.listRuleNamesByTarget({ targetArn: cluster.arn ?? '', eventBusName }),
          () => []
        )
  const planned: PlannedRuleTarget[] = []
  for (const rule of names) {
    // A rule deleted since it was listed has nothing to move.
    const targets = await read(
      'ListTargetsByRule',
      () => port.listTargetsByRule({ rule, eventBusName }),
      () => []
    )
    for (const target of targets) {
      if (!isOnCluster(cluster, target.Arn)) continue
      if (familyOf(target.EcsParameters?.TaskDefinitionArn) !== family) continue
      planned.push(ruleTarget({ eventBusName, rule, target, origin: 'discovered' }))
    }
  }
  return planned
}

/** Every group's schedules on the cluster that run the family. */
async function discoverSchedules(
  port: SchedulerPort,
  family: string,
  cluster: ClusterScope
): Promise<PlannedSchedule[]> {
  const summaries = await read(
    'ListSchedules',
    () => port.listSchedules(),
    () => []
  )
  const planned: PlannedSchedule[] = []
  for (const summary of summaries) {
    const { Name: name, GroupName: groupName } = summary
    if (name === undefined || groupName === undefined) continue
    if (!isOnCluster(cluster, summary.Target?.Arn)) continue
    const schedule = await read(
      'GetSchedule',
      () => port.getSchedule({ name, groupName }),
      () => undefined
    )
    if (schedule === undefined) continue
    if (familyOf(schedule.Target?.EcsParameters?.TaskDefinitionArn) !== family) continue
    planned.push(plannedSchedule(schedule, { groupName, name }, 'discovered'))
  }
  return planned
}
