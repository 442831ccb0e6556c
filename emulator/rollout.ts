// The ECS service scheduler for rolling updates, as observed from outside: it launches tasks
// for the PRIMARY deployment within maximumPercent, stops old tasks while keeping
// minimumHealthyPercent, counts failed launches, backs off, fails the deployment when the circuit
// breaker trips or a deployment alarm fires (and rolls back to the last COMPLETED deployment),
// and declares the rollout COMPLETED.

import {
  circuitBreakerThreshold,
  createServiceDeployment,
  createServiceRevision,
  setServiceDeploymentStatus,
  terminalStatuses
} from './history.js'
import {
  attachLifecycle,
  beginLifecycle,
  holdsOldTasks,
  hookReason,
  isStrategyDeployment,
  lifecycleReconciled,
  lifecycleRolledBack,
  type LifecycleEngine
} from './lifecycle.js'
import { eventText, rolloutReason, stopReason } from './messages.js'
import { reportUnplaceable } from './placement.js'
import { defaultTiming, timingOf, type TaskBehaviour } from './scenarios.js'
import { addEvent } from './service-events.js'
import type {
  DeploymentRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
  World
} from './state.js'
import { containerDefinitionsOf, resolveTaskDefinition } from './task-definitions.js'
import { launchTask, stopTaskByScheduler, type TaskObserver } from './tasks.js'

const primaryOf = (service: ServiceRecord): DeploymentRecord | undefined =>
  service.deployments.find((deployment) => deployment.status === 'PRIMARY')

const serviceDeploymentOf = (
  world: World,
  deployment: DeploymentRecord
): ServiceDeploymentRecord | undefined =>
  world.serviceDeployments.get(deployment.serviceDeploymentArn)

/** Virtual seconds between two attempts to place a task that found no room. */
const PLACEMENT_RETRY = 60

/** Tasks the scheduler still wants running (not yet told to stop). */
const liveTasks = (world: World, deployment: DeploymentRecord): TaskRecord[] =>
  world.tasksOf(deployment.id).filter((task) => task.desiredStatus === 'RUNNING')

const isHealthy = (task: TaskRecord): boolean =>
  task.lastStatus === 'RUNNING' && task.healthyAt !== undefined

function observerFor(world: World, service: ServiceRecord): TaskObserver {
  return {
    healthy: (task) => {
      onTaskHealthy(world, service, task)
    },
    stopped: (task, failed) => {
      onTaskStopped(world, service, task, failed)
    }
  }
}

function requestReconcile(world: World, service: ServiceRecord, at: number): void {
  if (service.reconcileAt.has(at)) return
  service.reconcileAt.add(at)
  world.scheduler.schedule(at, `reconcile ${service.name}`, () => {
    service.reconcileAt.delete(at)
    reconcile(world, service)
  })
}

export interface NewDeployment {
  taskDefinition: TaskDefinitionRecord
  /**
   * 'caller' = an UpdateService request; 'other' = another actor (superseded scenario); 'ecs' =
   * ECS's own second deployment of the caller's revision (duplicate-deployment), whose tasks
   * behave like the caller's.
   */
  origin: 'caller' | 'other' | 'ecs'
}

/** What UpdateService does when it triggers a deployment. */
export function startDeployment(
  world: World,
  service: ServiceRecord,
  spec: NewDeployment
): DeploymentRecord {
  const scenario = world.scenarioOf(service)
  const byCaller = spec.origin !== 'other'
  const previous = [...service.deployments]
  // The scenario's task behaviour is the new image's. A caller that updates the service back to a
  // revision it ran to completion (a rollback by UpdateService) gets that revision's tasks: healthy,
  // unless the scenario says rollbacks fail too.
  // A forced redeployment of what runs now is the scenario's new image, as before.
  const knownGood =
    primaryOf(service)?.taskDefinitionArn !== spec.taskDefinition.arn &&
    previous.some(
      (d) => d.taskDefinitionArn === spec.taskDefinition.arn && d.rolloutState === 'COMPLETED'
    )
  const behaviour: TaskBehaviour = !byCaller
    ? { kind: 'healthy' }
    : knownGood
      ? (scenario.rollbackTasks ?? { kind: 'healthy' })
      : scenario.newTasks
  const supersededPrimary = primaryOf(service)
  for (const deployment of previous) {
    if (deployment.status === 'PRIMARY') deployment.updatedAt = world.now
    deployment.status = 'ACTIVE'
  }
  const id = world.ids.deploymentId()
  const revision = createServiceRevision(world, service, spec.taskDefinition, id)
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: spec.taskDefinition.arn,
    // The UpdateService response already lists the new PRIMARY, still at desiredCount 0.
    desiredCount: 0,
    failedTasks: 0,
    createdAt: world.now,
    updatedAt: world.now,
    launchType: service.launchType,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: rolloutReason.inProgress(id),
    revisionArn: revision.arn,
    serviceDeploymentArn: '',
    rollbackFor: undefined,
    behaviour,
    timing: byCaller ? timingOf(scenario) : defaultTiming,
    circuitBreaker: { ...service.circuitBreaker },
    alarms: { ...service.alarms, alarmNames: [...service.alarms.alarmNames] },
    rollbackBehaviour: byCaller ? scenario.rollbackTasks : undefined,
    threshold: circuitBreakerThreshold(service.desiredCount),
    consecutiveFailures: 0,
    launchedTasks: 0,
    nextLaunchAt: world.now,
    hadHealthyTask: false,
    lastThrottleEventAt: undefined,
    completeAt: undefined
  }
  service.deployments.unshift(deployment)
  const serviceDeployment = createServiceDeployment(world, service, {
    deployment,
    sourceRevisionArns: previous.map((old) => old.revisionArn),
    status: 'PENDING',
    listingLag: scenario.serviceDeploymentLagSeconds ?? 0
  })
  deployment.serviceDeploymentArn = serviceDeployment.arn
  const alarm = spec.origin === 'caller' ? scenario.alarm : undefined
  if (service.strategy !== undefined) {
    const stage = alarm?.stage
    attachLifecycle(
      serviceDeployment,
      service.strategy,
      alarm !== undefined && stage !== undefined ? { ...alarm, stage } : undefined
    )
  }
  service.taskDefinitionArn = spec.taskDefinition.arn
  service.currentServiceDeploymentArn = serviceDeployment.arn
  world.record(`deployment ${id} PRIMARY IN_PROGRESS (${spec.origin}) ${spec.taskDefinition.arn}`)
  world.record(`service-deployment PENDING ${serviceDeployment.arn}`)
  const supersededServiceDeployment =
    supersededPrimary === undefined ? undefined : serviceDeploymentOf(world, supersededPrimary)
  world.scheduler.after(deployment.timing.activateAfter, `activate ${id}`, () => {
    activate(world, service, deployment, supersededServiceDeployment)
  })
  // An alarm tied to a lifecycle stage is scheduled by the lifecycle when the stage begins.
  if (alarm !== undefined && alarm.stage === undefined) {
    world.scheduler.after(alarm.afterSeconds, `alarm ${alarm.name} ALARM`, () => {
      alarmFired(world, service, deployment, alarm.name)
    })
  }
  return deployment
}

/** A CloudWatch alarm went into ALARM; it fails the deployment only if that deployment watches it. */
function alarmFired(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  alarmName: string
): void {
  world.record(`alarm ${alarmName} ALARM`)
  const watched = deployment.alarms.enable && deployment.alarms.alarmNames.includes(alarmName)
  if (!watched || deployment.status !== 'PRIMARY' || deployment.rolloutState !== 'IN_PROGRESS')
    return
  failDeployment(world, service, deployment, { cause: 'alarm', alarmName })
}

function activate(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  superseded: ServiceDeploymentRecord | undefined
): void {
  const serviceDeployment = serviceDeploymentOf(world, deployment)
  // A strategy deployment gets its desired count at SCALE_UP.
  if (deployment.status === 'PRIMARY' && serviceDeployment?.lifecycle === undefined) {
    deployment.desiredCount = service.desiredCount
    deployment.updatedAt = world.now
  }
  if (serviceDeployment?.status === 'PENDING') {
    serviceDeployment.startedAt = world.now
    setServiceDeploymentStatus(world, serviceDeployment, 'IN_PROGRESS')
    if (deployment.status === 'PRIMARY') beginLifecycle(world, service, deployment, lifecycleEngine)
  }
  if (superseded !== undefined && !terminalStatuses.has(superseded.status)) {
    // A deployment replaced by a newer one ends STOPPED a moment after the newer one starts
    // (ecspresso issue #899: finishedAt 14:17:07.099 vs the new one's startedAt 14:17:06.962).
    world.scheduler.after(0.137, `stop superseded ${superseded.arn}`, () => {
      if (!terminalStatuses.has(superseded.status)) {
        setServiceDeploymentStatus(world, superseded, 'STOPPED')
      }
    })
  }
  requestReconcile(world, service, world.now + deployment.timing.placementDelay)
}

/** UpdateService with only a new desiredCount: no new deployment, the PRIMARY follows. */
export function changeDesiredCount(
  world: World,
  service: ServiceRecord,
  desiredCount: number
): void {
  service.desiredCount = desiredCount
  const primary = primaryOf(service)
  if (primary !== undefined && primary.rolloutState !== 'FAILED') {
    primary.desiredCount = desiredCount
    primary.updatedAt = world.now
  }
  requestReconcile(world, service, world.now + 1)
}

/** One pass of the service scheduler; called after every task or deployment change. */
export function reconcile(world: World, service: ServiceRecord): void {
  if (service.status !== 'ACTIVE') return
  const observer = observerFor(world, service)
  const primary = primaryOf(service)
  const others = service.deployments.filter((deployment) => deployment !== primary)
  const stopped: TaskRecord[] = []
  const stop = (task: TaskRecord, deployment: DeploymentRecord): void => {
    stopTaskByScheduler(world, task, deployment.timing, observer)
    stopped.push(task)
  }

  // Replaced deployments lose their unstarted tasks at once, failed ones lose everything.
  for (const deployment of others) {
    for (const task of liveTasks(world, deployment)) {
      if (deployment.rolloutState === 'FAILED' || task.lastStatus !== 'RUNNING')
        stop(task, deployment)
    }
  }

  // Stop old running tasks as long as minimumHealthyPercent still holds. Blue/green, linear and
  // canary keep them all until CLEAN_UP.
  if (
    primary !== undefined &&
    primary.rolloutState !== 'FAILED' &&
    !holdsOldTasks(world, primary)
  ) {
    const minimumHealthy = Math.ceil((service.desiredCount * service.minimumHealthyPercent) / 100)
    const healthyNew = liveTasks(world, primary).filter(isHealthy).length
    // Oldest deployments drain first.
    const oldRunning = [...others]
      .reverse()
      .flatMap((deployment) => liveTasks(world, deployment).map((task) => ({ task, deployment })))
    const excess = healthyNew + oldRunning.length - minimumHealthy
    for (const { task, deployment } of oldRunning.slice(0, Math.max(0, excess)))
      stop(task, deployment)
  }
  // A lower desired count (UpdateService, Application Auto Scaling) stops the PRIMARY's extra
  // tasks, newest first. unconfirmed: which tasks ECS picks (placement strategy and AZ balance).
  if (primary !== undefined && primary.rolloutState !== 'FAILED') {
    for (const task of liveTasks(world, primary).slice(primary.desiredCount).reverse())
      stop(task, primary)
  }
  if (stopped.length > 0) {
    addEvent(
      world,
      service,
      eventText.stopped(
        service.name,
        stopped.map((task) => task.id)
      )
    )
  }

  for (const deployment of others) {
    const remaining = liveTasks(world, deployment).length
    if (deployment.desiredCount !== remaining) {
      deployment.desiredCount = remaining
      deployment.updatedAt = world.now
    }
    const drained = world.tasksOf(deployment.id).every((task) => task.lastStatus === 'STOPPED')
    if (drained) retire(world, service, deployment)
  }

  if (primary !== undefined && primary.rolloutState !== 'FAILED') launchFor(world, service, primary)
  if (primary?.rolloutState === 'IN_PROGRESS') checkCompletion(world, service, primary)
}

function retire(world: World, service: ServiceRecord, deployment: DeploymentRecord): void {
  service.deployments = service.deployments.filter((candidate) => candidate !== deployment)
  service.retiredDeployments.push(deployment)
  world.record(`deployment ${deployment.id} INACTIVE (drained)`)
}

function launchFor(world: World, service: ServiceRecord, primary: DeploymentRecord): void {
  // Green scales to 100 % beside blue: maximumPercent does not cap a strategy deployment.
  const maximumTotal = holdsOldTasks(world, primary)
    ? Number.POSITIVE_INFINITY
    : Math.floor((service.desiredCount * service.maximumPercent) / 100)
  const running = service.deployments.reduce(
    (count, deployment) => count + liveTasks(world, deployment).length,
    0
  )
  const wanted = Math.min(
    primary.desiredCount - liveTasks(world, primary).length,
    maximumTotal - running
  )
  if (wanted <= 0) return
  if (world.now < primary.nextLaunchAt) {
    requestReconcile(world, service, primary.nextLaunchAt)
    return
  }
  const behaviour = primary.behaviour
  if (behaviour.kind === 'unplaceable') {
    // Nothing is created and nothing fails (placement.ts); the scheduler tries again.
    // unconfirmed: how often ECS retries a placement; it shows nothing between the events.
    reportUnplaceable(world, service, behaviour.shortage)
    primary.nextLaunchAt = world.now + PLACEMENT_RETRY
    requestReconcile(world, service, primary.nextLaunchAt)
    return
  }
  if (behaviour.kind === 'pull-error' && primary.launchedTasks >= behaviour.startedTasks) {
    // The scheduler gives up before a task exists: an event, a longer back-off, no failedTasks.
    addEvent(world, service, eventText.unableToPlace(service.name, pullErrorOf(world, primary)))
    recordFailure(world, service, primary, false)
    requestReconcile(world, service, primary.nextLaunchAt)
    return
  }
  primary.launchedTasks += wanted
  const observer = observerFor(world, service)
  const launched = Array.from({ length: wanted }, (_, index) =>
    launchTask(world, {
      service,
      deployment: primary,
      stagger: index * primary.timing.taskStagger,
      observer
    })
  )
  addEvent(
    world,
    service,
    eventText.started(
      service.name,
      launched.map((task) => task.id)
    )
  )
}

function checkCompletion(world: World, service: ServiceRecord, primary: DeploymentRecord): void {
  const live = liveTasks(world, primary)
  if (holdsOldTasks(world, primary)) {
    const greenReady =
      primary.desiredCount > 0 && live.length === primary.desiredCount && live.every(isHealthy)
    lifecycleReconciled(world, service, primary, lifecycleEngine, greenReady)
    return
  }
  const settled =
    service.deployments.length === 1 &&
    live.length === primary.desiredCount &&
    live.every(isHealthy)
  if (!settled) {
    primary.completeAt = undefined
    return
  }
  if (primary.completeAt === undefined) {
    // With deployment alarms the rollout bakes before COMPLETED (a rollback does not); a
    // strategy deployment has baked in BAKE_TIME already.
    const bake =
      primary.alarms.enable &&
      primary.rollbackFor === undefined &&
      !isStrategyDeployment(world, primary)
        ? primary.timing.alarmBakeTime
        : 0
    primary.completeAt = world.now + primary.timing.steadyStateDelay + bake
    requestReconcile(world, service, primary.completeAt)
    return
  }
  if (world.now >= primary.completeAt) complete(world, service, primary)
}

function complete(world: World, service: ServiceRecord, deployment: DeploymentRecord): void {
  deployment.rolloutState = 'COMPLETED'
  deployment.rolloutStateReason = rolloutReason.completed(deployment.id)
  deployment.updatedAt = world.now
  deployment.completeAt = undefined
  world.record(`deployment ${deployment.id} COMPLETED`)
  addEvent(world, service, eventText.deploymentCompleted(service.name, deployment.id))
  addEvent(world, service, eventText.steadyState(service.name))

  const rolledBack =
    deployment.rollbackFor === undefined
      ? undefined
      : world.serviceDeployments.get(deployment.rollbackFor)
  deployment.rollbackFor = undefined
  if (rolledBack !== undefined) {
    if (rolledBack.rollback !== undefined) rolledBack.rollback.startedAt ??= world.now
    if (!terminalStatuses.has(rolledBack.status)) {
      setServiceDeploymentStatus(world, rolledBack, 'ROLLBACK_SUCCESSFUL')
    }
    return
  }
  const own = serviceDeploymentOf(world, deployment)
  if (own !== undefined && (own.status === 'IN_PROGRESS' || own.status === 'PENDING')) {
    own.startedAt ??= world.now
    if (own.circuitBreaker.status === 'MONITORING')
      own.circuitBreaker.status = 'MONITORING_COMPLETE'
    if (own.alarms.status === 'MONITORING') own.alarms.status = 'MONITORING_COMPLETE'
    setServiceDeploymentStatus(world, own, 'SUCCESSFUL')
  }
}

function onTaskHealthy(world: World, service: ServiceRecord, task: TaskRecord): void {
  const deployment = service.deployments.find((candidate) => candidate.id === task.startedBy)
  if (deployment?.status === 'PRIMARY' && !deployment.hadHealthyTask) {
    // "Once a service deployment has one or more successfully running tasks, the failed task
    // count resets to zero and stops being evaluated." (Deployment.failedTasks, ECS model)
    deployment.hadHealthyTask = true
    deployment.consecutiveFailures = 0
    if (deployment.failedTasks > 0) {
      deployment.failedTasks = 0
      deployment.updatedAt = world.now
    }
  }
  reconcile(world, service)
}

function onTaskStopped(
  world: World,
  service: ServiceRecord,
  task: TaskRecord,
  failed: boolean
): void {
  if (failed && task.stopCode === 'TaskFailedToStart' && task.stoppedReason !== undefined) {
    addEvent(world, service, eventText.unableToPlace(service.name, task.stoppedReason))
  }
  const deployment = service.deployments.find((candidate) => candidate.id === task.startedBy)
  if (
    failed &&
    deployment?.status === 'PRIMARY' &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    !deployment.hadHealthyTask
  ) {
    recordFailure(world, service, deployment, true)
  }
  reconcile(world, service)
}

/** The pull error a deployment's image gets (the first container's image). */
function pullErrorOf(world: World, deployment: DeploymentRecord): string {
  const taskDefinition = resolveTaskDefinition(world, deployment.taskDefinitionArn)
  const [container] = taskDefinition === undefined ? [] : containerDefinitionsOf(taskDefinition)
  return stopReason.pullError(container?.image ?? '')
}

/**
 * A failed launch. `counted`: a task that never reached a healthy RUNNING state, which the circuit
 * breaker counts (failedTasks); placement failures only lengthen the back-off.
 */
function recordFailure(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  counted: boolean
): void {
  deployment.consecutiveFailures++
  if (counted) {
    deployment.failedTasks++
    deployment.updatedAt = world.now
    world.record(`deployment ${deployment.id} failedTasks ${deployment.failedTasks}`)
    const serviceDeployment = serviceDeploymentOf(world, deployment)
    // A re-activated (rollback) deployment's own service deployment is history: leave it alone.
    if (
      serviceDeployment !== undefined &&
      deployment.circuitBreaker.enable &&
      !terminalStatuses.has(serviceDeployment.status)
    ) {
      serviceDeployment.circuitBreaker.failureCount = deployment.failedTasks
      serviceDeployment.updatedAt = world.now
    }
    if (deployment.circuitBreaker.enable && deployment.failedTasks >= deployment.threshold) {
      failDeployment(world, service, deployment, { cause: 'circuit-breaker' })
      return
    }
  }
  const { backoff, throttleEventEvery } = deployment.timing
  const wait = backoff[Math.min(deployment.consecutiveFailures, backoff.length) - 1] ?? 0
  deployment.nextLaunchAt = world.now + wait
  const lastEvent = deployment.lastThrottleEventAt
  if (
    deployment.consecutiveFailures >= 3 &&
    (lastEvent === undefined || world.now - lastEvent >= throttleEventEvery)
  ) {
    deployment.lastThrottleEventAt = world.now
    addEvent(world, service, eventText.unableToStart(service.name))
  }
}

/** The most recent COMPLETED deployment, live or drained (DOC-CB: what a rollback returns to). */
export function rollbackTarget(
  service: ServiceRecord,
  failed: DeploymentRecord
): DeploymentRecord | undefined {
  return [...service.deployments, ...service.retiredDeployments]
    .filter((candidate) => candidate !== failed && candidate.rolloutState === 'COMPLETED')
    .sort((a, b) => b.createdAt - a.createdAt)[0]
}

/** What failed a deployment: the circuit breaker, a deployment alarm, or StopServiceDeployment. */
export type FailureCause =
  | { cause: 'circuit-breaker' }
  | { cause: 'alarm'; alarmName: string }
  | { cause: 'user' }
  | { cause: 'hook' }

const reasons: Readonly<
  Record<FailureCause['cause'], { failed: string; rollingBackTo: (id: string) => string }>
> = {
  'circuit-breaker': {
    failed: rolloutReason.breakerFailed,
    rollingBackTo: rolloutReason.rollingBackTo
  },
  alarm: { failed: rolloutReason.alarmFailed, rollingBackTo: rolloutReason.alarmRollingBackTo },
  user: { failed: rolloutReason.userRollback, rollingBackTo: rolloutReason.userRollingBackTo },
  hook: hookReason
}

/** Marks a deployment FAILED: it launches nothing more ("A deployment in FAILED state doesn't launch any new tasks"). */
export function markFailed(world: World, deployment: DeploymentRecord, reason: string): void {
  deployment.rolloutState = 'FAILED'
  deployment.rolloutStateReason = reason
  deployment.updatedAt = world.now
  deployment.completeAt = undefined
  world.record(`deployment ${deployment.id} FAILED`)
}

function failDeployment(
  world: World,
  service: ServiceRecord,
  failed: DeploymentRecord,
  why: Exclude<FailureCause, { cause: 'user' | 'hook' }>
): void {
  markFailed(world, failed, reasons[why.cause].failed)
  addEvent(
    world,
    service,
    why.cause === 'alarm'
      ? eventText.deploymentFailedAlarm(service.name, failed.id)
      : eventText.deploymentFailed(service.name, failed.id)
  )
  if (failed.rollbackFor !== undefined) {
    // The rollback itself failed. The deployment is not eligible for another rollback until it
    // is COMPLETED again (DOC-CB), so it stays PRIMARY and FAILED.
    const rolledBack = world.serviceDeployments.get(failed.rollbackFor)
    failed.rollbackFor = undefined
    if (rolledBack !== undefined && !terminalStatuses.has(rolledBack.status)) {
      setServiceDeploymentStatus(world, rolledBack, 'ROLLBACK_FAILED')
    }
    return
  }
  const serviceDeployment = serviceDeploymentOf(world, failed)
  if (serviceDeployment !== undefined) {
    if (why.cause === 'alarm') {
      serviceDeployment.alarms.status = 'TRIGGERED'
      serviceDeployment.alarms.triggeredAlarmNames.push(why.alarmName)
    } else {
      serviceDeployment.circuitBreaker.status = 'TRIGGERED'
      serviceDeployment.circuitBreaker.failureCount = failed.failedTasks
    }
  }
  const rollback = why.cause === 'alarm' ? failed.alarms.rollback : failed.circuitBreaker.rollback
  const target = rollback ? rollbackTarget(service, failed) : undefined
  if (target === undefined) {
    // Without rollback (or with nothing COMPLETED to return to) the FAILED deployment stays
    // PRIMARY and launches nothing more; the previous deployment keeps its tasks. With rollback
    // on and nothing COMPLETED, "the circuit breaker does not launch new tasks and the deployment
    // is stalled" (DOC-CB, deployment-circuit-breaker.html). unconfirmed: what the service
    // deployment shows then. STOPPED, as without rollback: the model documents STOPPED for a
    // failure that is not rolled back (ServiceDeployment.stoppedAt), no rollback ever starts (so
    // no ROLLBACK_*), and "stalled" describes the tasks, which IN_PROGRESS would misstate as a
    // rollout still under way.
    if (serviceDeployment !== undefined) {
      setServiceDeploymentStatus(world, serviceDeployment, 'STOPPED', {
        statusReason: reasons[why.cause].failed,
        stoppedAt: world.now
      })
    }
    return
  }
  rollBack(world, service, { failed, target, serviceDeployment, why })
}

export interface Rollback {
  failed: DeploymentRecord
  target: DeploymentRecord
  serviceDeployment: ServiceDeploymentRecord | undefined
  why: FailureCause
}

/** Re-activates `target` as PRIMARY; `failed` (already FAILED) is drained. */
export function rollBack(world: World, service: ServiceRecord, rollback: Rollback): void {
  const { failed, target, serviceDeployment, why } = rollback
  const texts = reasons[why.cause]
  failed.status = 'ACTIVE'
  failed.desiredCount = 0
  // The rollback re-activates the COMPLETED deployment under its own id (see the report:
  // a field write-up shows the PRIMARY id "back to its previous value", with a new createdAt).
  service.retiredDeployments = service.retiredDeployments.filter((old) => old !== target)
  service.deployments = [target, ...service.deployments.filter((old) => old !== target)]
  target.status = 'PRIMARY'
  target.rolloutState = 'IN_PROGRESS'
  target.rolloutStateReason = texts.rollingBackTo(target.id)
  target.desiredCount = service.desiredCount
  target.createdAt = world.now
  target.updatedAt = world.now
  target.completeAt = undefined
  target.nextLaunchAt = world.now
  target.rollbackFor = serviceDeployment?.arn
  // The rollback is a rollout of its own: failures count again from zero.
  target.failedTasks = 0
  target.consecutiveFailures = 0
  target.launchedTasks = 0
  target.hadHealthyTask = false
  target.lastThrottleEventAt = undefined
  if (failed.rollbackBehaviour !== undefined) target.behaviour = failed.rollbackBehaviour
  service.taskDefinitionArn = target.taskDefinitionArn
  const label = {
    'circuit-breaker': 'circuit breaker',
    alarm: 'alarm',
    user: 'user',
    hook: 'lifecycle hook'
  }[why.cause]
  world.record(`deployment ${target.id} PRIMARY IN_PROGRESS (${label} rollback)`)
  addEvent(world, service, eventText.rollingBack(service.name, target.id))
  if (serviceDeployment !== undefined) {
    lifecycleRolledBack(world, serviceDeployment)
    setServiceDeploymentStatus(world, serviceDeployment, 'ROLLBACK_REQUESTED', {
      statusReason: texts.failed,
      rollback: {
        reason: texts.rollingBackTo(target.id),
        startedAt: undefined,
        serviceRevisionArn: target.revisionArn
      }
    })
    world.scheduler.after(
      failed.timing.rollbackStartDelay,
      `rollback ${serviceDeployment.arn}`,
      () => {
        if (serviceDeployment.status !== 'ROLLBACK_REQUESTED') return
        if (serviceDeployment.rollback !== undefined)
          serviceDeployment.rollback.startedAt = world.now
        setServiceDeploymentStatus(world, serviceDeployment, 'ROLLBACK_IN_PROGRESS')
      }
    )
  }
  reconcile(world, service)
}

/** ContinueServiceDeployment ROLLBACK, or a hook timing out with ROLLBACK: like StopServiceDeployment's. */
function rollBackForHook(world: World, service: ServiceRecord, deployment: DeploymentRecord): void {
  const target = rollbackTarget(service, deployment)
  const serviceDeployment = serviceDeploymentOf(world, deployment)
  if (target === undefined) {
    // Not confirmed: with nothing to return to, the deployment is stopped where it is.
    markFailed(world, deployment, hookReason.failed)
    if (serviceDeployment !== undefined) {
      setServiceDeploymentStatus(world, serviceDeployment, 'STOPPED', {
        statusReason: hookReason.failed,
        stoppedAt: world.now
      })
    }
    reconcile(world, service)
    return
  }
  markFailed(world, deployment, hookReason.failed)
  rollBack(world, service, {
    failed: deployment,
    target,
    serviceDeployment,
    why: { cause: 'hook' }
  })
}

/** What the lifecycle of blue/green, linear and canary deployments asks of the scheduler. */
export const lifecycleEngine: LifecycleEngine = { reconcile, alarmFired, rollBackForHook }
