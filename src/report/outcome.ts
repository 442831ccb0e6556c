import type { Task } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from '../rollout/deployment-ref.js'
import type { Verdict } from '../rollout/verdict.js'

/** Everything the run learned, handed to the outputs, the summary and the final log lines. */
export interface Outcome {
  cluster: string
  service?: string
  family?: string
  images: { container: string; image: string }[]
  taskDefinitionArn?: string
  ref?: DeploymentRef
  /** Absent when the action did not wait for the rollout. */
  verdict?: Verdict
  stoppedTasks: Task[]
  durationMs?: number
  consoleUrl?: string
}
