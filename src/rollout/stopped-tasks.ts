import type { Task } from '@aws-sdk/client-ecs'

// Stops that are not the task's fault: a user, Spot or maintenance.
const NOT_FAILURES = new Set(['UserInitiated', 'SpotInterruption', 'TerminationNotice'])

/**
 * A task that failed: it did not start, its essential container exited, or the scheduler stopped
 * it for failing health checks. The scheduler also stops healthy tasks (scaling in, the old
 * revision draining), so a ServiceSchedulerInitiated stop counts only with a sign of ill health:
 * the task or a container UNHEALTHY, or its reason naming health checks, as in "Task failed ELB
 * health checks in (target-group …)" (docs: stopped-task-error-codes; these count for the breaker).
 */
export function isFailedTask(task: Task): boolean {
  const code = task.stopCode ?? ''
  if (NOT_FAILURES.has(code)) return false
  if (code !== 'ServiceSchedulerInitiated') return true
  return (
    task.healthStatus === 'UNHEALTHY' ||
    (task.containers ?? []).some((c) => c.healthStatus === 'UNHEALTHY') ||
    /health check/i.test(task.stoppedReason ?? '')
  )
}

/** "Essential container in task exited (EssentialContainerExited) — app exit 1" */
export function stoppedTaskReason(task: Task): string {
  const code = task.stopCode ? ` (${task.stopCode})` : ''
  const containers = (task.containers ?? [])
    .filter((c) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason)
    .map((c) => {
      const exit = c.exitCode === undefined ? '' : ` exit ${c.exitCode}`
      const reason = c.reason && c.reason !== task.stoppedReason ? `: ${c.reason}` : ''
      return `${c.name ?? '?'}${exit}${reason}`
    })
  const detail = containers.length > 0 ? ` — ${containers.join('; ')}` : ''
  return `${task.stoppedReason ?? 'stopped'}${code}${detail}`
}

/** Identical reasons are counted once: "3 tasks: Essential container in task exited — app exit 1". */
export function groupStoppedReasons(tasks: readonly Task[]): { count: number; reason: string }[] {
  const counts = new Map<string, number>()
  for (const task of tasks) {
    const reason = stoppedTaskReason(task)
    counts.set(reason, (counts.get(reason) ?? 0) + 1)
  }
  return [...counts].map(([reason, count]) => ({ count, reason })).sort((a, b) => b.count - a.count)
}

export function formatStoppedGroup({ count, reason }: { count: number; reason: string }): string {
  return `${count} ${count === 1 ? 'task' : 'tasks'}: ${reason}`
}
