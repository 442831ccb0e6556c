// Service revisions and service deployments: the history view ECS added in 2024
// (ListServiceDeployments / DescribeServiceDeployments / DescribeServiceRevisions).

import { arns } from './arns.js'
import { digestForImage } from './registry.js'
import type {
  DeploymentRecord,
  JsonObject,
  RevisionCounts,
  ServiceDeploymentRecord,
  ServiceDeploymentStatus,
  ServiceRecord,
  ServiceRevisionRecord,
  TaskDefinitionRecord,
  TaskRecord,
  World
} from './state.js'
import { containerDefinitionsOf } from './task-definitions.js'

export const terminalStatuses: ReadonlySet<ServiceDeploymentStatus> = new Set([
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
])

/**
 * The circuit breaker's failure threshold since January 2024: half the desired count, rounded
 * up, at least 3 and at most 200 (What's New 2024-01; ServiceDeploymentCircuitBreaker.threshold).
 */
export const circuitBreakerThreshold = (desiredCount: number): number =>
  Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)))

export function deploymentConfigurationOf(service: ServiceRecord): JsonObject {
  return {
    deploymentCircuitBreaker: { ...service.circuitBreaker },
    maximumPercent: service.maximumPercent,
    minimumHealthyPercent: service.minimumHealthyPercent,
    alarms: { ...service.alarms, alarmNames: [...service.alarms.alarmNames] }
  }
}

export function createServiceRevision(
  world: World,
  service: ServiceRecord,
  taskDefinition: TaskDefinitionRecord,
  deploymentId: string
): ServiceRevisionRecord {
  const revision: ServiceRevisionRecord = {
    arn: arns.serviceRevision(
      world.region,
      service.cluster,
      service.name,
      world.ids.serviceRevisionId()
    ),
    cluster: service.cluster,
    serviceName: service.name,
    taskDefinitionArn: taskDefinition.arn,
    launchType: service.launchType,
    createdAt: world.now,
    containerImages: containerDefinitionsOf(taskDefinition).map((container) => ({
      containerName: container.name,
      image: container.image,
      imageDigest: digestForImage(world, container.image)
    })),
    networkConfiguration: service.networkConfiguration,
    deploymentId
  }
  world.serviceRevisions.set(revision.arn, revision)
  return revision
}

export interface NewServiceDeployment {
  deployment: DeploymentRecord
  sourceRevisionArns: string[]
  status: ServiceDeploymentStatus
  /** Seconds before the service-deployments API shows it (default 0: at once). */
  listingLag?: number
}

export function createServiceDeployment(
  world: World,
  service: ServiceRecord,
  spec: NewServiceDeployment
): ServiceDeploymentRecord {
  const { deployment } = spec
  const record: ServiceDeploymentRecord = {
    arn: arns.serviceDeployment(
      world.region,
      service.cluster,
      service.name,
      world.ids.serviceDeploymentId()
    ),
    cluster: service.cluster,
    serviceName: service.name,
    deploymentId: deployment.id,
    createdAt: world.now,
    startedAt: undefined,
    finishedAt: undefined,
    stoppedAt: undefined,
    updatedAt: world.now,
    sourceRevisionArns: spec.sourceRevisionArns,
    targetRevisionArn: deployment.revisionArn,
    status: spec.status,
    statusReason: undefined,
    deploymentConfiguration: deploymentConfigurationOf(service),
    rollback: undefined,
    circuitBreaker: {
      status: deployment.circuitBreaker.enable ? 'MONITORING' : 'DISABLED',
      failureCount: 0,
      threshold: deployment.threshold
    },
    alarms: {
      status: deployment.alarms.enable ? 'MONITORING' : 'DISABLED',
      alarmNames: [...deployment.alarms.alarmNames],
      triggeredAlarmNames: []
    },
    listedAt: world.now + (spec.listingLag ?? 0),
    frozenCounts: undefined
  }
  world.serviceDeployments.set(record.arn, record)
  return record
}

/** Whether the service-deployments API shows the record yet (ECS is eventually consistent). */
export const isListed = (world: World, record: ServiceDeploymentRecord): boolean =>
  record.listedAt <= world.now

/**
 * `currentServiceDeployment` as DescribeServices and UpdateService show it: while the current
 * service deployment is not listed yet, the newest one that is (the previous one), or none.
 * unconfirmed: that ECS's own lag reaches this member too; the listing lag it shows in
 * ListServiceDeployments (see scenarios.ts, listing-lag) is the source.
 */
export function visibleCurrentServiceDeployment(
  world: World,
  service: ServiceRecord
): string | undefined {
  const arn = service.currentServiceDeploymentArn
  const current = arn === undefined ? undefined : world.serviceDeployments.get(arn)
  if (current === undefined || isListed(world, current)) return arn
  return [...world.serviceDeployments.values()]
    .filter(
      (record) =>
        record.cluster === service.cluster &&
        record.serviceName === service.name &&
        isListed(world, record)
    )
    .sort((a, b) => b.createdAt - a.createdAt)[0]?.arn
}

const isRunning = (task: TaskRecord): boolean => task.lastStatus === 'RUNNING'
const isPending = (task: TaskRecord): boolean =>
  task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING'

export function liveRevisionCounts(world: World, revisionArn: string): RevisionCounts {
  const revision = world.serviceRevisions.get(revisionArn)
  if (revision === undefined) {
    return { arn: revisionArn, requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 }
  }
  const service = world.clusters.get(revision.cluster)?.services.get(revision.serviceName)
  const deployment = service?.deployments.find(
    (candidate) => candidate.id === revision.deploymentId
  )
  const tasks = world.tasksOf(revision.deploymentId)
  return {
    arn: revisionArn,
    requestedTaskCount: deployment?.desiredCount ?? 0,
    runningTaskCount: tasks.filter(isRunning).length,
    pendingTaskCount: tasks.filter(isPending).length
  }
}

/** Counts as ECS reports them: live while ongoing, frozen at the moment the deployment finished. */
export function revisionCounts(
  world: World,
  serviceDeployment: ServiceDeploymentRecord,
  revisionArn: string
): RevisionCounts {
  return serviceDeployment.frozenCounts?.get(revisionArn) ?? liveRevisionCounts(world, revisionArn)
}

export function setServiceDeploymentStatus(
  world: World,
  serviceDeployment: ServiceDeploymentRecord,
  status: ServiceDeploymentStatus,
  changes: Partial<Pick<ServiceDeploymentRecord, 'statusReason' | 'rollback' | 'stoppedAt'>> = {}
): void {
  Object.assign(serviceDeployment, changes)
  serviceDeployment.status = status
  serviceDeployment.updatedAt = world.now
  if (terminalStatuses.has(status)) {
    serviceDeployment.finishedAt = world.now
    serviceDeployment.frozenCounts = new Map(
      [serviceDeployment.targetRevisionArn, ...serviceDeployment.sourceRevisionArns].map((arn) => [
        arn,
        liveRevisionCounts(world, arn)
      ])
    )
  }
  world.record(`service-deployment ${status} ${serviceDeployment.arn}`)
}
