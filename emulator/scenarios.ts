// Scenarios are data: how the service looks and how the tasks of a deployment created by
// UpdateService behave. The rollout engine (rollout.ts) turns that into ECS's observable
// timeline. A new scenario (alarm rollback, pull-error stall, ...) should be a new entry here
// plus, at most, a new task behaviour.

export const scenarioNames = [
  'success',
  'circuit-breaker-rollback',
  'circuit-breaker-no-rollback',
  'stall',
  'superseded',
  'service-missing',
  'service-draining'
] as const

export type ScenarioName = (typeof scenarioNames)[number]

export interface CircuitBreakerConfig {
  enable: boolean
  rollback: boolean
}

/** What the tasks of a deployment do once launched. */
export type TaskBehaviour =
  | { kind: 'healthy' }
  /** The essential container starts, then exits with `exitCode` after `runningSeconds`. */
  | { kind: 'crash'; exitCode: number; runningSeconds: number }

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
  rollbackStartDelay: 3
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
}

const crashLoop: TaskBehaviour = { kind: 'crash', exitCode: 1, runningSeconds: 12 }
const breakerWithRollback: CircuitBreakerConfig = { enable: true, rollback: true }

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
  }
}

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (scenarioNames as readonly string[]).includes(value)
}

export function timingOf(scenario: ScenarioDefinition): RolloutTiming {
  return { ...defaultTiming, ...scenario.timing }
}
