import type { Task } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from '../rollout/deployment-ref.js'
import type { LogLocation } from '../rollout/logs.js'
import type { RollbackReport } from '../rollout/rollback.js'
import type { TimelineEntry } from '../rollout/timeline.js'
import type { Verdict } from '../rollout/verdict.js'
import type { RunTaskResult } from '../run-task/gate.js'
import type { ScheduledTasksReport } from '../scheduled/report.js'

/** `unchanged`: the service already runs what the file describes, so there was nothing to roll out. */
export type OutcomeVerdict = Verdict | { kind: 'unchanged'; reason: string }

/** What happened to one service. With one service its fields are also the Outcome's own. */
export interface ServiceOutcome {
  service: string
  previousTaskDefinitionArn?: string
  ref?: DeploymentRef
  /** Absent when the action did not wait for the rollout. */
  verdict?: OutcomeVerdict
  rollback?: RollbackReport
  stoppedTasks: Task[]
  timeline: TimelineEntry[]
  durationMs?: number
  consoleUrl?: string
  /** The failed task's log stream, with a console link and the last lines read. */
  log?: LogLocation & { url: string; lines?: string[]; why?: string }
  /** For CODE_DEPLOY services: the CodeDeploy deployment this run created. */
  codeDeployDeploymentId?: string
}

/**
 * Everything the run learned, handed to the outputs, the summary and the final log lines. The
 * per-service fields describe the one service deployed; with several, only `verdict` (all of them
 * together) is set, and each service's own outcome is in `services`.
 */
export interface Outcome extends Omit<ServiceOutcome, 'service'> {
  cluster: string
  service?: string
  /** Why the run stopped, when an error (not a verdict) ended it. */
  error?: string
  /** The run-task gate's result, when one ran. */
  runTask?: RunTaskResult
  /** Revisions deregistered by deregister-previous. */
  deregistered?: string[]
  /** The EventBridge rule targets and Scheduler schedules: moved, planned, or left, and why. */
  scheduledTasks?: ScheduledTasksReport
  /** Every service deployed, in input order; several only when `service` names several. */
  services?: ServiceOutcome[]
  images: { container: string; image: string }[]
  taskDefinitionArn?: string
  /** Where the rendered task definition was written, for other steps. */
  renderedPath?: string
  /** Container → digest of its ECR image. */
  imageDigests?: Record<string, string>
  /** The diff from the revision the service ran (or the family's latest). */
  diff?: { from: string; text: string }
}
