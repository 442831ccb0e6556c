import type { Task } from '@aws-sdk/client-ecs'

// Stops that are not the task's fault: scaling in, a user, Spot or maintenance.
const NOT_FAILURES = new Set([
  'ServiceSchedulerInitiated',
  'UserInitiated',
  'SpotInterruption',
  'TerminationNotice'
])

export function isFailedTask(task: Task): boolean {
  return !NOT_FAILURES.has(task.stopCode ?? '')
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

/**
 * Failures the circuit breaker may never count to its threshold, because ECS backs off between
 * launches (a real deployment sat at 2 failures for 17 minutes). Named as soon as they are seen.
 */
const STUCK_CAUSES: { pattern: RegExp; advice: string }[] = [
  {
    pattern: /CannotPullContainerError/,
    advice:
      'ECS cannot pull the image: check that the tag exists and that the execution role may pull it.'
  },
  {
    pattern: /ResourceInitializationError/,
    advice:
      'ECS cannot prepare the task (secrets, registry auth or log setup): check the execution role and the network path to those services.'
  },
  {
    pattern: /unable to place a task/,
    advice: 'ECS cannot place the tasks: check capacity, subnets and placement constraints.'
  }
]

/** The advice for a text (a stopped reason or a service event) that names a stuck cause. */
export function stuckCause(text: string): { cause: string; advice: string } | undefined {
  for (const { pattern, advice } of STUCK_CAUSES) {
    if (pattern.test(text)) return { cause: pattern.source.replace(/\\/g, ''), advice }
  }
  return undefined
}
