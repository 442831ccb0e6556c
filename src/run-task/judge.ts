import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs'
import { taskId } from '../text/names.js'
import { isEssential } from './overrides.js'

/** One container of the stopped task, as the gate reports it. */
export interface ContainerOutcome {
  readonly name: string
  readonly essential: boolean
  /** Absent when the container never ran (image pull failed, task failed to start). */
  readonly exitCode?: number
  readonly reason?: string
}

export interface Judgement {
  readonly passed: boolean
  /** 0 on success; the first failing essential container's code; undefined when it has none. */
  readonly exitCode: number | undefined
  readonly containers: readonly ContainerOutcome[]
  /** What happened, as a clause: "container migrate exited 3 (essential)". */
  readonly what: string
  /** Non-essential containers that failed: worth a note, never a failure. */
  readonly notes: readonly string[]
}

// Stops that cut the task short whatever its containers said on the way out (SIGTERM → exit 0).
const INTERRUPTIONS = new Set([
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice'
])

/**
 * Judges a STOPPED task: it passes only when every essential container exited 0 and nothing
 * stopped it from outside. A sidecar (essential: false) exiting non-zero is only a note.
 */
export function judgeStoppedTask(
  task: Task,
  definitions: readonly ContainerDefinition[]
): Judgement {
  const containers: ContainerOutcome[] = (task.containers ?? []).map((container) => {
    const name = container.name ?? '?'
    const definition = definitions.find((d) => d.name === name)
    return {
      name,
      essential: definition === undefined || isEssential(definition),
      ...(container.exitCode !== undefined && { exitCode: container.exitCode }),
      ...(container.reason !== undefined && container.reason !== '' && { reason: container.reason })
    }
  })
  const notes = containers
    .filter((c) => !c.essential && c.exitCode !== 0)
    .map(
      (c) =>
        `Non-essential container ${c.name} ${c.exitCode === undefined ? 'has no exit code' : `exited ${c.exitCode}`}${c.reason === undefined ? '' : ` (${c.reason})`}; it does not decide the gate.`
    )
  const essential = containers.filter((c) => c.essential)
  const failing = essential.filter((c) => c.exitCode !== 0)
  const stopCode = task.stopCode
  const stopped = describeStop(task)

  if (essential.length === 0) {
    return {
      passed: false,
      exitCode: undefined,
      containers,
      what: `ECS reported no essential container for task ${taskId(task.taskArn)}${stopped}`,
      notes
    }
  }
  if (failing.length > 0) {
    const [first] = failing
    return {
      passed: false,
      exitCode: first?.exitCode,
      containers,
      what: failing.map((c) => describeFailure(c, stopped)).join('; '),
      notes
    }
  }
  if (stopCode !== undefined && INTERRUPTIONS.has(stopCode)) {
    return {
      passed: false,
      exitCode: 0,
      containers,
      what: `task ${taskId(task.taskArn)} was stopped before it finished${stopped}`,
      notes
    }
  }
  return {
    passed: true,
    exitCode: 0,
    containers,
    what: `${essential.length === 1 ? 'container' : 'containers'} ${essential.map((c) => c.name).join(', ')} exited 0`,
    notes
  }
}

function describeFailure(container: ContainerOutcome, stopped: string): string {
  if (container.exitCode !== undefined) {
    const reason = container.reason === undefined ? '' : `: ${container.reason}`
    return `container ${container.name} exited ${container.exitCode} (essential${reason})`
  }
  const reason = container.reason === undefined ? stopped : ` (${container.reason})`
  return `container ${container.name} never ran or has no exit code${reason}`
}

function describeStop(task: Task): string {
  const parts = [task.stopCode, task.stoppedReason].filter(
    (part): part is string => part !== undefined && part !== ''
  )
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`
}

/** Lines for the step log: one per container, then how the task stopped. */
export function describeContainers(judgement: Judgement): string[] {
  return judgement.containers.map((c) => {
    const kind = c.essential ? 'essential' : 'non-essential'
    const exit = c.exitCode === undefined ? 'no exit code' : `exit code ${c.exitCode}`
    return `  ${c.name} (${kind}): ${exit}${c.reason === undefined ? '' : ` — ${c.reason}`}`
  })
}
