import { escapeHtml } from '../text/html.js'
import {
  parseTaskDefinitionRef,
  shortTaskDefinition,
  type PlannedTarget,
  type ScheduledPlan
} from './plan.js'

/**
 * - `updated`: now names the new revision; `unchanged`: already did.
 * - `follows-latest`: names the family without a revision, so it runs the latest ACTIVE one anyway.
 * - `left-alone`: changed since the plan (deleted, or another family now): not ours to move.
 * - `failed`: the write failed; `not-attempted`: after a failure, or when the deploy did not pass.
 * - `would-move`: a dry run's plan.
 */
export type TargetStatus =
  | 'updated'
  | 'unchanged'
  | 'follows-latest'
  | 'left-alone'
  | 'failed'
  | 'not-attempted'
  | 'would-move'

export interface TargetResult {
  readonly target: PlannedTarget
  readonly status: TargetStatus
  /** The task definition ARN it named when last read. */
  readonly from: string
  readonly to?: string
  readonly reason?: string
}

/** What became of the scheduled tasks: for the log, the summary and `scheduled-tasks-updated`. */
export interface ScheduledTasksReport {
  /** The revision they were (to be) moved to; absent in a dry run, before anything is registered. */
  readonly taskDefinitionArn?: string
  readonly results: readonly TargetResult[]
  /** Why none was attempted: the rollout did not succeed, or it was not waited for. */
  readonly skipped?: string
  readonly dryRun?: boolean
  /** The failure that stopped the updates, with what was updated before it and what was left. */
  readonly error?: string
}

/** A dry run: what would move, with nothing registered or changed. */
export function dryRunReport(plan: ScheduledPlan): ScheduledTasksReport {
  return {
    dryRun: true,
    results: plan.targets.map((target) => ({
      target,
      status: target.pinned ? 'would-move' : 'follows-latest',
      from: target.from
    }))
  }
}

/** The deploy did not pass (or was not waited for): nothing moves, and the report says why. */
export function skippedReport(
  plan: ScheduledPlan,
  /** Undefined before the revision is known. */
  taskDefinitionArn: string | undefined,
  why: string
): ScheduledTasksReport {
  return {
    ...(taskDefinitionArn !== undefined && { taskDefinitionArn }),
    skipped: why,
    results: plan.targets.map((target) => ({
      target,
      status: target.pinned ? 'not-attempted' : 'follows-latest',
      from: target.from
    }))
  }
}

/** One log line per target, e.g. `rule/default/nightly target ecs-1: web:3 → web:4`. */
export function targetLine(result: TargetResult): string {
  const { target } = result
  const from = shortTaskDefinition(result.from)
  const to = result.to === undefined ? '?' : shortTaskDefinition(result.to)
  const family = parseTaskDefinitionRef(result.from)?.family ?? from
  switch (result.status) {
    case 'updated':
      return `${target.label}: ${from} → ${to}`
    case 'unchanged':
      return `${target.label}: already on ${to}, unchanged`
    case 'follows-latest':
      return `${target.label}: names ${family} without a revision, so it follows the latest revision; left alone`
    case 'left-alone':
      return `${target.label}: ${result.reason ?? 'changed since it was read'}; left alone`
    case 'failed':
      return `${target.label}: ${from} → ${to} failed: ${result.reason ?? 'unknown error'}`
    case 'not-attempted':
      return `${target.label}: not attempted, still on ${from}`
    case 'would-move':
      return `would move ${target.label}: ${from} → the new revision of ${family}`
  }
}

const RESULT_TEXT: Record<TargetStatus, string> = {
  updated: 'updated',
  unchanged: 'already on it',
  'follows-latest': 'follows the latest revision',
  'left-alone': 'left alone',
  failed: 'failed',
  'not-attempted': 'not attempted',
  'would-move': 'would move (dry run)'
}

/** The job summary's table: a header row, then one escaped row per target. */
export function summaryRows(
  report: ScheduledTasksReport
): (string | { data: string; header: true })[][] {
  return [
    ['Scheduled task', 'From', 'To', 'Result'].map((data) => ({ data, header: true as const })),
    ...report.results.map((r) => {
      const to =
        r.status === 'follows-latest' || r.status === 'left-alone'
          ? '—'
          : r.to !== undefined
            ? shortTaskDefinition(r.to)
            : report.taskDefinitionArn !== undefined
              ? shortTaskDefinition(report.taskDefinitionArn)
              : 'new revision'
      const result = [RESULT_TEXT[r.status], r.reason].filter(Boolean).join(': ')
      return [r.target.label, shortTaskDefinition(r.from), to, result].map((cell) =>
        escapeHtml(cell)
      )
    })
  ]
}

/** One entry of `scheduled-tasks-updated`. */
export type UpdatedEntry =
  | {
      kind: 'rule'
      eventBusName: string
      name: string
      targetId: string
      from: string
      to: string
    }
  | { kind: 'schedule'; groupName: string; name: string; from: string; to: string }

/** `scheduled-tasks-updated`: only the targets this run actually moved, with full ARNs. */
export function updatedEntries(report: ScheduledTasksReport): UpdatedEntry[] {
  return report.results.flatMap((r): UpdatedEntry[] => {
    if (r.status !== 'updated' || r.to === undefined) return []
    const { target } = r
    return [
      target.kind === 'rule'
        ? {
            kind: 'rule',
            eventBusName: target.eventBusName,
            name: target.rule,
            targetId: target.targetId,
            from: r.from,
            to: r.to
          }
        : {
            kind: 'schedule',
            groupName: target.groupName,
            name: target.name,
            from: r.from,
            to: r.to
          }
    ]
  })
}
