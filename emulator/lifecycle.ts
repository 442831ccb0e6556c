// The lifecycle of a blue/green, linear or canary service deployment, as DescribeServiceDeployments
// shows it: `lifecycleStage`, the requested production and test traffic weights of the target
// (green) and source (blue) revisions, and `lifecycleHookDetails` of PAUSE hooks. The task work
// (launching green, stopping blue at CLEAN_UP, completing, rolling back) stays with the service
// scheduler in rollout.ts, which calls in here and is called back through a LifecycleEngine.
//
// Documented (ServiceDeployment.lifecycleStage, blue/green and lifecycle-hook guides): the stage
// order; green scales up to 100 % before any traffic moves; blue keeps running through BAKE_TIME
// and scales down at CLEAN_UP; RECONCILE_SERVICE only when more than one revision is ACTIVE; a
// PAUSE hook shows AWAITING_ACTION with hookId, expiresAt and timeoutAction until
// ContinueServiceDeployment (CONTINUE or ROLLBACK, "The deployment must be in the IN_PROGRESS
// state") or its timeout. Not confirmed, modelled here: how long the stages without work take
// (STAGE_SECONDS, SHIFT_SECONDS), that LINEAR/CANARY stay in PRODUCTION_TRAFFIC_SHIFT through their
// step bakes, weights before any shift (blue 100/100, green 0/0) and after a rollback (back to
// that), the hook status after a ROLLBACK action (FAILED), and that lifecycleStage keeps its last
// value once the deployment ends.

import {
  lifecycleStages,
  strategyConfigurationWire,
  trafficSteps,
  type HookAction,
  type LifecycleStage,
  type StrategyConfig
} from './strategies.js'
import type {
  DeploymentRecord,
  HookRecord,
  HookStatus,
  LifecycleRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  TrafficWeights,
  World
} from './state.js'

export type { HookRecord, HookStatus, LifecycleRecord, TrafficWeights } from './state.js'

/**
 * The rolloutStateReason / statusReason texts of a rollback a hook asked for. Not confirmed: no
 * real text was found; shaped like the circuit breaker's ("<mechanism>: <what>").
 */
export const hookReason = {
  failed: 'ECS deployment lifecycle hook: rollback requested.',
  rollingBackTo: (deploymentId: string) =>
    `ECS deployment lifecycle hook: rolling back to deploymentId ${deploymentId}.`
}

/** Virtual seconds a stage without work of its own lasts. */
const STAGE_SECONDS = 2
/** Virtual seconds a listener rule change takes to apply. */
const SHIFT_SECONDS = 10

/** What the service scheduler does for the lifecycle; rollout.ts provides it. */
export interface LifecycleEngine {
  reconcile(world: World, service: ServiceRecord): void
  alarmFired(
    world: World,
    service: ServiceRecord,
    deployment: DeploymentRecord,
    alarmName: string
  ): void
  /** A hook (ContinueServiceDeployment ROLLBACK, or its timeout) rolls our deployment back. */
  rollBackForHook(world: World, service: ServiceRecord, deployment: DeploymentRecord): void
}

interface Run {
  world: World
  service: ServiceRecord
  deployment: DeploymentRecord
  sd: ServiceDeploymentRecord
  lc: LifecycleRecord
  engine: LifecycleEngine
}

/** Gives a new service deployment of a strategy service its lifecycle record (still PENDING). */
export function attachLifecycle(
  sd: ServiceDeploymentRecord,
  config: StrategyConfig,
  alarm: LifecycleRecord['alarm']
): void {
  const [blue] = sd.sourceRevisionArns
  const weights = new Map<string, TrafficWeights>()
  for (const source of sd.sourceRevisionArns) {
    weights.set(
      source,
      source === blue ? { production: 100, test: 100 } : { production: 0, test: 0 }
    )
  }
  weights.set(sd.targetRevisionArn, { production: 0, test: 0 })
  sd.lifecycle = { config, stage: undefined, hooks: [], weights, step: 0, alarm }
  sd.deploymentConfiguration = {
    ...sd.deploymentConfiguration,
    ...strategyConfigurationWire(config)
  }
}

const lifecycleOf = (world: World, deployment: DeploymentRecord): LifecycleRecord | undefined =>
  world.serviceDeployments.get(deployment.serviceDeploymentArn)?.lifecycle

/** A strategy deployment under way before CLEAN_UP: the old revision keeps all its tasks. */
export function holdsOldTasks(world: World, deployment: DeploymentRecord): boolean {
  const sd = world.serviceDeployments.get(deployment.serviceDeploymentArn)
  return (
    sd?.lifecycle !== undefined &&
    (sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') &&
    sd.lifecycle.stage !== 'CLEAN_UP'
  )
}

/** Whether the deployment was made by a blue/green, linear or canary service deployment. */
export function isStrategyDeployment(world: World, deployment: DeploymentRecord): boolean {
  return lifecycleOf(world, deployment) !== undefined
}

/** The service deployment went IN_PROGRESS: the first stage begins. */
export function beginLifecycle(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  engine: LifecycleEngine
): void {
  const run = runOf(world, service, deployment, engine)
  if (run === undefined) return
  // "only happens when you start a new service deployment with more than 1 service revision in
  // an ACTIVE state"
  enter(run, run.sd.sourceRevisionArns.length > 1 ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP')
}

/** Called by the scheduler after a pass, while the old revision is held: SCALE_UP may be done. */
export function lifecycleReconciled(
  world: World,
  service: ServiceRecord,
  primary: DeploymentRecord,
  engine: LifecycleEngine,
  greenReady: boolean
): void {
  const run = runOf(world, service, primary, engine)
  if (run?.lc.stage !== 'SCALE_UP' || !greenReady) return
  enter(run, 'POST_SCALE_UP')
}

/** A rollback started: traffic goes back to the source revision (not confirmed: the values). */
export function lifecycleRolledBack(world: World, sd: ServiceDeploymentRecord): void {
  const lc = sd.lifecycle
  if (lc === undefined) return
  const [blue] = sd.sourceRevisionArns
  for (const [arn, weights] of lc.weights) {
    const back = arn === blue ? 100 : 0
    weights.production = back
    weights.test = back
  }
  world.record(`service-deployment traffic production 0% ${sd.arn}`)
  world.record(`service-deployment traffic test 0% ${sd.arn}`)
}

function runOf(
  world: World,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  engine: LifecycleEngine
): Run | undefined {
  const sd = world.serviceDeployments.get(deployment.serviceDeploymentArn)
  const lc = sd?.lifecycle
  if (sd === undefined || lc === undefined) return undefined
  return { world, service, deployment, sd, lc, engine }
}

const ongoing = (run: Run): boolean => run.sd.status === 'IN_PROGRESS'

/** Runs `then` after `seconds` if the deployment is still in `stage` and still going. */
function after(run: Run, seconds: number, stage: LifecycleStage, then: () => void): void {
  run.world.scheduler.after(seconds, `${stage} ${run.sd.arn}`, () => {
    if (ongoing(run) && run.lc.stage === stage) then()
  })
}

function nextStage(stage: LifecycleStage): LifecycleStage {
  return lifecycleStages[lifecycleStages.indexOf(stage) + 1] ?? 'CLEAN_UP'
}

function enter(run: Run, stage: LifecycleStage): void {
  const { world, sd, lc } = run
  lc.stage = stage
  sd.updatedAt = world.now
  world.record(`service-deployment stage ${stage} ${sd.arn}`)
  if (lc.alarm?.stage === stage) {
    const alarm = lc.alarm
    world.scheduler.after(alarm.afterSeconds, `alarm ${alarm.name} ALARM`, () => {
      run.engine.alarmFired(world, run.service, run.deployment, alarm.name)
    })
  }
  if (pauseAt(run, stage)) return
  work(run, stage)
}

/** What each stage does; each ends by entering the next one. */
function work(run: Run, stage: LifecycleStage): void {
  const { world, service, deployment, lc } = run
  const advance = (): void => {
    enter(run, nextStage(stage))
  }
  switch (stage) {
    case 'SCALE_UP':
      // Green scales to the full desired count; the scheduler reports back when it is healthy.
      deployment.desiredCount = service.desiredCount
      deployment.updatedAt = world.now
      run.engine.reconcile(world, service)
      return
    case 'TEST_TRAFFIC_SHIFT':
      shift(run, 'test', 100)
      after(run, SHIFT_SECONDS, stage, advance)
      return
    case 'PRODUCTION_TRAFFIC_SHIFT':
      productionStep(run)
      return
    case 'BAKE_TIME':
      after(run, lc.config.bakeTimeInMinutes * 60, stage, advance)
      return
    case 'CLEAN_UP':
      // The scheduler now stops blue's tasks and completes the deployment once they are gone.
      run.engine.reconcile(world, service)
      return
    default:
      after(run, STAGE_SECONDS, stage, advance)
  }
}

function productionStep(run: Run): void {
  const { lc } = run
  const steps = trafficSteps(lc.config)
  const step = steps[lc.step] ?? { weight: 100, bakeSeconds: 0 }
  shift(run, 'production', step.weight)
  const last = lc.step >= steps.length - 1
  after(run, SHIFT_SECONDS + (last ? 0 : step.bakeSeconds), 'PRODUCTION_TRAFFIC_SHIFT', () => {
    if (last) {
      enter(run, 'POST_PRODUCTION_TRAFFIC_SHIFT')
      return
    }
    lc.step++
    productionStep(run)
  })
}

function shift(run: Run, listener: keyof TrafficWeights, weight: number): void {
  const { world, sd, lc } = run
  const [blue] = sd.sourceRevisionArns
  for (const [arn, weights] of lc.weights) {
    if (arn === sd.targetRevisionArn) weights[listener] = weight
    else weights[listener] = arn === blue ? Math.round((100 - weight) * 10) / 10 : 0
  }
  sd.updatedAt = world.now
  world.record(`service-deployment traffic ${listener} ${weight}% ${sd.arn}`)
}

/**
 * Starts the hooks configured for `stage`; true when the deployment now waits for them. A PAUSE
 * hook waits for ContinueServiceDeployment; an AWS_LAMBDA hook is IN_PROGRESS while ECS invokes
 * the function, which answers `hookStatus` SUCCEEDED (go on), FAILED ("Amazon ECS rolls back the
 * deployment to the last successful service revision") or IN_PROGRESS (asked again later) (Lambda
 * hooks guide: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html).
 * Both end TIMED_OUT at `expiresAt` with their timeout action. Both kinds at one stage must finish
 * before the deployment goes on ("Both hooks must complete", deployment-lifecycle-hooks).
 * unconfirmed: that a Lambda hook's detail shows IN_PROGRESS between invocations and an
 * `expiresAt`; and hooks ECS runs during a rollback (TEST_ and PRODUCTION_TRAFFIC_SHIFT, same
 * guide) are not modelled.
 */
function pauseAt(run: Run, stage: LifecycleStage): boolean {
  const { world, sd, lc } = run
  const configured = (lc.config.lifecycleHooks ?? []).filter((hook) =>
    hook.lifecycleStages.includes(stage)
  )
  for (const config of configured) {
    const lambda = config.targetType === 'AWS_LAMBDA' ? config : undefined
    const hook: HookRecord = {
      hookId: hookIdOf(world, lambda === undefined ? 'pause' : 'lambda'),
      targetType: config.targetType,
      ...(lambda !== undefined && { targetArn: lambda.hookTargetArn }),
      stage,
      status: lambda === undefined ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      expiresAt: world.now + config.timeoutConfiguration.timeoutInMinutes * 60,
      timeoutAction: config.timeoutConfiguration.action
    }
    lc.hooks.push(hook)
    world.record(`lifecycle hook ${hook.hookId} ${hook.status} ${sd.arn}`)
    world.scheduler.schedule(hook.expiresAt, `hook ${hook.hookId} times out`, () => {
      if (!unanswered(hook) || !ongoing(run)) return
      resolve(run, hook, 'TIMED_OUT', hook.timeoutAction)
    })
    const outcome = lambda?.outcome
    if (outcome !== undefined && outcome.status !== 'TIMED_OUT') {
      const status = outcome.status
      world.scheduler.after(outcome.afterSeconds, `hook ${hook.hookId} answers ${status}`, () => {
        if (!unanswered(hook) || !ongoing(run)) return
        resolve(run, hook, status, status === 'FAILED' ? 'ROLLBACK' : 'CONTINUE')
      })
    }
  }
  return configured.length > 0
}

const unanswered = (hook: HookRecord): boolean =>
  hook.status === 'AWAITING_ACTION' || hook.status === 'IN_PROGRESS'

/**
 * "ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw" (pause-hook guide): the prefix and 43
 * base64url characters, as 32 random bytes would give. unconfirmed: a Lambda hook's id (shaped
 * alike here, `ecs-lambda-…`).
 */
function hookIdOf(world: World, kind: 'pause' | 'lambda'): string {
  const hex = (world.ids.uuid() + world.ids.uuid()).replace(/-/g, '')
  return `ecs-${kind}-${Buffer.from(hex, 'hex').toString('base64url')}`
}

function resolve(run: Run, hook: HookRecord, status: HookStatus, action: HookAction): void {
  const { world, sd, lc } = run
  hook.status = status
  sd.updatedAt = world.now
  world.record(`lifecycle hook ${hook.hookId} ${status} ${sd.arn}`)
  if (action === 'ROLLBACK') {
    run.engine.rollBackForHook(world, run.service, run.deployment)
    return
  }
  const waiting = lc.hooks.some((other) => other.stage === hook.stage && unanswered(other))
  if (!waiting && lc.stage !== undefined) work(run, lc.stage)
}

/** Why ContinueServiceDeployment cannot act; undefined when it can. */
export type ContinueRefusal = 'not-in-progress' | 'unknown-hook' | 'not-awaiting'

/** ContinueServiceDeployment: resolves an AWAITING_ACTION PAUSE hook with CONTINUE or ROLLBACK. */
export function continueHook(
  world: World,
  sd: ServiceDeploymentRecord,
  request: { hookId: string; action: HookAction },
  engine: LifecycleEngine
): ContinueRefusal | undefined {
  const hook = sd.lifecycle?.hooks.find((candidate) => candidate.hookId === request.hookId)
  if (hook === undefined) return 'unknown-hook'
  if (sd.status !== 'IN_PROGRESS') return 'not-in-progress'
  if (hook.status !== 'AWAITING_ACTION') return 'not-awaiting'
  const service = world.clusters.get(sd.cluster)?.services.get(sd.serviceName)
  const deployment = service?.deployments.find((candidate) => candidate.id === sd.deploymentId)
  const run = service && deployment && runOf(world, service, deployment, engine)
  if (run === undefined) return 'not-in-progress'
  resolve(run, hook, request.action === 'CONTINUE' ? 'SUCCEEDED' : 'FAILED', request.action)
  return undefined
}

/** The members DescribeServiceDeployments adds for a strategy deployment. */
export function lifecycleWire(sd: ServiceDeploymentRecord): Record<string, unknown> {
  const lc = sd.lifecycle
  if (lc === undefined) return {}
  return {
    lifecycleStage: lc.stage,
    // Not confirmed: whether ECS omits the member or sends [] when no hook ran; omitted here.
    lifecycleHookDetails:
      lc.hooks.length === 0
        ? undefined
        : lc.hooks.map((hook) => ({
            hookId: hook.hookId,
            targetType: hook.targetType,
            targetArn: hook.targetArn,
            status: hook.status,
            expiresAt: Math.round(hook.expiresAt * 1000) / 1000,
            timeoutAction: hook.timeoutAction
          }))
  }
}

/** requestedProductionTrafficWeight / requestedTestTrafficWeight of one revision. */
export function weightsWire(
  sd: ServiceDeploymentRecord,
  revisionArn: string
): Record<string, number> {
  const weights = sd.lifecycle?.weights.get(revisionArn)
  if (weights === undefined) return {}
  return {
    requestedProductionTrafficWeight: weights.production,
    requestedTestTrafficWeight: weights.test
  }
}
