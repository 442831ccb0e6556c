// Task sets of a CODE_DEPLOY service. Each one is kept as a DeploymentRecord in
// service.deployments (PRIMARY: the set serving production traffic), so task bookkeeping is
// shared with the ECS engine; DescribeServices shows them as taskSets[] and an empty
// deployments[], as ECS does for this controller.

import { ACCOUNT_ID, arns } from '../arns.js'
import { createServiceRevision } from '../history.js'
import { defaultTiming } from '../scenarios.js'
import type {
  DeploymentRecord,
  JsonObject,
  ServiceRecord,
  TaskDefinitionRecord,
  World
} from '../state.js'
import { launchTask, stopTaskByScheduler, type TaskObserver } from '../tasks.js'
import { codeDeployOf } from './state.js'

const seconds = (value: number): number => Math.round(value * 1000) / 1000
const ignore: TaskObserver = { healthy: () => undefined, stopped: () => undefined }

/** The replacement (green) task set: ACTIVE, no production traffic, its tasks starting. */
export function createTaskSet(
  world: World,
  service: ServiceRecord,
  taskDefinition: TaskDefinitionRecord,
  owner: string
): DeploymentRecord {
  const template = service.deployments[0]
  if (template === undefined) throw new Error(`service ${service.name} has no task set`)
  const id = world.ids.deploymentId()
  const revision = createServiceRevision(world, service, taskDefinition, id)
  const taskSet: DeploymentRecord = {
    ...template,
    id,
    status: 'ACTIVE',
    taskDefinitionArn: taskDefinition.arn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: world.now,
    updatedAt: world.now,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: '',
    revisionArn: revision.arn,
    serviceDeploymentArn: '',
    rollbackFor: undefined,
    behaviour: { kind: 'healthy' },
    timing: defaultTiming,
    rollbackBehaviour: undefined,
    consecutiveFailures: 0,
    launchedTasks: service.desiredCount,
    nextLaunchAt: world.now,
    hadHealthyTask: false,
    lastThrottleEventAt: undefined,
    completeAt: undefined
  }
  service.deployments.push(taskSet)
  codeDeployOf(world).taskSetOwners.set(id, owner)
  for (let index = 0; index < service.desiredCount; index++) {
    launchTask(world, {
      service,
      deployment: taskSet,
      stagger: index * defaultTiming.taskStagger,
      observer: ignore
    })
  }
  return taskSet
}

/** Production traffic moves to `taskSet`: it becomes PRIMARY and the service runs its revision. */
export function promoteTaskSet(
  world: World,
  service: ServiceRecord,
  taskSet: DeploymentRecord
): void {
  for (const other of service.deployments) {
    if (other.status === 'PRIMARY') other.updatedAt = world.now
    other.status = 'ACTIVE'
  }
  taskSet.status = 'PRIMARY'
  taskSet.rolloutState = 'COMPLETED'
  taskSet.updatedAt = world.now
  service.deployments.sort((a, b) => (a.status === 'PRIMARY' ? -1 : b.status === 'PRIMARY' ? 1 : 0))
  service.taskDefinitionArn = taskSet.taskDefinitionArn
}

/** CodeDeploy deletes a task set: its tasks are stopped and it leaves the service. */
export function removeTaskSet(world: World, service: ServiceRecord, taskSetId: string): void {
  const taskSet = service.deployments.find((d) => d.id === taskSetId)
  if (taskSet === undefined) return
  for (const task of world.tasksOf(taskSet.id))
    stopTaskByScheduler(world, task, taskSet.timing, ignore)
  service.deployments = service.deployments.filter((d) => d.id !== taskSetId)
  service.retiredDeployments.push(taskSet)
}

export function findTaskSet(
  service: ServiceRecord,
  id: string | undefined
): DeploymentRecord | undefined {
  return id === undefined ? undefined : service.deployments.find((d) => d.id === id)
}

export function taskSetCounts(
  world: World,
  taskSet: DeploymentRecord
): { running: number; pending: number } {
  const tasks = world.tasksOf(taskSet.id)
  return {
    running: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pending: tasks.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING')
      .length
  }
}

/** DescribeServices `taskSets[]` of a CODE_DEPLOY service (ECS TaskSet shape). */
export function taskSetsWire(world: World, service: ServiceRecord): JsonObject[] {
  const owners = codeDeployOf(world).taskSetOwners
  return service.deployments.map((taskSet) => {
    const { running, pending } = taskSetCounts(world, taskSet)
    const steady = running === taskSet.desiredCount && pending === 0
    return {
      id: taskSet.id,
      taskSetArn: `arn:aws:ecs:${world.region}:${ACCOUNT_ID}:task-set/${service.cluster}/${service.name}/${taskSet.id}`,
      serviceArn: service.arn,
      clusterArn: arns.cluster(world.region, service.cluster),
      // ECS docs: a task set CodeDeploy created has startedBy CODE_DEPLOY and the CodeDeploy
      // deployment id as externalId.
      startedBy: 'CODE_DEPLOY',
      externalId: owners.get(taskSet.id),
      status: taskSet.status,
      taskDefinition: taskSet.taskDefinitionArn,
      computedDesiredCount: taskSet.desiredCount,
      pendingCount: pending,
      runningCount: running,
      createdAt: seconds(taskSet.createdAt),
      updatedAt: seconds(taskSet.updatedAt),
      launchType: taskSet.launchType,
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: world.serviceRevisions.get(taskSet.revisionArn)?.networkConfiguration,
      loadBalancers: [],
      serviceRegistries: [],
      scale: { value: 100, unit: 'PERCENT' },
      stabilityStatus: steady ? 'STEADY_STATE' : 'STABILIZING',
      stabilityStatusAt: seconds(taskSet.updatedAt)
    }
  })
}
