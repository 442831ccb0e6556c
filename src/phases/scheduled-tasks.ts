import type { Outcome } from '../report/outcome.js'
import { gateVerdict } from '../report/outcome.js'
import type { Run } from '../run/run.js'
import { applyScheduledTasks } from '../scheduled/apply.js'
import {
  clusterScope,
  planScheduledTasks,
  shortTaskDefinition,
  type ScheduledPlan
} from '../scheduled/plan.js'
import { dryRunReport, skippedReport, targetLine } from '../scheduled/report.js'
import { stepLog } from '../text/step-log.js'
import { tookEffect } from '../verdict.js'

/**
 * Pre-flight: the rule targets and schedules to move, read before anything is registered or changed,
 * so a named entry that does not exist (or runs another family) stops the run with nothing done.
 * Undefined when scheduled tasks were not asked for. Until they move, the report says they did not:
 * an error on the way leaves them where they were.
 */
export async function planScheduledTasksPhase(options: {
  run: Run
  family: string
  /** From a described service: scopes discovery to exactly this cluster. */
  clusterArn?: string
}): Promise<ScheduledPlan | undefined> {
  const { run, family } = options
  const { settings, deps, outcome } = run
  const wanted = settings.scheduledTasks
  if (wanted === undefined) return undefined
  return stepLog.group('Scheduled tasks', async () => {
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
      outcome.scheduledTasks = skippedReport(
        plan,
        undefined,
        'Scheduled tasks stay on their revisions: the run stopped before they could move.'
      )
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
  const gate = gateVerdict(outcome.runTask)
  if (gate !== undefined) {
    return `Scheduled tasks stay on their revisions: the deploy did not succeed (${gate.kind}).`
  }
  if (names.length === 0) return undefined
  if (outcome.services.length === 0) {
    return 'Scheduled tasks stay on their revisions: no service was rolled out.'
  }
  const blocking = outcome.services.flatMap((s) =>
    s.verdict === undefined
      ? [`${s.service} was not watched to the end`]
      : tookEffect(s.verdict.kind)
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
  run: Run
  plan: ScheduledPlan | undefined
  taskDefinitionArn: string
}): Promise<void> {
  const { run, plan, taskDefinitionArn } = options
  const { deps, outcome } = run
  if (plan === undefined) return
  const why = whyScheduledTasksStay(outcome, run.settings.services)
  if (why !== undefined) {
    outcome.scheduledTasks = skippedReport(plan, taskDefinitionArn, why)
    stepLog.info(why)
    return
  }
  const report = await stepLog.group('Move scheduled tasks', () =>
    applyScheduledTasks({
      plan,
      taskDefinitionArn,
      eventBridge: () => deps.eventBridge(),
      scheduler: () => deps.scheduler(),
      clock: run.clock,
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
