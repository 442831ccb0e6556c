import type { Deployment } from '@aws-sdk/client-ecs'
import { duration } from '../text/time.js'

/**
 * A stall: none of our tasks has reached RUNNING for stall-minutes, and ECS shows it cannot place
 * or start them: nothing placed at all (no task running or pending though some are wanted, as when
 * no instance has room or Fargate has no capacity), or tasks that failed before they ran. A task
 * that is merely slow (PENDING on a big image) is not a stall. The circuit breaker never trips on
 * the first kind (it counts failed tasks) and may back off for long on the second, so without
 * this the run would wait out wait-for-minutes. Structure only: counts and times, never texts.
 */
export function stallReason(options: {
  ours: Deployment | undefined
  /** Whether any task of ours was ever seen RUNNING. */
  everRunning: boolean
  failedTasks: number
  elapsedMs: number
  stallMs: number
}): string | undefined {
  const { ours, everRunning, failedTasks, elapsedMs, stallMs } = options
  if (stallMs <= 0 || everRunning || elapsedMs < stallMs || ours === undefined) return undefined
  if ((ours.runningCount ?? 0) > 0) return undefined
  const wanted = ours.desiredCount ?? 0
  const placed = (ours.pendingCount ?? 0) + (ours.runningCount ?? 0)
  const id = ours.id ?? 'ours'
  if (wanted > 0 && placed === 0 && failedTasks === 0) {
    return `No task of deployment ${id} has been placed in ${duration(stallMs)} (stall-minutes): ECS cannot place them.`
  }
  if (failedTasks > 0) {
    return `No task of deployment ${id} has reached RUNNING in ${duration(stallMs)} (stall-minutes), and ${failedTasks} failed to start.`
  }
  return undefined
}
