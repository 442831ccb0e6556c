// The ECS service scheduler for rolling updates, as observed from outside: it launches tasks
// for the PRIMARY deployment within maximumPercent, stops old tasks while keeping
// minimumHealthyPercent, counts failed launches, backs off, trips the circuit breaker (and
// rolls back to the last COMPLETED deployment), and declares the rollout COMPLETED.

import {
  circuitBreakerThreshold,
  createServiceDeployment,
  createServiceRevision,
  setServiceDeploymentStatus,
  terminalStatuses
} from './history.js'
import { eventText, rolloutReason } from './messages.js'
import { defaultTiming, timingOf } from './scenarios.js'
import type {
  DeploymentRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
  World
} from './state.js'
import { launchTask, stopTaskByScheduler, type TaskObserver } from './tasks.js'

const MAX_EVENTS = 100

export function addEvent(world: World, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: world.ids.uuid(), createdAt: world.now, message })
  service.events.length = Math.min(service.events.length, MAX_EVENTS)
}

const primaryOf = (service: ServiceRecord): DeploymentRecord | undefined =>
  service.deployments.find((deployment) => deployment.status === 'PRIMARY')

const serviceDeploymentOf = (
  world: World,
  deployment: DeploymentRecord
): ServiceDeploymentRecord | undefined =>
  world.serviceDeployments.get(deployment.serviceDeploymentArn)

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
  /** 'caller' = an UpdateService request; 'other' = another actor (superseded scenario). */
  origin: 'caller' | 'other'
}

/** What UpdateService does when it triggers a deployment. */
export function startDeployment(
  world: World,
  service: ServiceRecord,
  spec: NewDeployment
): DeploymentRecord {
  const scenario = world.scenario()
  const byCaller = spec.origin === 'caller'
  const previous = [...service.deployments]
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
    behaviour: byCaller ? scenario.newTasks : { kind: 'healthy' },
    timing: byCaller ? timingOf(scenario) : defaultTiming,
    circuitBreaker: { ...service.circuitBreaker },
    threshold: circuitBreakerThreshold(service.desiredCount),
    consecutiveFailures: 0,
    nextLaunchAt: world.now,
    hadHealthyTask: false,
    lastThrottleEventAt: undefined,
    completeAt: undefined
  }
  service.deployments.unshift(deployment)
  const serviceDeployment = createServiceDeployment(world, service, {
    deployment,
    sourceRevisionArns: previous.map((old) => old.revisionArn),
    status: 'PENDING'
  })
  deployment.serviceDeploymentArn = serviceDeployment.arn
  service.taskDefinitionArn = spec.taskDefinition.arn
  service.currentServiceDeploymentArn = serviceDeployment.arn
  world.record(`deployment ${id} PRIMARY IN_PROGRESS (${spec.origin}) ${spec.taskDefinition.arn}`)
  world.record(`service-deployment PENDING ${serviceDeployment.arn}`)
  const supersededServiceDeployment =
    supersededPrimary === undefined ? undefined : serviceDeploymentOf(world, supersededPrimary)
  world.scheduler.after(deployment.timing.activateAfter, `activate ${id}`, () => {
    activate(world, service, deployment, supersededServiceDeployment)
  })
  return deployment
}

function activate(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  superseded: ServiceDeploymentRecord | undefined
): void {
  const serviceDeployment = serviceDeploymentOf(world, deployment)
  if (deployment.status === 'PRIMARY') {
    deployment.desiredCount = service.desiredCount
    deployment.updatedAt = world.now
  }
  if (serviceDeployment?.status === 'PENDING') {
    serviceDeployment.startedAt = world.now
    setServiceDeploymentStatus(world, serviceDeployment, 'IN_PROGRESS')
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

  // Stop old running tasks as long as minimumHealthyPercent still holds.
  if (primary !== undefined && primary.rolloutState !== 'FAILED') {
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
  const maximumTotal = Math.floor((service.desiredCount * service.maximumPercent) / 100)
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
  const settled =
    service.deployments.length === 1 &&
    live.length === primary.desiredCount &&
    live.every(isHealthy)
  if (!settled) {
    primary.completeAt = undefined
    return
  }
  if (primary.completeAt === undefined) {
    primary.completeAt = world.now + primary.timing.steadyStateDelay
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
  const deployment = service.deployments.find((candidate) => candidate.id === task.startedBy)
  if (
    failed &&
    deployment?.status === 'PRIMARY' &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    !deployment.hadHealthyTask
  ) {
    countFailure(world, service, deployment)
  }
  reconcile(world, service)
}

function countFailure(world: World, service: ServiceRecord, deployment: DeploymentRecord): void {
  deployment.failedTasks++
  deployment.consecutiveFailures++
  deployment.updatedAt = world.now
  world.record(`deployment ${deployment.id} failedTasks ${deployment.failedTasks}`)
  const serviceDeployment = serviceDeploymentOf(world, deployment)
  if (serviceDeployment !== undefined && deployment.circuitBreaker.enable) {
    serviceDeployment.circuitBreaker.failureCount = deployment.failedTasks
    serviceDeployment.updatedAt = world.now
  }
  if (deployment.circuitBreaker.enable && deployment.failedTasks >= deployment.threshold) {
    tripBreaker(world, service, deployment)
    return
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
function rollbackTarget(
  service: ServiceRecord,
  failed: DeploymentRecord
): DeploymentRecord | undefined {
  return [...service.deployments, ...service.retiredDeployments]
    .filter((candidate) => candidate !== failed && candidate.rolloutState === 'COMPLETED')
    .sort((a, b) => b.createdAt - a.createdAt)[0]
}

function tripBreaker(world: World, service: ServiceRecord, failed: DeploymentRecord): void {
  failed.rolloutState = 'FAILED'
  failed.rolloutStateReason = rolloutReason.breakerFailed
  failed.updatedAt = world.now
  world.record(`deployment ${failed.id} FAILED`)
  addEvent(world, service, eventText.deploymentFailed(service.name, failed.id))
  const serviceDeployment = serviceDeploymentOf(world, failed)
  if (serviceDeployment !== undefined) {
    serviceDeployment.circuitBreaker.status = 'TRIGGERED'
    serviceDeployment.circuitBreaker.failureCount = failed.failedTasks
  }
  const target = failed.circuitBreaker.rollback ? rollbackTarget(service, failed) : undefined
  if (target === undefined) {
    // Without rollback (or with nothing COMPLETED to return to) the FAILED deployment stays
    // PRIMARY and launches nothing more; the previous deployment keeps its tasks.
    if (serviceDeployment !== undefined) {
      setServiceDeploymentStatus(world, serviceDeployment, 'STOPPED', {
        statusReason: rolloutReason.breakerFailed,
        stoppedAt: world.now
      })
    }
    return
  }
  rollBack(world, service, failed, target, serviceDeployment)
}

function rollBack(
  world: World,
  service: ServiceRecord,
  failed: DeploymentRecord,
  target: DeploymentRecord,
  serviceDeployment: ServiceDeploymentRecord | undefined
): void {
  failed.status = 'ACTIVE'
  failed.desiredCount = 0
  // The rollback re-activates the COMPLETED deployment under its own id (see the report:
  // a field write-up shows the PRIMARY id "back to its previous value", with a new createdAt).
  service.retiredDeployments = service.retiredDeployments.filter((old) => old !== target)
  service.deployments = [target, ...service.deployments.filter((old) => old !== target)]
  target.status = 'PRIMARY'
  target.rolloutState = 'IN_PROGRESS'
  target.rolloutStateReason = rolloutReason.rollingBackTo(target.id)
  target.desiredCount = service.desiredCount
  target.createdAt = world.now
  target.updatedAt = world.now
  target.completeAt = undefined
  target.nextLaunchAt = world.now
  target.rollbackFor = serviceDeployment?.arn
  service.taskDefinitionArn = target.taskDefinitionArn
  world.record(`deployment ${target.id} PRIMARY IN_PROGRESS (circuit breaker rollback)`)
  addEvent(world, service, eventText.rollingBack(service.name, target.id))
  if (serviceDeployment !== undefined) {
    setServiceDeploymentStatus(world, serviceDeployment, 'ROLLBACK_REQUESTED', {
      statusReason: rolloutReason.breakerFailed,
      rollback: {
        reason: rolloutReason.rollingBackTo(target.id),
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
