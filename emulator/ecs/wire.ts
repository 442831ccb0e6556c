// Internal records → the JSON shapes ECS returns. Timestamps go out as epoch seconds (JSON
// numbers with millisecond precision), as awsJson1_1 does; undefined members are omitted.

import { ACCOUNT_ID, arns } from '../arns.js'
import { taskSetsWire } from '../codedeploy/task-sets.js'
import {
  deploymentConfigurationOf,
  liveRevisionCounts,
  revisionCounts,
  visibleCurrentServiceDeployment
} from '../history.js'
import { lifecycleWire, weightsWire } from '../lifecycle.js'
import { strategyConfigurationWire } from '../strategies.js'
import type {
  DeploymentRecord,
  JsonObject,
  ServiceDeploymentRecord,
  ServiceRecord,
  ServiceRevisionRecord,
  TaskDefinitionRecord,
  TaskRecord,
  World
} from '../state.js'

export const epochSeconds = (seconds: number): number => Math.round(seconds * 1000) / 1000
const optionalSeconds = (seconds: number | undefined): number | undefined =>
  seconds === undefined ? undefined : epochSeconds(seconds)

const countTasks = (tasks: TaskRecord[], statuses: readonly string[]): number =>
  tasks.filter((task) => statuses.includes(task.lastStatus)).length
const PENDING = ['PROVISIONING', 'PENDING']

export function deploymentWire(world: World, deployment: DeploymentRecord): JsonObject {
  const tasks = world.tasksOf(deployment.id)
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: countTasks(tasks, PENDING),
    runningCount: countTasks(tasks, ['RUNNING']),
    failedTasks: deployment.failedTasks,
    // Deployment.createdAt / updatedAt (API reference, Deployment: "The Unix timestamp for the
    // time when the service deployment was created" / "last updated"): on every deployment;
    // rollout.ts moves updatedAt with each change of status, rolloutState, desired or failed
    // count, including an old deployment a rollback re-activates (deployment-records test).
    createdAt: epochSeconds(deployment.createdAt),
    updatedAt: epochSeconds(deployment.updatedAt),
    launchType: deployment.launchType,
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: world.serviceRevisions.get(deployment.revisionArn)?.networkConfiguration,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason
  }
}

export function serviceWire(world: World, service: ServiceRecord, withTags: boolean): JsonObject {
  const tasks = service.deployments.flatMap((deployment) => world.tasksOf(deployment.id))
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: arns.cluster(world.region, service.cluster),
    loadBalancers: service.loadBalancers ?? [],
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: countTasks(tasks, ['RUNNING']),
    pendingCount: countTasks(tasks, PENDING),
    launchType: service.launchType,
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      ...deploymentConfigurationOf(service),
      // Rolling services keep the members they always had (no `strategy` echoed).
      ...(service.strategy !== undefined && strategyConfigurationWire(service.strategy))
    },
    // A CODE_DEPLOY service shows its task sets and no deployments (ECS API reference).
    deployments:
      service.controller === 'CODE_DEPLOY'
        ? []
        : service.deployments.map((deployment) => deploymentWire(world, deployment)),
    taskSets: service.controller === 'CODE_DEPLOY' ? taskSetsWire(world, service) : undefined,
    roleArn: undefined,
    events: service.events.map((event) => ({
      id: event.id,
      createdAt: epochSeconds(event.createdAt),
      message: event.message
    })),
    createdAt: epochSeconds(service.createdAt),
    currentServiceDeployment: visibleCurrentServiceDeployment(world, service),
    currentServiceRevisions: service.deployments.map((deployment) =>
      liveRevisionCounts(world, deployment.revisionArn)
    ),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: service.networkConfiguration,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: service.controller },
    tags: withTags ? [] : undefined,
    createdBy: service.createdBy,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED'
  }
}

export function taskDefinitionWire(record: TaskDefinitionRecord): JsonObject {
  const requiresAttributes = [
    { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' },
    { name: 'ecs.capability.execution-role-awslogs' },
    { name: 'ecs.capability.task-eni' },
    { name: 'com.amazonaws.ecs.capability.ecr-auth' },
    { name: 'ecs.capability.execution-role-ecr-pull' }
  ]
  return {
    taskDefinitionArn: record.arn,
    ...record.definition,
    family: record.family,
    revision: record.revision,
    status: record.status,
    requiresAttributes,
    registeredAt: epochSeconds(record.registeredAt),
    registeredBy: record.registeredBy
  }
}

export function taskWire(world: World, task: TaskRecord): JsonObject {
  return {
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: `${world.region}a`,
    clusterArn: arns.cluster(world.region, task.cluster),
    connectivity: 'CONNECTED',
    containers: task.containers.map((container) => ({
      containerArn: `arn:aws:ecs:${world.region}:${ACCOUNT_ID}:container/${task.cluster}/${task.id}/${container.runtimeId}`,
      taskArn: task.arn,
      name: container.name,
      image: container.image,
      imageDigest: container.imageDigest,
      runtimeId: container.runtimeId,
      lastStatus: container.lastStatus,
      exitCode: container.exitCode,
      reason: container.reason,
      networkInterfaces: [],
      healthStatus: container.healthStatus ?? 'UNKNOWN',
      cpu: '0'
    })),
    cpu: task.cpu,
    createdAt: epochSeconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: optionalSeconds(task.executionStoppedAt),
    group: task.standalone?.group ?? `service:${task.serviceName}`,
    healthStatus: task.healthStatus ?? 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    memory: task.memory,
    overrides: task.standalone?.overrides ?? {
      containerOverrides: task.containers.map((container) => ({ name: container.name }))
    },
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    pullStartedAt: optionalSeconds(task.pullStartedAt),
    pullStoppedAt: optionalSeconds(task.pullStoppedAt),
    startedAt: optionalSeconds(task.startedAt),
    // Absent for a task started without one (RunTask without startedBy).
    startedBy: task.startedBy === '' ? undefined : task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: optionalSeconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: optionalSeconds(task.stoppingAt),
    tags: task.standalone?.tags ?? [],
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
    ephemeralStorage: { sizeInGiB: 20 }
  }
}

export function serviceDeploymentWire(world: World, record: ServiceDeploymentRecord): JsonObject {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: arns.service(world.region, record.cluster, record.serviceName),
    clusterArn: arns.cluster(world.region, record.cluster),
    createdAt: epochSeconds(record.createdAt),
    startedAt: optionalSeconds(record.startedAt),
    finishedAt: optionalSeconds(record.finishedAt),
    stoppedAt: optionalSeconds(record.stoppedAt),
    updatedAt: epochSeconds(record.updatedAt),
    sourceServiceRevisions: record.sourceRevisionArns.map((arn) => ({
      ...revisionCounts(world, record, arn),
      ...weightsWire(record, arn)
    })),
    targetServiceRevision: {
      ...revisionCounts(world, record, record.targetRevisionArn),
      ...weightsWire(record, record.targetRevisionArn)
    },
    status: record.status,
    statusReason: record.statusReason,
    ...lifecycleWire(record),
    deploymentConfiguration: record.deploymentConfiguration,
    rollback:
      record.rollback === undefined
        ? undefined
        : {
            reason: record.rollback.reason,
            startedAt: optionalSeconds(record.rollback.startedAt),
            serviceRevisionArn: record.rollback.serviceRevisionArn
          },
    deploymentCircuitBreaker: { ...record.circuitBreaker },
    // The CLI example of a deployment without alarms shows only {"status": "DISABLED"}.
    alarms:
      record.alarms.status === 'DISABLED'
        ? { status: 'DISABLED' }
        : {
            status: record.alarms.status,
            alarmNames: record.alarms.alarmNames,
            triggeredAlarmNames: record.alarms.triggeredAlarmNames
          }
  }
}

export function serviceDeploymentBriefWire(
  world: World,
  record: ServiceDeploymentRecord
): JsonObject {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: arns.service(world.region, record.cluster, record.serviceName),
    clusterArn: arns.cluster(world.region, record.cluster),
    startedAt: optionalSeconds(record.startedAt),
    createdAt: epochSeconds(record.createdAt),
    finishedAt: optionalSeconds(record.finishedAt),
    targetServiceRevisionArn: record.targetRevisionArn,
    status: record.status,
    statusReason: record.statusReason
  }
}

export function serviceRevisionWire(world: World, record: ServiceRevisionRecord): JsonObject {
  return {
    serviceRevisionArn: record.arn,
    serviceArn: arns.service(world.region, record.cluster, record.serviceName),
    clusterArn: arns.cluster(world.region, record.cluster),
    taskDefinition: record.taskDefinitionArn,
    launchType: record.launchType,
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    loadBalancers: [],
    serviceRegistries: [],
    networkConfiguration: record.networkConfiguration,
    containerImages: record.containerImages,
    guardDutyEnabled: false,
    createdAt: epochSeconds(record.createdAt)
  }
}
