// The state every emulated region starts from: clusters `prod` (by default) and `default`,
// task-definition family `web` revision 1, service `web` with two RUNNING tasks whose single
// deployment COMPLETED a day ago, and the ECR repository `web`. Extra services in the same
// cluster are seeded alike. Scenarios then adjust each service (absent, DRAINING, circuit
// breaker settings): the world's scenario, or a service's own.

import { ACCOUNT_ID, arns } from './arns.js'
import { defaultServiceOptions } from './ecs/service-options.js'
import {
  circuitBreakerThreshold,
  createServiceDeployment,
  createServiceRevision
} from './history.js'
import { ensureLogGroup, logStarted } from './logs.js'
import { eventText, rolloutReason, stopReason } from './messages.js'
import { registryHost, seedRepositories, seededRepository } from './registry.js'
import {
  defaultTiming,
  scenarios,
  type DeploymentAlarmsConfig,
  type ScenarioDefinition,
  type ScenarioName
} from './scenarios.js'
import type { ClusterRecord, DeploymentRecord, JsonObject, ServiceRecord, World } from './state.js'
import { reshapeSeed, seededTaskCount } from './seed-previous.js'
import { registerTaskDefinition, resolveTaskDefinition } from './task-definitions.js'
import { newTask } from './tasks.js'

export interface SeedOptions {
  cluster: string
  service: string
  family: string
  desiredCount: number
  /** The main service's deployment controller (default ECS). */
  deploymentController?: ServiceRecord['controller']
  /**
   * A ServiceVolumeConfiguration the main service already runs with; the seeded revision then
   * declares that volume `configuredAtLaunch`.
   */
  ebsVolume?: JsonObject
  /** More services in the cluster, on the same family, each with its own scenario or the world's. */
  extraServices?: readonly ExtraService[]
}

export interface ExtraService {
  name: string
  desiredCount: number
  scenario?: ScenarioName
}

/** One service to seed: its name, size, controller and volumes. */
interface SeedTarget {
  name: string
  desiredCount: number
  controller: ServiceRecord['controller']
  volume: JsonObject | undefined
  /** Its own scenario's name; undefined: it follows the world's. */
  scenario: ScenarioName | undefined
}

function targetsOf(options: SeedOptions): SeedTarget[] {
  return [
    {
      name: options.service,
      desiredCount: options.desiredCount,
      controller: options.deploymentController ?? 'ECS',
      volume: options.ebsVolume,
      scenario: undefined
    },
    ...(options.extraServices ?? []).map((extra) => ({
      name: extra.name,
      desiredCount: extra.desiredCount,
      controller: 'ECS' as const,
      volume: undefined,
      scenario: extra.scenario
    }))
  ]
}

const DAY = 86_400
const ADMIN = `arn:aws:iam::${ACCOUNT_ID}:role/platform-admin`

export function seedWorld(world: World, options: SeedOptions): void {
  for (const name of new Set([options.cluster, 'default'])) {
    world.clusters.set(name, { name, arn: arns.cluster(world.region, name), services: new Map() })
  }
  seedRepositories(world, world.now)
  const volumeName =
    typeof options.ebsVolume?.name === 'string' ? options.ebsVolume.name : undefined
  registerTaskDefinition(world, {
    family: options.family,
    members: {
      containerDefinitions: [
        {
          name: 'app',
          image: `${registryHost(world.region)}/${seededRepository}:1.0.0`,
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          ...(volumeName !== undefined && {
            mountPoints: [{ sourceVolume: volumeName, containerPath: '/data', readOnly: false }]
          }),
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
      memory: '512',
      ...(volumeName !== undefined && { volumes: [{ name: volumeName, configuredAtLaunch: true }] })
    },
    tags: [],
    registeredBy: ADMIN
  })
  const [revision] = world.families.get(options.family) ?? []
  if (revision !== undefined) revision.registeredAt = world.now - 7 * DAY
  ensureLogGroup(world, `/ecs/${options.family}`, world.now - 30 * DAY)
}

const noAlarms = (): DeploymentAlarmsConfig => ({ alarmNames: [], enable: false, rollback: false })

/**
 * Makes the seeded services that follow the world's scenario match it; also used by setScenario.
 * Services with their own scenario keep it (see applyOwnScenarios).
 */
export function applyScenario(
  world: World,
  scenario: ScenarioDefinition,
  options: SeedOptions
): void {
  const cluster = world.clusters.get(options.cluster)
  if (cluster === undefined) return
  for (const target of targetsOf(options)) {
    if (target.scenario === undefined) applyTo(world, cluster, scenario, target, options)
  }
}

/** Seeds the services that have a scenario of their own, once, after applyScenario. */
export function applyOwnScenarios(world: World, options: SeedOptions): void {
  const cluster = world.clusters.get(options.cluster)
  if (cluster === undefined) return
  for (const target of targetsOf(options)) {
    if (target.scenario !== undefined) {
      applyTo(world, cluster, scenarios[target.scenario], target, options)
    }
  }
}

function applyTo(
  world: World,
  cluster: ClusterRecord,
  scenario: ScenarioDefinition,
  target: SeedTarget,
  options: SeedOptions
): void {
  if (scenario.service === 'missing') {
    // Deleting a service deletes its service deployments too (service-deployment docs).
    cluster.services.delete(target.name)
    for (const [arn, record] of world.serviceDeployments) {
      if (record.cluster === cluster.name && record.serviceName === target.name) {
        world.serviceDeployments.delete(arn)
      }
    }
    return
  }
  let service = cluster.services.get(target.name)
  if (service === undefined || (scenario.service === 'present' && service.status !== 'ACTIVE')) {
    service = seedService(world, options, target, scenario)
    cluster.services.set(service.name, service)
  }
  if (target.scenario !== undefined) service.scenario = scenario
  service.circuitBreaker = { ...scenario.circuitBreaker }
  const alarms = scenario.alarms ?? noAlarms()
  service.alarms = { ...alarms, alarmNames: [...alarms.alarmNames] }
  service.maximumPercent = scenario.deploymentConfiguration?.maximumPercent ?? 200
  service.minimumHealthyPercent = scenario.deploymentConfiguration?.minimumHealthyPercent ?? 100
  if (scenario.strategy === undefined) delete service.strategy
  else service.strategy = scenario.strategy
  if (scenario.targetGroup === undefined) delete service.loadBalancers
  else {
    service.loadBalancers = [
      {
        targetGroupArn: arns.targetGroup(world.region, scenario.targetGroup),
        containerName: 'app',
        containerPort: 8080
      }
    ]
  }
  if (scenario.service === 'draining') drain(world, service)
}

function seedService(
  world: World,
  options: SeedOptions,
  target: SeedTarget,
  scenario: ScenarioDefinition
): ServiceRecord {
  const previous = scenario.previousDeployment ?? 'completed'
  const taskDefinition = resolveTaskDefinition(world, options.family)
  if (taskDefinition === undefined) throw new Error(`seed: family ${options.family} is missing`)
  const deployedAt = world.now - DAY
  const service: ServiceRecord = {
    name: target.name,
    arn: arns.service(world.region, options.cluster, target.name),
    cluster: options.cluster,
    status: 'ACTIVE',
    desiredCount: target.desiredCount,
    launchType: scenario.launchType ?? 'FARGATE',
    taskDefinitionArn: taskDefinition.arn,
    controller: target.controller,
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
    reconcileAt: new Set(),
    options: {
      ...defaultServiceOptions(),
      volumeConfigurations: target.volume === undefined ? [] : [structuredClone(target.volume)]
    }
  }

  const id = world.ids.deploymentId()
  const revision = createServiceRevision(world, service, taskDefinition, id)
  revision.createdAt = deployedAt
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: taskDefinition.arn,
    desiredCount: target.desiredCount,
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
    threshold: circuitBreakerThreshold(target.desiredCount),
    consecutiveFailures: 0,
    launchedTasks: target.desiredCount,
    nextLaunchAt: deployedAt,
    hadHealthyTask: true,
    lastThrottleEventAt: undefined,
    completeAt: undefined,
    ...(target.volume !== undefined && { volumeConfigurations: [structuredClone(target.volume)] })
  }
  service.deployments.push(deployment)

  const tasks = Array.from(
    { length: seededTaskCount(previous, target.desiredCount) },
    (_, index) => {
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
    }
  )

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
    requestedTaskCount: target.desiredCount,
    runningTaskCount: target.desiredCount,
    pendingTaskCount: 0
  }
  serviceDeployment.frozenCounts = new Map([[revision.arn, counts]])

  const pastEvents: [number, string][] = [
    // A service at desired count 0 started and replaced nothing.
    ...(tasks.length === 0
      ? []
      : ([
          [
            deployedAt + 3,
            eventText.started(
              service.name,
              tasks.map((task) => task.id)
            )
          ],
          [
            deployedAt + 60,
            eventText.stopped(service.name, [world.ids.taskId(), world.ids.taskId()])
          ]
        ] satisfies [number, string][])),
    [deployedAt + 90, eventText.deploymentCompleted(service.name, id)],
    [deployedAt + 90, eventText.steadyState(service.name)],
    [world.now - DAY / 4, eventText.steadyState(service.name)]
  ]
  service.events = pastEvents
    .map(([createdAt, message]) => ({ id: world.ids.uuid(), createdAt, message }))
    .reverse()
  reshapeSeed(world, { service, deployment, serviceDeployment, deployedAt }, previous)
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
