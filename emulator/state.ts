// The data one emulated region holds. Records keep virtual epoch seconds; ecs/wire.ts turns
// them into the shapes ECS returns. Behaviour lives in rollout.ts and tasks.ts, not here.

import type { Scheduler } from './engine.js'
import type { Ids } from './ids.js'
import type {
  CircuitBreakerConfig,
  DeploymentAlarmsConfig,
  RolloutTiming,
  ScenarioDefinition,
  TaskBehaviour
} from './scenarios.js'
import type { HookAction, LifecycleStage, StrategyConfig } from './strategies.js'

export type JsonObject = Record<string, unknown>

// The lifecycle of blue/green, linear and canary deployments (behaviour in lifecycle.ts).

export type HookStatus = 'AWAITING_ACTION' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT'

export interface HookRecord {
  hookId: string
  targetType: 'PAUSE' | 'AWS_LAMBDA'
  /** The Lambda function of an AWS_LAMBDA hook (absent for PAUSE). */
  targetArn?: string
  stage: LifecycleStage
  status: HookStatus
  /** Virtual epoch seconds. */
  expiresAt: number
  timeoutAction: HookAction
}

export interface TrafficWeights {
  production: number
  test: number
}

/** What a strategy deployment's service deployment carries beyond a rolling one. */
export interface LifecycleRecord {
  config: StrategyConfig
  stage: LifecycleStage | undefined
  hooks: HookRecord[]
  /** Requested weights by service revision ARN (target and sources). */
  weights: Map<string, TrafficWeights>
  /** Index of the production traffic step under way. */
  step: number
  /** A deployment alarm that goes into ALARM `afterSeconds` into `stage`. */
  alarm: { name: string; stage: LifecycleStage; afterSeconds: number } | undefined
}

// Tasks started by RunTask (behaviour in run-task.ts).

export interface RunTaskContainerScript {
  /** Default 0. */
  exitCode?: number
  /** Printed one after another while it runs (awslogs containers only); default two lines. */
  logLines?: string[]
  /** Virtual seconds from RUNNING to the exit; default 5. */
  runSeconds?: number
  /** Its image cannot be pulled: the task stops with TaskFailedToStart before anything runs. */
  cannotPull?: boolean
}

export interface RunTaskScripts {
  /** By container name; a container not listed logs two lines and exits 0 after 5 s. */
  containers?: Readonly<Record<string, RunTaskContainerScript>>
  /**
   * RunTask places nothing and answers `failures: [{arn, reason}]` with this reason, e.g.
   * `RESOURCE:MEMORY` (the reason ECS gives when no instance has room).
   */
  placementFailure?: string
}

export interface Tag {
  key: string
  value: string
}

export interface TaskDefinitionRecord {
  arn: string
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  registeredAt: number
  registeredBy: string
  /** The members DescribeTaskDefinition echoes back (containerDefinitions with defaults filled in, cpu, ...). */
  definition: JsonObject
  tags: Tag[]
  /** Virtual seconds of DeregisterTaskDefinition (INACTIVE revisions only). */
  deregisteredAt?: number
}

export interface ContainerRecord {
  name: string
  image: string
  imageDigest: string | undefined
  runtimeId: string
  lastStatus: string
  exitCode: number | undefined
  reason: string | undefined
  /** Container health check result (absent: UNKNOWN, no check defined or not evaluated yet). */
  healthStatus?: HealthStatus
}

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'

export type TaskLastStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED'

export interface TaskRecord {
  id: string
  arn: string
  cluster: string
  serviceName: string
  taskDefinitionArn: string
  /** The deployment id that launched the task, as ECS reports it. */
  startedBy: string
  launchType: string
  cpu: string | undefined
  memory: string | undefined
  lastStatus: TaskLastStatus
  desiredStatus: 'RUNNING' | 'STOPPED'
  createdAt: number
  pullStartedAt: number | undefined
  pullStoppedAt: number | undefined
  startedAt: number | undefined
  /** The moment the task started counting toward minimumHealthyPercent. */
  healthyAt: number | undefined
  stoppingAt: number | undefined
  executionStoppedAt: number | undefined
  stoppedAt: number | undefined
  stopCode: string | undefined
  stoppedReason: string | undefined
  containers: ContainerRecord[]
  version: number
  /** From its essential containers' health checks (absent: UNKNOWN). */
  healthStatus?: HealthStatus
  /** A task started by RunTask (not by a service): its group, overrides and tags as ECS shows them. */
  standalone?: { group: string; overrides: JsonObject; tags: Tag[] }
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface DeploymentRecord {
  id: string
  status: 'PRIMARY' | 'ACTIVE'
  taskDefinitionArn: string
  desiredCount: number
  failedTasks: number
  createdAt: number
  updatedAt: number
  launchType: string
  rolloutState: RolloutState
  rolloutStateReason: string
  revisionArn: string
  /** The service deployment that created this deployment (seeded ones have one too). */
  serviceDeploymentArn: string
  /** The service deployment whose rollback re-activated this deployment, while it runs. */
  rollbackFor: string | undefined
  // Simulation parameters captured when the deployment was created: switching the scenario
  // later never changes a deployment already under way.
  behaviour: TaskBehaviour
  timing: RolloutTiming
  circuitBreaker: CircuitBreakerConfig
  alarms: DeploymentAlarmsConfig
  /** What the tasks a rollback of this deployment launches do (undefined: the target's own behaviour). */
  rollbackBehaviour: TaskBehaviour | undefined
  threshold: number
  consecutiveFailures: number
  /** Tasks started so far (pull-error: later launch attempts fail at placement). */
  launchedTasks: number
  nextLaunchAt: number
  hadHealthyTask: boolean
  lastThrottleEventAt: number | undefined
  completeAt: number | undefined
  /** The service's volume configurations when this deployment was created (absent: none). */
  volumeConfigurations?: JsonObject[]
}

export interface ServiceEvent {
  id: string
  createdAt: number
  message: string
}

export interface ServiceRecord {
  name: string
  arn: string
  cluster: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  launchType: string
  taskDefinitionArn: string
  controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  maximumPercent: number
  minimumHealthyPercent: number
  circuitBreaker: CircuitBreakerConfig
  alarms: DeploymentAlarmsConfig
  /** Live deployments, PRIMARY first, as DescribeServices lists them. */
  deployments: DeploymentRecord[]
  /** Drained deployments; a circuit-breaker rollback can bring the last COMPLETED one back. */
  retiredDeployments: DeploymentRecord[]
  /** Newest first, at most 100. */
  events: ServiceEvent[]
  createdAt: number
  createdBy: string
  currentServiceDeploymentArn: string | undefined
  networkConfiguration: JsonObject
  /** Virtual seconds at which a reconcile is already queued (to avoid queueing duplicates). */
  reconcileAt: Set<number>
  /** This service's own scenario (several services, each its own fate); absent: the world's. */
  scenario?: ScenarioDefinition
  /** deploymentConfiguration.strategy BLUE_GREEN, LINEAR or CANARY; absent: ROLLING. */
  strategy?: StrategyConfig
  /** Members UpdateService stores and DescribeServices echoes (absent: ECS's defaults). */
  options?: ServiceOptions
  /** `loadBalancers` as DescribeServices shows them (absent: none). */
  loadBalancers?: { targetGroupArn: string; containerName: string; containerPort: number }[]
}

export interface ServiceOptions {
  enableECSManagedTags: boolean
  propagateTags: 'TASK_DEFINITION' | 'SERVICE' | 'NONE'
  enableExecuteCommand: boolean
  healthCheckGracePeriodSeconds: number
  /** ServiceVolumeConfiguration[] that new deployments get; [] = none. */
  volumeConfigurations: JsonObject[]
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED'

export type MonitorStatus = 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED'

export interface RevisionCounts {
  arn: string
  requestedTaskCount: number
  runningTaskCount: number
  pendingTaskCount: number
}

export interface ServiceDeploymentRecord {
  arn: string
  cluster: string
  serviceName: string
  deploymentId: string
  createdAt: number
  startedAt: number | undefined
  finishedAt: number | undefined
  stoppedAt: number | undefined
  updatedAt: number
  sourceRevisionArns: string[]
  targetRevisionArn: string
  status: ServiceDeploymentStatus
  statusReason: string | undefined
  deploymentConfiguration: JsonObject
  rollback:
    { reason: string; startedAt: number | undefined; serviceRevisionArn: string } | undefined
  circuitBreaker: { status: MonitorStatus; failureCount: number; threshold: number }
  alarms: { status: MonitorStatus; alarmNames: string[]; triggeredAlarmNames: string[] }
  /**
   * Virtual seconds from which the service-deployments API shows it (ListServiceDeployments,
   * DescribeServiceDeployments, currentServiceDeployment); before that it is MISSING.
   */
  listedAt: number
  /** Revision counts frozen when the service deployment finished ("tasks running when it completed"). */
  frozenCounts: Map<string, RevisionCounts> | undefined
  /** Stage, traffic weights and hooks of a blue/green, linear or canary deployment. */
  lifecycle?: LifecycleRecord
}

export interface ServiceRevisionRecord {
  arn: string
  cluster: string
  serviceName: string
  taskDefinitionArn: string
  launchType: string
  createdAt: number
  containerImages: { containerName: string; image: string; imageDigest: string | undefined }[]
  networkConfiguration: JsonObject
  /** The deployment that runs this revision; its tasks give the revision's counts. */
  deploymentId: string
}

export interface ClusterRecord {
  name: string
  arn: string
  services: Map<string, ServiceRecord>
}

export interface ImageRecord {
  digest: string
  tags: string[]
  pushedAt: number
  sizeInBytes: number
}

export interface RepositoryRecord {
  name: string
  createdAt: number
  images: ImageRecord[]
}

/** A CloudWatch Logs event; times are epoch milliseconds, as CloudWatch Logs puts them on the wire. */
export interface LogEventRecord {
  timestamp: number
  message: string
  ingestionTime: number
}

export interface LogStreamRecord {
  name: string
  createdAt: number
  /** In timestamp order; an event is visible once its ingestionTime has passed. */
  events: LogEventRecord[]
}

export interface LogGroupRecord {
  name: string
  createdAt: number
  streams: Map<string, LogStreamRecord>
}

export interface WorldParts {
  region: string
  scheduler: Scheduler
  ids: Ids
  /** The scenario that applies to deployments created from now on. */
  scenario: () => ScenarioDefinition
  /** Appends to the emulator's timeline at the scheduler's current virtual time. */
  record: (what: string) => void
  /** Every CloudWatch Logs read answers AccessDeniedException (default false). */
  denyLogs?: boolean
}

/** DescribePullThroughCacheRules' PullThroughCacheRule, the members the emulator keeps. */
export interface PullThroughCacheRuleRecord {
  ecrRepositoryPrefix: string
  upstreamRegistryUrl: string
}

export class World {
  readonly region: string
  readonly scheduler: Scheduler
  readonly ids: Ids
  readonly scenario: () => ScenarioDefinition
  readonly record: (what: string) => void
  readonly clusters = new Map<string, ClusterRecord>()
  readonly families = new Map<string, TaskDefinitionRecord[]>()
  /** By task ARN. Stopped tasks stay (ECS keeps them visible for at least an hour). */
  readonly tasks = new Map<string, TaskRecord>()
  readonly serviceDeployments = new Map<string, ServiceDeploymentRecord>()
  readonly serviceRevisions = new Map<string, ServiceRevisionRecord>()
  readonly repositories = new Map<string, RepositoryRecord>()
  /** ECR pull through cache rules: a repository under a prefix is created on its first pull. */
  pullThroughCacheRules: PullThroughCacheRuleRecord[] = []
  /** CloudWatch Logs groups by name, written by the awslogs driver of running containers. */
  readonly logGroups = new Map<string, LogGroupRecord>()
  readonly denyLogs: boolean
  /** What the containers of tasks started by RunTask do, by container name (default: exit 0). */
  runTasks: RunTaskScripts = {}

  constructor(parts: WorldParts) {
    this.region = parts.region
    this.scheduler = parts.scheduler
    this.ids = parts.ids
    this.scenario = parts.scenario
    this.record = parts.record
    this.denyLogs = parts.denyLogs ?? false
  }

  get now(): number {
    return this.scheduler.now
  }

  /** The scenario a service's new deployments follow: its own, or the world's. */
  scenarioOf(service: Pick<ServiceRecord, 'scenario'>): ScenarioDefinition {
    return service.scenario ?? this.scenario()
  }

  tasksOf(deploymentId: string): TaskRecord[] {
    return [...this.tasks.values()].filter((task) => task.startedBy === deploymentId)
  }
}
