// The state every emulated region starts from: clusters `prod` (by default) and `default`,
// task-definition family `web` revision 1, service `web` with two RUNNING tasks whose single
// deployment COMPLETED a day ago, and the ECR repository `web`. Scenarios then adjust the
// service (absent, DRAINING, circuit breaker settings).

import { ACCOUNT_ID, arns } from './arns.js'
import {
  circuitBreakerThreshold,
  createServiceDeployment,
  createServiceRevision
} from './history.js'
import { ensureLogGroup, logStarted } from './logs.js'
import { eventText, rolloutReason, stopReason } from './messages.js'
import { registryHost, seedRepositories, seededRepository } from './registry.js'
import { defaultTiming, type DeploymentAlarmsConfig, type ScenarioDefinition } from './scenarios.js'
import type { DeploymentRecord, ServiceRecord, World } from './state.js'
import { registerTaskDefinition, resolveTaskDefinition } from './task-definitions.js'
import { newTask } from './tasks.js'

export interface SeedOptions {
  cluster: string
  service: string
  family: string
  desiredCount: number
}

const DAY = 86_400
const ADMIN = `arn:aws:iam::${ACCOUNT_ID}:role/platform-admin`

export function seedWorld(world: World, options: SeedOptions): void {
  for (const name of new Set([options.cluster, 'default'])) {
    world.clusters.set(name, { name, arn: arns.cluster(world.region, name), services: new Map() })
  }
  seedRepositories(world, world.now)
  registerTaskDefinition(world, {
    family: options.family,
    members: {
      containerDefinitions: [
        {
          name: 'app',
          image: `${registryHost(world.region)}/${seededRepository}:1.0.0`,
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': `/ecs/${options.family}`,
              'awslogs-region': world.region,
              'awslogs-stream-prefix': 'ecs'
            }
          }
        }
      ],
      executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512'
    },
    tags: [],
    registeredBy: ADMIN
  })
  const [revision] = world.families.get(options.family) ?? []
  if (revision !== undefined) revision.registeredAt = world.now - 7 * DAY
  ensureLogGroup(world, `/ecs/${options.family}`, world.now - 30 * DAY)
}

const noAlarms = (): DeploymentAlarmsConfig => ({ alarmNames: [], enable: false, rollback: false })

/** Makes the seeded service match what a scenario expects; also used by setScenario. */
export function applyScenario(
  world: World,
  scenario: ScenarioDefinition,
  options: SeedOptions
): void {
  const cluster = world.clusters.get(options.cluster)
  if (cluster === undefined) return
  if (scenario.service === 'missing') {
    // Deleting a service deletes its service deployments too (service-deployment docs).
    cluster.services.delete(options.service)
    for (const [arn, record] of world.serviceDeployments) {
      if (record.cluster === cluster.name && record.serviceName === options.service) {
        world.serviceDeployments.delete(arn)
      }
    }
    return
  }
  let service = cluster.services.get(options.service)
  if (service === undefined || (scenario.service === 'present' && service.status !== 'ACTIVE')) {
    service = seedService(world, options)
    cluster.services.set(service.name, service)
  }
  service.circuitBreaker = { ...scenario.circuitBreaker }
  const alarms = scenario.alarms ?? noAlarms()
  service.alarms = { ...alarms, alarmNames: [...alarms.alarmNames] }
  service.maximumPercent = scenario.deploymentConfiguration?.maximumPercent ?? 200
  service.minimumHealthyPercent = scenario.deploymentConfiguration?.minimumHealthyPercent ?? 100
  if (scenario.service === 'draining') drain(world, service)
}

function seedService(world: World, options: SeedOptions): ServiceRecord {
  const taskDefinition = resolveTaskDefinition(world, options.family)
  if (taskDefinition === undefined) throw new Error(`seed: family ${options.family} is missing`)
  const deployedAt = world.now - DAY
  const service: ServiceRecord = {
    name: options.service,
    arn: arns.service(world.region, options.cluster, options.service),
    cluster: options.cluster,
    status: 'ACTIVE',
    desiredCount: options.desiredCount,
    launchType: 'FARGATE',
    taskDefinitionArn: taskDefinition.arn,
    controller: 'ECS',
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    circuitBreaker: { enable: true, rollback: true },
    alarms: noAlarms(),
    deployments: [],
    retiredDeployments: [],
    events: [],
    createdAt: world.now - 30 * DAY,
    createdBy: ADMIN,
    currentServiceDeploymentArn: undefined,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f67890', 'subnet-0f9e8d7c6b5a43210'],
        securityGroups: ['sg-0123456789abcdef0'],
        assignPublicIp: 'DISABLED'
      }
    },
    reconcileAt: new Set()
  }

  const id = world.ids.deploymentId()
  const revision = createServiceRevision(world, service, taskDefinition, id)
  revision.createdAt = deployedAt
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: taskDefinition.arn,
    desiredCount: options.desiredCount,
    failedTasks: 0,
    createdAt: deployedAt,
    updatedAt: deployedAt + 90,
    launchType: service.launchType,
    rolloutState: 'COMPLETED',
    rolloutStateReason: rolloutReason.completed(id),
    revisionArn: revision.arn,
    serviceDeploymentArn: '',
    rollbackFor: undefined,
    behaviour: { kind: 'healthy' },
    timing: defaultTiming,
    circuitBreaker: { ...service.circuitBreaker },
    alarms: noAlarms(),
    rollbackBehaviour: undefined,
    threshold: circuitBreakerThreshold(options.desiredCount),
    consecutiveFailures: 0,
    launchedTasks: options.desiredCount,
    nextLaunchAt: deployedAt,
    hadHealthyTask: true,
    lastThrottleEventAt: undefined,
    completeAt: undefined
  }
  service.deployments.push(deployment)

  const tasks = Array.from({ length: options.desiredCount }, (_, index) => {
    const task = newTask(world, service, deployment)
    const launchedAt = deployedAt + 3 + index * 2
    task.lastStatus = 'RUNNING'
    task.createdAt = launchedAt
    task.pullStartedAt = launchedAt + 10
    task.pullStoppedAt = launchedAt + 28
    task.startedAt = launchedAt + 30
    task.healthyAt = launchedAt + 50
    task.version = 3
    for (const container of task.containers) container.lastStatus = 'RUNNING'
    logStarted(world, task, true, task.startedAt)
    return task
  })

  const serviceDeployment = createServiceDeployment(world, service, {
    deployment,
    sourceRevisionArns: [],
    status: 'SUCCESSFUL'
  })
  deployment.serviceDeploymentArn = serviceDeployment.arn
  service.currentServiceDeploymentArn = serviceDeployment.arn
  serviceDeployment.createdAt = deployedAt
  serviceDeployment.startedAt = deployedAt + 1
  serviceDeployment.finishedAt = deployedAt + 90
  serviceDeployment.updatedAt = deployedAt + 90
  serviceDeployment.circuitBreaker.status = 'MONITORING_COMPLETE'
  const counts = {
    arn: revision.arn,
    requestedTaskCount: options.desiredCount,
    runningTaskCount: options.desiredCount,
    pendingTaskCount: 0
  }
  serviceDeployment.frozenCounts = new Map([[revision.arn, counts]])

  const pastEvents: [number, string][] = [
    [
      deployedAt + 3,
      eventText.started(
        service.name,
        tasks.map((task) => task.id)
      )
    ],
    [deployedAt + 60, eventText.stopped(service.name, [world.ids.taskId(), world.ids.taskId()])],
    [deployedAt + 90, eventText.deploymentCompleted(service.name, id)],
    [deployedAt + 90, eventText.steadyState(service.name)],
    [world.now - DAY / 4, eventText.steadyState(service.name)]
  ]
  service.events = pastEvents
    .map(([createdAt, message]) => ({ id: world.ids.uuid(), createdAt, message }))
    .reverse()
  return service
}

/** A service being deleted: DRAINING, desired count 0, its tasks stopped by the scheduler. */
function drain(world: World, service: ServiceRecord): void {
  service.status = 'DRAINING'
  service.desiredCount = 0
  for (const deployment of service.deployments) {
    deployment.desiredCount = 0
    for (const task of world.tasksOf(deployment.id)) {
      if (task.lastStatus === 'STOPPED') continue
      task.lastStatus = 'STOPPED'
      task.desiredStatus = 'STOPPED'
      task.stopCode = 'ServiceSchedulerInitiated'
      task.stoppedReason = stopReason.scalingActivity(deployment.id)
      task.stoppingAt = world.now - 60
      task.executionStoppedAt = world.now - 40
      task.stoppedAt = world.now - 30
      for (const container of task.containers) {
        container.lastStatus = 'STOPPED'
        container.exitCode = 0
      }
    }
  }
}
