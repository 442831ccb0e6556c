// Scenarios are data: how the service looks and how the tasks of a deployment created by
// UpdateService behave. The rollout engine (rollout.ts) turns that into ECS's observable
// timeline. A new scenario should be a new entry here plus, at most, a new task behaviour.

import type { LambdaHookOutcome, LifecycleStage, StrategyConfig } from './strategies.js'

export const scenarioNames = [
  'success',
  'circuit-breaker-rollback',
  'circuit-breaker-no-rollback',
  'stall',
  'superseded',
  'service-missing',
  'service-draining',
  'alarm-rollback',
  'rollback-failed',
  'slow-success',
  'cancelled',
  'no-service-deployments-api',
  'pull-error-stall',
  'throttle',
  'blue-green',
  'blue-green-rollback',
  'blue-green-hook',
  'linear',
  'canary',
  'listing-lag',
  'operator-rollback',
  'operator-abort',
  'autoscaling-during-rollout',
  'duplicate-deployment',
  'desired-zero',
  'no-completed-deployment',
  'elb-health-rollback',
  'container-health-rollback',
  'placement-no-instances',
  'placement-fargate-capacity',
  'blue-green-hook-failed',
  'blue-green-hook-timeout'
] as const

export type ScenarioName = (typeof scenarioNames)[number]

export interface CircuitBreakerConfig {
  enable: boolean
  rollback: boolean
}

/** `deploymentConfiguration.alarms` (DeploymentAlarms in the ECS model: all three members required). */
export interface DeploymentAlarmsConfig {
  alarmNames: string[]
  enable: boolean
  rollback: boolean
}

/** What the tasks of a deployment do once launched. */
export type TaskBehaviour =
  | { kind: 'healthy' }
  /**
   * The essential container starts, writes `error` to its log and exits with `exitCode` after
   * `runningSeconds`.
   */
  | { kind: 'crash'; exitCode: number; runningSeconds: number; error: string }
  /**
   * The image cannot be pulled: the first `startedTasks` launches start tasks that stop with
   * TaskFailedToStart; later launch attempts already fail when the scheduler places the task, so
   * no task is created and `failedTasks` stays where it is (FIELD-2: stuck at 2 with the breaker on).
   */
  | { kind: 'pull-error'; startedTasks: number }
  /**
   * The task reaches RUNNING, then fails its load balancer (`elb`) or container health checks
   * `failsAfter` seconds later; the scheduler stops it (health-checks.ts) and the circuit breaker
   * counts it.
   */
  | { kind: 'unhealthy'; check: 'elb' | 'container'; failsAfter: number }
  /**
   * The scheduler never finds room for a task (placement.ts): no task is created, nothing fails,
   * the rollout stays IN_PROGRESS with a placement event.
   */
  | { kind: 'unplaceable'; shortage: 'memory' | 'fargate-capacity' }

/** Virtual seconds. Defaults follow field reports: a task needs ~30 s to reach RUNNING. */
export interface RolloutTiming {
  /** UpdateService → service deployment IN_PROGRESS, new deployment gets its desired count. */
  activateAfter: number
  /** Activation → the scheduler places the first tasks. */
  placementDelay: number
  /** PROVISIONING → PENDING (ENI attachment on Fargate). */
  provisioning: number
  /** PENDING → RUNNING (image pull and container start). */
  pendingToRunning: number
  /** Gap between tasks the scheduler starts in one batch. */
  taskStagger: number
  /** A new task counts toward minimumHealthyPercent only after staying RUNNING this long. */
  healthyAfter: number
  /** Scheduler-initiated stop: DEACTIVATING → STOPPED (graceful stop of the container). */
  schedulerStop: number
  /** Essential container exit → task STOPPED. */
  exitToStopped: number
  /** Rollout conditions met → COMPLETED and "has reached a steady state". */
  steadyStateDelay: number
  /** Wait before the next launch after the n-th consecutive failure (last value repeats). */
  backoff: readonly number[]
  /** The scheduler repeats "unable to consistently start tasks" at most this often. */
  throttleEventEvery: number
  /** Circuit breaker: ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS. */
  rollbackStartDelay: number
  /** PENDING → the image pull gives up (pull-error tasks). */
  pullFailsAfter: number
  /**
   * With deployment alarms enabled, COMPLETED waits this much longer: ECS's bake time, which it
   * derives from the alarms' configuration (deployment-alarm-failure docs: "You can't set this value").
   */
  alarmBakeTime: number
  /** StopServiceDeployment(ABORT): STOP_REQUESTED → STOPPED. */
  stopDelay: number
}

export const defaultTiming: RolloutTiming = {
  activateAfter: 1,
  placementDelay: 2,
  provisioning: 10,
  pendingToRunning: 20,
  taskStagger: 2,
  healthyAfter: 20,
  schedulerStop: 20,
  exitToStopped: 5,
  steadyStateDelay: 15,
  backoff: [30, 30, 60, 60, 120, 240, 480, 900],
  throttleEventEvery: 300,
  rollbackStartDelay: 3,
  pullFailsAfter: 25,
  alarmBakeTime: 300,
  stopDelay: 5
}

export interface ScenarioDefinition {
  summary: string
  /** The seeded service: present and ACTIVE, absent (cluster only), or DRAINING. */
  service: 'present' | 'missing' | 'draining'
  circuitBreaker: CircuitBreakerConfig
  /** Behaviour of the tasks of deployments started by UpdateService calls. */
  newTasks: TaskBehaviour
  timing?: Partial<RolloutTiming>
  /** Another actor registers a revision and updates the service this long after our UpdateService. */
  supersede?: { afterSeconds: number }
  /** The service's deployment alarms (default: none, disabled). */
  alarms?: DeploymentAlarmsConfig
  /**
   * This alarm goes into ALARM this long after our UpdateService (if the deployment still runs),
   * or, with `stage`, this long after our service deployment entered that lifecycle stage.
   */
  alarm?: { name: string; afterSeconds: number; stage?: LifecycleStage }
  /** deploymentConfiguration.strategy other than ROLLING, with its settings (see strategies.ts). */
  strategy?: StrategyConfig
  /** Overrides of the seeded service's maximumPercent (200) and minimumHealthyPercent (100). */
  deploymentConfiguration?: { maximumPercent?: number; minimumHealthyPercent?: number }
  /** Behaviour of the tasks a rollback of our deployment launches (default: the target's own). */
  rollbackTasks?: TaskBehaviour
  /** 'denied': the four service-deployment operations answer AccessDeniedException. */
  serviceDeploymentsApi?: 'allowed' | 'denied'
  /** Every `every`-th ECS/ECR/Logs request (counted across the server) is throttled. */
  throttle?: { every: number }
  /**
   * Virtual seconds after its creation during which a new service deployment is not visible yet:
   * ListServiceDeployments leaves it out, DescribeServiceDeployments answers it as MISSING, and
   * `currentServiceDeployment` still names the previous one. Default 0.
   */
  serviceDeploymentLagSeconds?: number
  /** An operator calls StopServiceDeployment on our service deployment this long after UpdateService. */
  operatorStop?: { afterSeconds: number; stopType: 'ROLLBACK' | 'ABORT' }
  /** Application Auto Scaling sets the service's desired count this long after our UpdateService. */
  scaleTo?: { afterSeconds: number; desiredCount: number }
  /** ECS itself starts a second deployment of our revision this long after our UpdateService. */
  duplicateDeployment?: { afterSeconds: number }
  /**
   * How the seeded service's last deployment ended (seed-previous.ts): COMPLETED (the default),
   * FAILED by the circuit breaker without a rollback, or still IN_PROGRESS. Applies when the
   * service is seeded (at start, or when a scenario brings a missing or draining service back).
   */
  previousDeployment?: 'completed' | 'failed' | 'in-progress'
  /** The main service's desired count when the emulator starts with this scenario (default 2). */
  desiredCount?: number
  /**
   * The service sits behind this target group (`<name>/<16 hex id>`), container `app` port 8080:
   * DescribeServices lists it in `loadBalancers`, ELB health-check failures name its ARN.
   */
  targetGroup?: string
  /** The service's launch type when it is seeded (default FARGATE). */
  launchType?: 'FARGATE' | 'EC2'
}

/** What `startEmulator` options add to whichever scenario runs (they win over its own values). */
export type ScenarioOverrides = Partial<
  Pick<
    ScenarioDefinition,
    | 'serviceDeploymentLagSeconds'
    | 'operatorStop'
    | 'scaleTo'
    | 'duplicateDeployment'
    | 'previousDeployment'
    | 'serviceDeploymentsApi'
  >
>

/** The scenario with the overrides that are set; the scenario itself when none is. */
export function withOverrides(
  scenario: ScenarioDefinition,
  overrides: ScenarioOverrides
): ScenarioDefinition {
  const entries: [string, unknown][] = Object.entries(overrides)
  const set = entries.filter(([, value]) => value !== undefined)
  return set.length === 0 ? scenario : { ...scenario, ...Object.fromEntries(set) }
}

export const crashError = 'Error: DATABASE_URL is not set'
const crashLoop: TaskBehaviour = {
  kind: 'crash',
  exitCode: 1,
  runningSeconds: 12,
  error: crashError
}
const breakerWithRollback: CircuitBreakerConfig = { enable: true, rollback: true }
export const alarmName = 'web-5xx-rate'
const blueGreen: StrategyConfig = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
export const hookFunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:web-smoke-test'

/** BLUE_GREEN with a Lambda hook at POST_TEST_TRAFFIC_SHIFT whose function answers `outcome`. */
const blueGreenWithLambdaHook = (
  outcome: LambdaHookOutcome,
  timeoutInMinutes: number
): StrategyConfig => ({
  ...blueGreen,
  lifecycleHooks: [
    {
      targetType: 'AWS_LAMBDA',
      hookTargetArn: hookFunctionArn,
      roleArn: 'arn:aws:iam::123456789012:role/ecsLambdaInvokeRole',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      timeoutConfiguration: { timeoutInMinutes, action: 'ROLLBACK' },
      outcome
    }
  ]
})

export const scenarios: Readonly<Record<ScenarioName, ScenarioDefinition>> = {
  success: {
    summary: 'new tasks start, old ones are stopped, the deployment completes (~90 s)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' }
  },
  'circuit-breaker-rollback': {
    summary: 'the essential container exits 1; the breaker trips and rolls back (~2 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: crashLoop
  },
  'circuit-breaker-no-rollback': {
    summary: 'the essential container exits 1; the breaker trips, no rollback (~2 min)',
    service: 'present',
    circuitBreaker: { enable: true, rollback: false },
    newTasks: crashLoop
  },
  stall: {
    summary: 'tasks keep failing with growing back-off; the breaker is off, nothing ends',
    service: 'present',
    circuitBreaker: { enable: false, rollback: false },
    newTasks: crashLoop
  },
  superseded: {
    summary: 'another actor deploys 45 s after our UpdateService; theirs completes, ours drains',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    // Our image is slow to start, so the other deployment arrives while ours is in progress.
    timing: { pendingToRunning: 90 },
    supersede: { afterSeconds: 45 }
  },
  'service-missing': {
    summary: 'the cluster exists, the service does not',
    service: 'missing',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' }
  },
  'service-draining': {
    summary: 'the service is DRAINING (being deleted)',
    service: 'draining',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' }
  },
  'alarm-rollback': {
    summary: `new tasks are healthy; ${alarmName} goes into ALARM 60 s in and ECS rolls back (~2 min)`,
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    alarms: { alarmNames: [alarmName], enable: true, rollback: true },
    alarm: { name: alarmName, afterSeconds: 60 }
  },
  'rollback-failed': {
    summary:
      'new tasks crash, the breaker rolls back, the old revision crashes too: ROLLBACK_FAILED',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: crashLoop,
    // One old task is replaced at once, so the rollback has to start tasks of the old revision;
    // those crash as well (the secret both revisions read is gone).
    deploymentConfiguration: { minimumHealthyPercent: 50 },
    rollbackTasks: crashLoop
  },
  'slow-success': {
    summary: 'a healthy rollout one task at a time with slow starts and health checks (~9 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    deploymentConfiguration: { maximumPercent: 150 },
    timing: {
      provisioning: 20,
      pendingToRunning: 90,
      healthyAfter: 120,
      taskStagger: 30,
      schedulerStop: 30,
      steadyStateDelay: 60
    }
  },
  cancelled: {
    summary: 'a huge image: tasks take 40 min to start, the rollout stays IN_PROGRESS (~43 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    timing: { provisioning: 60, pendingToRunning: 2400, healthyAfter: 60 }
  },
  'no-service-deployments-api': {
    summary: 'like success, but the service-deployment operations are AccessDenied',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    serviceDeploymentsApi: 'denied'
  },
  'pull-error-stall': {
    summary:
      'CannotPullContainerError: failedTasks stops at 2, back-off grows, the breaker never trips',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'pull-error', startedTasks: 2 },
    timing: { backoff: [60, 120, 240, 480, 900, 1800] }
  },
  throttle: {
    summary: 'like success, but every 3rd request is ThrottlingException (SDK retries get through)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    throttle: { every: 3 }
  },
  'blue-green': {
    summary:
      'BLUE_GREEN: green scales up, test then production traffic 0→100, 5 min bake, blue removed (~7 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: blueGreen
  },
  'blue-green-rollback': {
    summary: `BLUE_GREEN: ${alarmName} goes into ALARM 60 s into BAKE_TIME; traffic back to blue, ROLLBACK_SUCCESSFUL`,
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: blueGreen,
    alarms: { alarmNames: [alarmName], enable: true, rollback: true },
    alarm: { name: alarmName, afterSeconds: 60, stage: 'BAKE_TIME' }
  },
  'blue-green-hook': {
    summary:
      'BLUE_GREEN with a PAUSE hook at POST_TEST_TRAFFIC_SHIFT: AWAITING_ACTION until ContinueServiceDeployment (30 min timeout, then ROLLBACK)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: {
      ...blueGreen,
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 30, action: 'ROLLBACK' }
        }
      ]
    }
  },
  linear: {
    summary:
      'LINEAR: production traffic 25 % a step, 1 min between steps, then a 2 min bake (~7 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 2,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 }
    }
  },
  canary: {
    summary:
      'CANARY: 10 % of production traffic for 3 min, then the rest, then a 2 min bake (~7 min)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: {
      strategy: 'CANARY',
      bakeTimeInMinutes: 2,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 }
    }
  },
  'listing-lag': {
    summary: 'like success, but a new service deployment is unlisted (MISSING) for its first 20 s',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    // ECS is eventually consistent: ecspresso looks for the new service deployment with
    // ListServiceDeployments for up to 10 s (kayac/ecspresso wait.go, findActiveECSDeploymentArn
    // called with time.Second*10); Spinnaker polls 10 × 1 s (project notes). 20 s outlasts both.
    // unconfirmed: how long the real lag lasts; no source gives a figure.
    serviceDeploymentLagSeconds: 20
  },
  'operator-rollback': {
    summary:
      'tasks start slowly; 30 s in an operator calls StopServiceDeployment ROLLBACK: back to the previous deployment',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    timing: { pendingToRunning: 90 },
    operatorStop: { afterSeconds: 30, stopType: 'ROLLBACK' }
  },
  'operator-abort': {
    summary:
      'tasks start slowly; 30 s in an operator calls StopServiceDeployment ABORT: STOPPED, ours stays PRIMARY',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    timing: { pendingToRunning: 90 },
    operatorStop: { afterSeconds: 30, stopType: 'ABORT' }
  },
  'autoscaling-during-rollout': {
    summary:
      'Application Auto Scaling raises the desired count 2 → 4 20 s into the rollout; it completes with 4',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    scaleTo: { afterSeconds: 20, desiredCount: 4 }
  },
  'duplicate-deployment': {
    summary:
      'ECS starts a second deployment of the same revision 9.5 s after ours; ours ends STOPPED, the second completes',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    // kayac/ecspresso#899 (real ListServiceDeployments output): the first service deployment was
    // created 14:16:57.340, the second, same task definition, 14:17:06.811.
    duplicateDeployment: { afterSeconds: 9.5 }
  },
  'desired-zero': {
    summary: 'the service runs 0 tasks; a deployment starts nothing and completes (~20 s)',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    // unconfirmed: no real output of a deployment at desired count 0 was found. It completes by
    // the rule every rollout here follows (and the ServicesStable waiter checks): one deployment
    // left, running == desired (0 == 0), then COMPLETED and "has reached a steady state".
    desiredCount: 0
  },
  'no-completed-deployment': {
    summary:
      'the last deployment FAILED (nothing COMPLETED); ours crashes, the breaker trips, nothing to roll back to',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: crashLoop,
    previousDeployment: 'failed'
  },
  'elb-health-rollback': {
    summary:
      'new tasks run but fail their target-group health checks; the scheduler stops them, the breaker trips and rolls back',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    // The target group's defaults: a check every 30 s, unhealthy after 2 failures.
    newTasks: { kind: 'unhealthy', check: 'elb', failsAfter: 60 },
    targetGroup: 'web/5f1d2c3b4a596877'
  },
  'container-health-rollback': {
    summary:
      'new tasks run but fail their container health check; UNHEALTHY, stopped, the breaker trips and rolls back',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    // HealthCheck defaults: interval 30 s, 3 retries.
    newTasks: { kind: 'unhealthy', check: 'container', failsAfter: 90 }
  },
  'placement-no-instances': {
    summary:
      'EC2: no container instance has the memory for a new task; nothing is placed, nothing fails, IN_PROGRESS',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'unplaceable', shortage: 'memory' },
    launchType: 'EC2'
  },
  'placement-fargate-capacity': {
    summary:
      'Fargate has no capacity for a new task; nothing is placed, nothing fails, IN_PROGRESS',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'unplaceable', shortage: 'fargate-capacity' }
  },
  'blue-green-hook-failed': {
    summary:
      'BLUE_GREEN with a Lambda hook at POST_TEST_TRAFFIC_SHIFT answering FAILED after 30 s: ECS rolls back',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: blueGreenWithLambdaHook({ status: 'FAILED', afterSeconds: 30 }, 10)
  },
  'blue-green-hook-timeout': {
    summary:
      'BLUE_GREEN with a Lambda hook that never answers SUCCEEDED; TIMED_OUT after 5 min, ECS rolls back',
    service: 'present',
    circuitBreaker: breakerWithRollback,
    newTasks: { kind: 'healthy' },
    strategy: blueGreenWithLambdaHook({ status: 'TIMED_OUT', afterSeconds: 0 }, 5)
  }
}

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (scenarioNames as readonly string[]).includes(value)
}

export function timingOf(scenario: ScenarioDefinition): RolloutTiming {
  return { ...defaultTiming, ...scenario.timing }
}
