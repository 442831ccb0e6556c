import type { Task } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from '../rollout/deployment-ref.js'
import type { LogLocation } from '../rollout/logs.js'
import type { RollbackReport } from '../rollout/rollback.js'
import type { TimelineEntry } from '../rollout/timeline.js'
import type { Verdict } from '../rollout/verdict.js'

/** `unchanged`: the service already runs what the file describes, so there was nothing to roll out. */
export type OutcomeVerdict = Verdict | { kind: 'unchanged'; reason: string }

/** Everything the run learned, handed to the outputs, the summary and the final log lines. */
export interface Outcome {
  cluster: string
  service?: string
  images: { container: string; image: string }[]
  taskDefinitionArn?: string
  /** Where the rendered task definition was written, for other steps. */
  renderedPath?: string
  /** Container → digest of its ECR image. */
  imageDigests?: Record<string, string>
  /** The diff from the revision the service ran (or the family's latest). */
  diff?: { from: string; text: string }
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
}
