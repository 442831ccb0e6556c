import * as core from '@actions/core'
import type { RunDependencies } from '../run/dependencies.js'
import type { Outcome } from '../report/outcome.js'
import { applyScheduledTasks } from '../scheduled/apply.js'
import {
  clusterScope,
  planScheduledTasks,
  shortTaskDefinition,
  type ScheduledPlan
} from '../scheduled/plan.js'
import { dryRunReport, skippedReport, targetLine } from '../scheduled/report.js'
import type { Settings } from '../settings/index.js'
import { stepLog } from '../text/step-log.js'

const PASSING = new Set(['succeeded', 'unchanged'])

/**
 * Pre-flight: the rule targets and schedules to move, read before anything is registered or changed,
 * so a named entry that does not exist (or runs another family) stops the run with nothing done.
 * Undefined when scheduled tasks were not asked for. A dry run's report is set here.
 */
export async function planScheduledTasksPhase(options: {
  deps: RunDependencies
  settings: Settings
  family: string
  /** From a described service: scopes discovery to exactly this cluster. */
  clusterArn?: string
  outcome: Outcome
}): Promise<ScheduledPlan | undefined> {
  const { deps, settings, family, outcome } = options
  const wanted = settings.scheduledTasks
  if (wanted === undefined) return undefined
  return core.group('Scheduled tasks', async () => {
    const plan = await planScheduledTasks({
      settings: wanted,
      family,
      cluster: clusterScope(settings.cluster, options.clusterArn),
      eventBridge: () => deps.eventBridge(),
      scheduler: () => deps.scheduler()
    })
    for (const note of plan.notes) stepLog.info(note)
    if (plan.targets.length === 0) {
      stepLog.info(`No rule target or schedule runs ${family} on cluster ${settings.cluster}.`)
    }
    if (settings.dryRun) {
      const report = dryRunReport(plan)
      outcome.scheduledTasks = report
      for (const result of report.results) stepLog.info(targetLine(result))
    } else {
      for (const target of plan.targets) {
        stepLog.info(
          `${target.label} runs ${shortTaskDefinition(target.from)}${target.origin === 'discovered' ? ' (found for the family)' : ''}`
        )
      }
    }
    return plan
  })
}

/**
 * Why the scheduled tasks must not move, or undefined when they may: every service deployed
 * succeeded (or already ran the revision), or, with no service, the run-task gate (if any) passed.
 */
export function whyScheduledTasksStay(
  outcome: Outcome,
  names: readonly string[]
): string | undefined {
  const failedGate = outcome.verdict !== undefined && !PASSING.has(outcome.verdict.kind)
  if (names.length === 0 || outcome.services === undefined) {
    return failedGate
      ? `Scheduled tasks stay on their revisions: the deploy did not succeed (${outcome.verdict?.kind ?? ''}).`
      : names.length === 0
        ? undefined
        : 'Scheduled tasks stay on their revisions: no service was rolled out.'
  }
  const blocking = outcome.services.flatMap((s) =>
    s.verdict === undefined
      ? [`${s.service} was not watched to the end`]
      : PASSING.has(s.verdict.kind)
        ? []
        : [`${s.service} ${s.verdict.kind}`]
  )
  if (blocking.length === 0) return undefined
  return `Scheduled tasks stay on their revisions: they move only once every service succeeded, and ${blocking.join(', ')}.`
}

/**
 * After the revision is registered and the services passed: moves the planned targets, or says
 * why none moves. A failed move fails the step with which were updated, which failed and which
 * were not attempted.
 */
export async function moveScheduledTasksPhase(options: {
  deps: RunDependencies
  settings: Settings
  plan: ScheduledPlan | undefined
  taskDefinitionArn: string
  names: readonly string[]
  outcome: Outcome
}): Promise<void> {
  const { deps, settings, plan, taskDefinitionArn, outcome } = options
  if (plan === undefined) return
  const why = whyScheduledTasksStay(outcome, options.names)
  if (why !== undefined) {
    outcome.scheduledTasks = skippedReport(plan, taskDefinitionArn, why)
    stepLog.info(why)
    return
  }
  const report = await core.group('Move scheduled tasks', () =>
    applyScheduledTasks({
      plan,
      taskDefinitionArn,
      eventBridge: () => deps.eventBridge(),
      scheduler: () => deps.scheduler(),
      clock: deps.clock,
      log: stepLog
    })
  )
  outcome.scheduledTasks = report
  if (report.error !== undefined) throw new Error(report.error)
  const moved = report.results.filter((r) => r.status === 'updated').length
  stepLog.info(
    `${moved} scheduled task target${moved === 1 ? '' : 's'} now run${moved === 1 ? 's' : ''} ${shortTaskDefinition(taskDefinitionArn)}.`
  )
}
