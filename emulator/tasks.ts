// Task lifecycle on Fargate: PROVISIONING → PENDING → RUNNING, then either a scheduler stop
// (DEACTIVATING → STOPPING → STOPPED, stopCode ServiceSchedulerInitiated) or, for a crashing
// image, the essential container exiting (STOPPING → STOPPED, stopCode EssentialContainerExited).
// An image that cannot be pulled never gets to RUNNING: PENDING → STOPPING → STOPPED with stopCode
// TaskFailedToStart, the CannotPullContainerError text as stoppedReason and container reason,
// and no exit code.

import { arns } from './arns.js'
import { reportHealthCheckFailure } from './health-checks.js'
import { logCrashed, logStarted, logStopping } from './logs.js'
import { stopReason } from './messages.js'
import { digestForImage } from './registry.js'
import type {
  DeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskLastStatus,
  TaskRecord,
  World
} from './state.js'
import { containerDefinitionsOf, resolveTaskDefinition } from './task-definitions.js'

/** How the rollout engine hears about a task's progress. */
export interface TaskObserver {
  /** The task has stayed RUNNING long enough to count as healthy. */
  healthy(task: TaskRecord): void
  /** The task reached STOPPED; `failed` unless the scheduler stopped it. */
  stopped(task: TaskRecord, failed: boolean): void
}

function setStatus(task: TaskRecord, lastStatus: TaskLastStatus): void {
  task.lastStatus = lastStatus
  task.version++
}

export interface Launch {
  service: ServiceRecord
  deployment: DeploymentRecord
  /** Offset of this task within its batch, so a batch does not move in lockstep. */
  stagger: number
  observer: TaskObserver
}

/** What a new task is made of: where it runs, from which revision, and who started it. */
export interface TaskSpec {
  cluster: string
  /** '' for a task RunTask started. */
  serviceName: string
  taskDefinition: TaskDefinitionRecord | undefined
  startedBy: string
  launchType: string
}

/** A task record in PROVISIONING with PENDING containers, not yet in the world. */
export function provisioningTask(world: World, spec: TaskSpec): TaskRecord {
  const definition = spec.taskDefinition?.definition ?? {}
  const id = world.ids.taskId()
  return {
    id,
    arn: arns.task(world.region, spec.cluster, id),
    cluster: spec.cluster,
    serviceName: spec.serviceName,
    taskDefinitionArn: spec.taskDefinition?.arn ?? '',
    startedBy: spec.startedBy,
    launchType: spec.launchType,
    cpu: typeof definition.cpu === 'string' ? definition.cpu : undefined,
    memory: typeof definition.memory === 'string' ? definition.memory : undefined,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    createdAt: world.now,
    pullStartedAt: undefined,
    pullStoppedAt: undefined,
    startedAt: undefined,
    healthyAt: undefined,
    stoppingAt: undefined,
    executionStoppedAt: undefined,
    stoppedAt: undefined,
    stopCode: undefined,
    stoppedReason: undefined,
    containers: (spec.taskDefinition === undefined
      ? []
      : containerDefinitionsOf(spec.taskDefinition)
    ).map((container) => ({
      name: container.name,
      image: container.image,
      imageDigest: digestForImage(world, container.image),
      runtimeId: `${id}-${world.ids.uuid().slice(0, 10)}`,
      lastStatus: 'PENDING',
      exitCode: undefined,
      reason: undefined
    })),
    version: 1
  }
}

/** A service task in PROVISIONING; `launchTask` drives it, the seed sets its fields directly. */
export function newTask(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord
): TaskRecord {
  const task = provisioningTask(world, {
    cluster: service.cluster,
    serviceName: service.name,
    taskDefinition: resolveTaskDefinition(world, deployment.taskDefinitionArn),
    startedBy: deployment.id,
    launchType: deployment.launchType
  })
  world.tasks.set(task.arn, task)
  return task
}

export function launchTask(world: World, launch: Launch): TaskRecord {
  const { deployment, observer } = launch
  const timing = deployment.timing
  const task = newTask(world, launch.service, deployment)
  const id = task.id
  const stillWanted = (expected: TaskLastStatus): boolean =>
    task.desiredStatus === 'RUNNING' && task.lastStatus === expected
  const pendingAt = timing.provisioning + launch.stagger
  world.scheduler.after(pendingAt, `task ${id} PENDING`, () => {
    if (!stillWanted('PROVISIONING')) return
    setStatus(task, 'PENDING')
    task.pullStartedAt = world.now
  })
  if (deployment.behaviour.kind === 'pull-error') {
    world.scheduler.after(pendingAt + timing.pullFailsAfter, `task ${id} pull fails`, () => {
      if (!stillWanted('PENDING')) return
      failToStart(world, task, timing, observer)
    })
    return task
  }
  world.scheduler.after(pendingAt + timing.pendingToRunning, `task ${id} RUNNING`, () => {
    if (!stillWanted('PENDING')) return
    setStatus(task, 'RUNNING')
    task.pullStoppedAt = world.now - Math.min(2, timing.pendingToRunning / 2)
    task.startedAt = world.now
    for (const container of task.containers) container.lastStatus = 'RUNNING'
    logStarted(world, task, deployment.behaviour.kind !== 'crash')
    afterRunning(world, task, launch)
  })
  return task
}

function failToStart(
  world: World,
  task: TaskRecord,
  timing: DeploymentRecord['timing'],
  observer: TaskObserver
): void {
  task.desiredStatus = 'STOPPED'
  task.stopCode = 'TaskFailedToStart'
  task.stoppedReason = stopReason.pullError(task.containers[0]?.image ?? '')
  task.stoppingAt = world.now
  task.pullStoppedAt = world.now
  task.executionStoppedAt = world.now
  for (const container of task.containers) {
    container.lastStatus = 'STOPPED'
    container.reason = stopReason.pullError(container.image)
  }
  setStatus(task, 'STOPPING')
  world.scheduler.after(timing.exitToStopped, `task ${task.id} STOPPED`, () => {
    setStatus(task, 'STOPPED')
    task.stoppedAt = world.now
    observer.stopped(task, true)
  })
}

function afterRunning(world: World, task: TaskRecord, launch: Launch): void {
  const { deployment, observer } = launch
  const behaviour = deployment.behaviour
  const stillRunning = (): boolean =>
    task.desiredStatus === 'RUNNING' && task.lastStatus === 'RUNNING'
  if (behaviour.kind === 'unhealthy') {
    world.scheduler.after(behaviour.failsAfter, `task ${task.id} fails health checks`, () => {
      if (!stillRunning()) return
      const stoppedReason = reportHealthCheckFailure(world, launch.service, task, behaviour.check)
      stopTaskByScheduler(world, task, deployment.timing, observer, { stoppedReason })
    })
    return
  }
  if (behaviour.kind === 'healthy') {
    world.scheduler.after(deployment.timing.healthyAfter, `task ${task.id} healthy`, () => {
      if (task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') return
      task.healthyAt = world.now
      observer.healthy(task)
    })
    return
  }
  if (behaviour.kind !== 'crash') return
  world.scheduler.after(
    behaviour.runningSeconds,
    `task ${task.id} essential container exits`,
    () => {
      if (task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') return
      logCrashed(world, task, behaviour.error)
      task.desiredStatus = 'STOPPED'
      task.stopCode = 'EssentialContainerExited'
      task.stoppedReason = stopReason.essentialExited
      task.stoppingAt = world.now
      task.executionStoppedAt = world.now
      for (const container of task.containers) {
        container.lastStatus = 'STOPPED'
        container.exitCode = behaviour.exitCode
      }
      setStatus(task, 'STOPPING')
      world.scheduler.after(deployment.timing.exitToStopped, `task ${task.id} STOPPED`, () => {
        setStatus(task, 'STOPPED')
        task.stoppedAt = world.now
        observer.stopped(task, true)
      })
    }
  )
}

/**
 * The scheduler stops a task: to scale in or replace it (a scaling activity), or, with
 * `unhealthy`, because it failed its health checks, which the observer hears as a failure.
 */
export function stopTaskByScheduler(
  world: World,
  task: TaskRecord,
  timing: DeploymentRecord['timing'],
  observer: TaskObserver,
  unhealthy?: { stoppedReason: string }
): void {
  if (task.desiredStatus === 'STOPPED') return
  const wasRunning = task.lastStatus === 'RUNNING'
  task.desiredStatus = 'STOPPED'
  task.stopCode = 'ServiceSchedulerInitiated'
  task.stoppedReason = unhealthy?.stoppedReason ?? stopReason.scalingActivity(task.startedBy)
  task.stoppingAt = world.now
  const finish = (): void => {
    setStatus(task, 'STOPPED')
    task.executionStoppedAt = world.now
    task.stoppedAt = world.now
    for (const container of task.containers) {
      // A container that ran exits cleanly on SIGTERM; one that never started has no exit code.
      if (container.lastStatus === 'RUNNING') container.exitCode = 0
      container.lastStatus = 'STOPPED'
    }
    observer.stopped(task, unhealthy !== undefined)
  }
  if (!wasRunning) {
    world.scheduler.after(3, `task ${task.id} STOPPED`, finish)
    return
  }
  setStatus(task, 'DEACTIVATING')
  logStopping(world, task)
  world.scheduler.after(2, `task ${task.id} STOPPING`, () => {
    setStatus(task, 'STOPPING')
  })
  world.scheduler.after(timing.schedulerStop, `task ${task.id} STOPPED`, finish)
}
