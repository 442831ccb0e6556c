// Tasks started by RunTask, outside any service: PROVISIONING → PENDING → RUNNING, each container
// runs its script (log lines, then an exit code), and when an essential container exits the task
// stops: STOPPING → DEPROVISIONING → STOPPED with stopCode EssentialContainerExited. A container
// whose image cannot be pulled keeps the task from starting (TaskFailedToStart). StopTask stops a
// task with stopCode UserInitiated. Times are virtual seconds on the world's scheduler.

import { logContainerLines } from './logs.js'
import { stopReason } from './messages.js'
import { defaultTiming } from './scenarios.js'
import { provisioningTask } from './tasks.js'
import type {
  RunTaskContainerScript,
  ContainerRecord,
  JsonObject,
  Tag,
  TaskDefinitionRecord,
  TaskLastStatus,
  TaskRecord,
  World
} from './state.js'

export type { RunTaskContainerScript, RunTaskScripts } from './state.js'

/** What one container of a RunTask task does. */
const DEFAULT_RUN_SECONDS = 5
const timing = defaultTiming

export interface StandaloneLaunch {
  cluster: string
  taskDefinition: TaskDefinitionRecord
  startedBy: string | undefined
  launchType: string
  overrides: JsonObject
  tags: Tag[]
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function containerDefinitions(record: TaskDefinitionRecord): JsonObject[] {
  const containers = record.definition.containerDefinitions
  return Array.isArray(containers) ? containers.filter(isObject) : []
}

function setStatus(task: TaskRecord, lastStatus: TaskLastStatus): void {
  task.lastStatus = lastStatus
  task.version++
}

/** Creates the task (PROVISIONING, as RunTask returns it) and schedules its whole life. */
export function startStandaloneTask(world: World, launch: StandaloneLaunch): TaskRecord {
  const record = launch.taskDefinition
  const definitions = containerDefinitions(record)
  const task: TaskRecord = {
    ...provisioningTask(world, {
      cluster: launch.cluster,
      serviceName: '',
      taskDefinition: record,
      startedBy: launch.startedBy ?? '',
      launchType: launch.launchType
    }),
    standalone: { group: `family:${record.family}`, overrides: launch.overrides, tags: launch.tags }
  }
  const id = task.id
  world.tasks.set(task.arn, task)
  world.record(`run-task ${id} PROVISIONING ${record.family}:${record.revision}`)

  // The script as it is now: changing it later never changes a task already started.
  const scripts = world.runTasks.containers ?? {}
  const essential = new Set(
    definitions.filter((c) => c.essential !== false).map((c) => String(c.name))
  )
  const wanted = (expected: TaskLastStatus): boolean =>
    task.desiredStatus === 'RUNNING' && task.lastStatus === expected

  world.scheduler.after(timing.provisioning, `run-task ${id} PENDING`, () => {
    if (!wanted('PROVISIONING')) return
    setStatus(task, 'PENDING')
    task.pullStartedAt = world.now
  })
  const unpullable = task.containers.find((c) => scripts[c.name]?.cannotPull === true)
  if (unpullable !== undefined) {
    world.scheduler.after(
      timing.provisioning + timing.pullFailsAfter,
      `run-task ${id} pull fails`,
      () => {
        if (!wanted('PENDING')) return
        unpullable.reason = stopReason.pullError(unpullable.image)
        task.pullStoppedAt = world.now
        stop(world, task, 'TaskFailedToStart', stopReason.pullError(unpullable.image))
      }
    )
    return task
  }
  world.scheduler.after(
    timing.provisioning + timing.pendingToRunning,
    `run-task ${id} RUNNING`,
    () => {
      if (!wanted('PENDING')) return
      setStatus(task, 'RUNNING')
      task.pullStoppedAt = world.now - 2
      task.startedAt = world.now
      world.record(`run-task ${id} RUNNING`)
      for (const container of task.containers) {
        container.lastStatus = 'RUNNING'
        run(world, task, container, scripts[container.name] ?? {}, essential.has(container.name))
      }
    }
  )
  return task
}

function run(
  world: World,
  task: TaskRecord,
  container: ContainerRecord,
  script: RunTaskContainerScript,
  essential: boolean
): void {
  const seconds = Math.max(0, script.runSeconds ?? DEFAULT_RUN_SECONDS)
  const lines = script.logLines ?? [`${container.name} started`, `${container.name} finished`]
  // Spread over the run, so a client following the stream sees them arrive.
  lines.forEach((line, index) => {
    world.scheduler.after((seconds * index) / lines.length, `run-task ${task.id} log`, () => {
      if (container.lastStatus === 'RUNNING') logContainerLines(world, task, container.name, [line])
    })
  })
  world.scheduler.after(seconds, `run-task ${task.id} ${container.name} exits`, () => {
    if (container.lastStatus !== 'RUNNING') return
    container.lastStatus = 'STOPPED'
    container.exitCode = script.exitCode ?? 0
    task.version++
    if (essential && task.desiredStatus === 'RUNNING') {
      stop(world, task, 'EssentialContainerExited', stopReason.essentialExited)
    }
  })
}

/**
 * Stops the task: the desired status changes at once (the lastStatus a StopTask answer shows is
 * still the old one), the other containers get SIGTERM and exit cleanly, the task deprovisions.
 */
export function stop(world: World, task: TaskRecord, stopCode: string, reason: string): void {
  if (task.desiredStatus === 'STOPPED') return
  task.desiredStatus = 'STOPPED'
  task.stopCode = stopCode
  task.stoppedReason = reason
  task.stoppingAt = world.now
  task.version++
  world.scheduler.after(1, `run-task ${task.id} STOPPING`, () => {
    for (const container of task.containers) {
      // A container that ran exits cleanly on SIGTERM; one that never started has no exit code.
      if (container.lastStatus === 'RUNNING') container.exitCode = 0
      container.lastStatus = 'STOPPED'
    }
    task.executionStoppedAt = world.now
    setStatus(task, 'STOPPING')
  })
  world.scheduler.after(2, `run-task ${task.id} DEPROVISIONING`, () => {
    setStatus(task, 'DEPROVISIONING')
  })
  world.scheduler.after(timing.exitToStopped, `run-task ${task.id} STOPPED`, () => {
    setStatus(task, 'STOPPED')
    task.stoppedAt = world.now
    world.record(`run-task ${task.id} STOPPED ${stopCode}`)
  })
}
