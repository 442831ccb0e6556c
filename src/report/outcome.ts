import type { Task } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from '../rollout/deployment-ref.js'
import type { LogLocation } from '../rollout/logs.js'
import type { RollbackReport } from '../rollout/rollback.js'
import type { TimelineEntry } from '../rollout/timeline.js'
import type { RunTaskResult } from '../run-task/gate.js'
import type { ScheduledTasksReport } from '../scheduled/report.js'
import { familyRevision } from '../text/names.js'
import { passes, type PassingRules, type Verdict } from '../verdict.js'

/** What happened to one service. Its deployment method writes it as it goes. */
export interface ServiceOutcome {
  service: string
  previousTaskDefinitionArn?: string
  ref?: DeploymentRef
  /** Absent when the action did not wait for the rollout, or stopped before it. */
  verdict?: Verdict
  rollback?: RollbackReport
  stoppedTasks: Task[]
  timeline: TimelineEntry[]
  durationMs?: number
  consoleUrl?: string
  /** The failed task's log stream, with a console link and the last lines read. */
  log?: LogLocation & { url: string; lines?: string[]; why?: string }
  /** For CODE_DEPLOY services: the CodeDeploy deployment this run created, and its console page. */
  codeDeployDeploymentId?: string
  codeDeployConsoleUrl?: string
}

/**
 * Everything the run learned, handed to the outputs, the summary and the final log lines. Each phase
 * writes its own fields; the verdict is not stored but derived (runVerdict), so it cannot disagree
 * with what the services and the gate say.
 */
export interface Outcome {
  cluster: string
  /** Why the run stopped, when an error (not a verdict) ended it. */
  error?: string
  /** The run-task gate's result, when one ran. */
  runTask?: RunTaskResult
  /** The services rolled out, in input order; empty until the rollout starts. */
  services: ServiceOutcome[]
  /** Revisions deregistered by deregister-previous. */
  deregistered?: string[]
  /** The EventBridge rule targets and Scheduler schedules: moved, planned, or left, and why. */
  scheduledTasks?: ScheduledTasksReport
  images: { container: string; image: string }[]
  taskDefinitionArn?: string
  /** What the first service ran before this run. */
  previousTaskDefinitionArn?: string
  /** Where the rendered task definition was written, for other steps. */
  renderedPath?: string
  /** Container → digest of its ECR image. */
  imageDigests?: Record<string, string>
  /** The diff from the revision the service ran (or the family's latest). */
  diff?: { from: string; text: string }
  /** A dry run: nothing changed; the revision a real run would deploy, as `family:revision`. */
  dryRun?: { revision: string; reused: boolean }
  /** Set when the step's time limit stopped the run (run/time-limit.ts): the sentence naming it. */
  timeLimit?: string
}

export function newOutcome(cluster: string): Outcome {
  return { cluster, services: [], images: [] }
}

export function newServiceOutcome(service: string, previous?: string): ServiceOutcome {
  return {
    service,
    stoppedTasks: [],
    timeline: [],
    ...(previous !== undefined && { previousTaskDefinitionArn: previous })
  }
}

/** The one service of a run that deployed exactly one: then its details are the run's. */
export function onlyService(outcome: Outcome): ServiceOutcome | undefined {
  const [only, other] = outcome.services
  return other === undefined ? only : undefined
}

/** The run-task gate's verdict when it stopped the run before any service was touched. */
export function gateVerdict(runTask: RunTaskResult | undefined): Verdict | undefined {
  if (runTask === undefined || runTask.passed) return undefined
  return { kind: runTask.outcome === 'cancelled' ? 'cancelled' : 'failed', reason: runTask.reason }
}

/**
 * The verdict of the whole run: the gate's when it stopped the run; one service's own; or, for
 * several, every one must pass. Then the first that did not (in input order) gives the kind, and
 * the reason names each. Undefined when nothing was judged (not waiting, register only).
 */
export function runVerdict(outcome: Outcome, rules: PassingRules): Verdict | undefined {
  const gate = gateVerdict(outcome.runTask)
  if (gate !== undefined) {
    return outcome.timeLimit === undefined ? gate : { ...gate, kind: 'timed-out' }
  }
  const services = outcome.services
  const stopped = timeLimitVerdict(outcome)
  if (services.length === 1) return services[0]?.verdict ?? stopped
  const judged = services.flatMap((s) =>
    s.verdict === undefined ? [] : [{ service: s.service, verdict: s.verdict }]
  )
  if (judged.length === 0) return stopped
  const failed = judged.filter((s) => !passes(s.verdict.kind, rules))
  const [first] = failed
  if (first === undefined) {
    const kind = judged.every((s) => s.verdict.kind === 'unchanged') ? 'unchanged' : 'succeeded'
    return {
      kind,
      reason: `All ${services.length} services: ${judged.map((s) => `${s.service} ${s.verdict.kind}`).join(', ')}.`
    }
  }
  const others = judged.filter((s) => passes(s.verdict.kind, rules)).map((s) => s.service)
  return {
    kind: first.verdict.kind,
    reason:
      `${failed.length} of ${services.length} services did not succeed. ` +
      failed.map((s) => `${s.service}: ${s.verdict.kind}. ${s.verdict.reason}`).join(' ') +
      (others.length > 0 ? ` Succeeded: ${others.join(', ')}.` : '')
  }
}

/**
 * After the step's time limit stopped the run: a service without a verdict, or cancelled by the
 * stop, has timed out, with what was known of it; a verdict the watch gave at the limit says why it
 * came then; a gate that did not pass says so too. The run's own verdict, when no service was
 * reached, is timeLimitVerdict's.
 */
export function stoppedAtTimeLimit(outcome: Outcome, sentence: string): void {
  outcome.timeLimit = sentence
  const gate = outcome.runTask
  if (gate !== undefined && !gate.passed) {
    outcome.runTask = {
      ...gate,
      outcome: 'timed-out',
      reason:
        gate.outcome === 'cancelled'
          ? `Run-task gate failed: the task was not started. ${sentence}`
          : `${gate.reason} ${sentence}`
    }
  }
  for (const service of outcome.services) {
    const verdict = service.verdict
    if (verdict?.kind === 'timed-out') {
      service.verdict = { ...verdict, reason: `${verdict.reason} ${sentence}` }
    } else if (verdict === undefined || verdict.kind === 'cancelled') {
      const id = service.ref?.deploymentId ?? service.codeDeployDeploymentId
      service.verdict = {
        kind: 'timed-out',
        reason:
          id === undefined
            ? `Service ${service.service} was not updated: nothing was deployed to it. ${sentence}`
            : `Deployment ${id} of service ${service.service} had not finished, as far as the step knew. ${sentence}`
      }
    }
  }
}

/** The run's verdict when the time limit stopped it before any service or gate gave one. */
function timeLimitVerdict(outcome: Outcome): Verdict | undefined {
  if (outcome.timeLimit === undefined) return undefined
  const registered =
    outcome.taskDefinitionArn === undefined
      ? 'No service was updated'
      : `${familyRevision(outcome.taskDefinitionArn)} was registered, but no service was updated`
  return { kind: 'timed-out', reason: `${registered}. ${outcome.timeLimit}` }
}
