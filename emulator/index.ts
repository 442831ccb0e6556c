// A local ECS + ECR + CloudWatch Logs emulator for tests and demos: an HTTP server speaking
// awsJson1_1 that the AWS SDK reaches through AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL_ECR /
// AWS_ENDPOINT_URL_CLOUDWATCH_LOGS. Deployments created by UpdateService evolve according to the
// selected scenario, on a compressed virtual clock.

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { createVirtualClock } from './clock.js'
import { Scheduler } from './engine.js'
import { makeHostile } from './hostile.js'
import { createIds } from './ids.js'
import { rewordAnswer } from './reword.js'
import type { RecordedCall, TimelineEntry } from './recording.js'
import {
  isScenarioName,
  scenarios,
  type ScenarioName,
  type ScenarioOverrides
} from './scenarios.js'
import { overridesOf, scenarioResolver } from './scenario-options.js'
import { checkVolumeConfiguration } from './ecs/service-options.js'
import { applyOwnScenarios, applyScenario, seedWorld, type SeedOptions } from './seed.js'
import { seedCodeDeploy, type CodeDeployOptions } from './codedeploy/seed.js'
import type { RunTaskScripts } from './run-task.js'
import { createRequestListener, isMutatingCall } from './server.js'
import { authorize, checkPolicy, type PolicyDocument } from './iam.js'
import { permissionsFor } from './iam-permissions.js'
import { createFaultInjector, type FaultRule } from './faults.js'
import { World, type PullThroughCacheRuleRecord } from './state.js'
import {
  eventBridgeRulesOf,
  seedEventBridge,
  type EventBridgeOptions,
  type EventBridgeRuleState
} from './eventbridge/seed.js'
import {
  schedulesOf,
  seedScheduler,
  type ScheduleState,
  type SchedulerOptions
} from './scheduler/seed.js'

export type { RecordedCall, ServiceName, TimelineEntry } from './recording.js'
export type { RunTaskContainerScript, RunTaskScripts } from './run-task.js'
export type { CodeDeployOptions } from './codedeploy/seed.js'
export {
  eventBridgeRulesOf,
  type EventBridgeOptions,
  type EventBridgeRuleSeed,
  type EventBridgeRuleState,
  type EventBridgeTarget
} from './eventbridge/seed.js'
export {
  schedulesOf,
  type ScheduleSeed,
  type ScheduleState,
  type SchedulerOptions,
  type SchedulerTarget
} from './scheduler/seed.js'
export { eventBridgeOperations } from './eventbridge/operations.js'
export { schedulerOperations } from './scheduler/operations.js'
export {
  checkPolicy,
  evaluate as evaluatePolicy,
  type Permission,
  type PolicyDocument,
  type PolicyStatement
} from './iam.js'
export { permissionsFor } from './iam-permissions.js'
export { FAULT_KINDS, type FaultKind, type FaultRule } from './faults.js'
export { codeDeployOperations } from './codedeploy/operations.js'
export { hostilePieces, hostileText, makeHostile } from './hostile.js'
export { rewordText } from './reword.js'
export {
  alarmName,
  crashError,
  defaultTiming,
  scenarioNames,
  scenarios,
  type ScenarioDefinition,
  type ScenarioName
} from './scenarios.js'

/**
 * The scripted-rollout options (ScenarioOverrides) are documented on ScenarioDefinition in
 * scenarios.ts; each wins over the running scenario's own value, and setScenario keeps them.
 */
export interface EmulatorOptions extends ScenarioOverrides {
  scenario: ScenarioName
  /** Virtual seconds per real second (default 1). */
  timeScale?: number
  /** Real time in epoch milliseconds; inject one to step time in tests (default Date.now). */
  clock?: () => number
  /** Default 0 (any free port). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  cluster?: string
  service?: string
  family?: string
  desiredCount?: number
  /**
   * Every CloudWatch Logs read answers AccessDeniedException (IAM's wording), whatever the
   * scenario: for testing a client that cannot read the app's logs. Default false.
   */
  denyLogs?: boolean
  /**
   * Every service event, stopped reason, container reason and log line carries workflow commands,
   * HTML and Markdown (hostile.ts): for testing that a client prints them inertly. Default false.
   */
  hostileTexts?: boolean
  /**
   * Every free text ECS answers with (rolloutStateReason, service event messages, stoppedReason,
   * container reason, statusReason, rollback.reason, failures[].detail) keeps only its ids and
   * numbers; the words become neutral filler (reword.ts). Structure is untouched, log lines and
   * error messages too: for testing that a client decides from structure. Default false.
   */
  rewordTexts?: boolean
  /**
   * More services in the same cluster, seeded like `service` (same family, revision 1, running
   * tasks, a COMPLETED deployment). Each follows its own scenario, or the world's when it has none
   * (setScenario changes only those). desiredCount defaults to 2.
   */
  extraServices?: ExtraServiceOptions[]
  /**
   * Makes the main service a CODE_DEPLOY service (task sets, no deployments[]) and seeds the
   * CodeDeploy application AppECS-{cluster}-{service} and group DgpECS-{cluster}-{service}, whose
   * deployments succeed, fail the AfterAllowTestTraffic hook and roll back, or fail without
   * rollback (`outcome`). Takes precedence over `deploymentController`.
   */
  codeDeploy?: CodeDeployOptions
  /**
   * ECR pull through cache rules of the account (every region): DescribePullThroughCacheRules
   * answers them; repositories under their prefixes do not exist until first pulled.
   */
  pullThroughCacheRules?: PullThroughCacheRuleRecord[]
  /** The main service's deployment controller (default ECS). */
  deploymentController?: 'ECS' | 'EXTERNAL'
  /**
   * An EBS volume configuration (ServiceVolumeConfiguration) the main service already runs with;
   * the seeded revision declares the volume `configuredAtLaunch`.
   */
  ebsVolume?: { name: string; managedEBSVolume: object }
  /**
   * What tasks started by RunTask do, by container name: exit code, log lines, run time, or an
   * image that cannot be pulled; or a placement failure for every RunTask. Default: each container
   * logs two lines and exits 0 after 5 s.
   */
  runTasks?: RunTaskScripts
  /**
   * Faults applied per request, whatever the scenario: throttling, HTTP 500/503, connection resets
   * (before or after the operation ran), slow answers and expired credentials. See faults.ts.
   */
  faults?: FaultRule[]
  /**
   * The identity-based IAM policy of the caller (the JSON document): every request it does not
   * allow answers AccessDeniedException in IAM's words, including iam:PassRole for the roles
   * RegisterTaskDefinition and RunTask pass, and ecs:TagResource when they tag. Default: no IAM
   * checks. See iam.ts and iam-permissions.ts.
   */
  policy?: PolicyDocument
  /**
   * EventBridge rules (on the default bus or others) with their targets, in every region; the
   * list calls page at `pageSize` (default 25); PutTargets entries for `failTargetIds` fail with
   * ConcurrentModificationException. Default: an empty default bus. See eventbridge/.
   */
  eventBridge?: EventBridgeOptions
  /**
   * EventBridge Scheduler schedules (GetSchedule's shape; GroupName default `default`) and groups,
   * in every region; ListSchedules pages at `pageSize` (default 25). Default: an empty default
   * group. See scheduler/.
   */
  scheduler?: SchedulerOptions
}

export interface ExtraServiceOptions {
  name: string
  scenario?: ScenarioName
  desiredCount?: number
}

export interface Emulator {
  url: string
  calls: RecordedCall[]
  /** Reading it first runs every transition due by now. */
  timeline: TimelineEntry[]
  /**
   * Calls of operations that change state (RegisterTaskDefinition, UpdateService,
   * StopServiceDeployment), failed and throttled ones included.
   */
  mutatingCalls(): RecordedCall[]
  /**
   * Applies to deployments created from now on; also adjusts the services that have no scenario of
   * their own (breaker, presence, status).
   */
  setScenario(name: ScenarioName): void
  /** Applies to tasks RunTask starts from now on, in every region. */
  setRunTasks(scripts: RunTaskScripts): void
  /** The region's EventBridge rules (default us-east-1), bus by bus, with copies of their targets. */
  eventBridgeRules(region?: string): EventBridgeRuleState[]
  /** The region's Scheduler schedules (default us-east-1), as GetSchedule returns them. */
  schedules(region?: string): ScheduleState[]
  close(): Promise<void>
}

export interface EmulatorHooks {
  /** Called after every ECS/ECR request is answered (the CLI logs from it). */
  onCall?(call: RecordedCall): void
  /** Called when the scenario is switched (setScenario or the control endpoint). */
  onScenario?(name: ScenarioName): void
}

export { ecsOperations } from './ecs/operations.js'
export { ecrOperations } from './ecr.js'
export { logsOperations } from './cloudwatch-logs.js'
export type { Operation, RequestContext } from './ecs/operation.js'
export type { World } from './state.js'

/** A stable PRNG seed per region, so each region's ids are reproducible. */
function seedFor(region: string): number {
  let hash = 2166136261
  for (const char of region) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
  return hash >>> 0
}

const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/
const CONTROLLERS = ['ECS', 'EXTERNAL'] as const

type SeedingOptions = Pick<
  EmulatorOptions,
  | 'scenario'
  | 'cluster'
  | 'service'
  | 'family'
  | 'desiredCount'
  | 'extraServices'
  | 'deploymentController'
  | 'ebsVolume'
>

/** A scenario's own desired count for the main service (desired-zero), when it is a known one. */
const scenarioDesiredCount = (name: string): number | undefined =>
  isScenarioName(name) ? scenarios[name].desiredCount : undefined

function checkName(what: string, value: string): void {
  if (!FAMILY.test(value))
    throw new RangeError(`${what} must match ${String(FAMILY)}, got ${value}`)
}

function checkDesiredCount(what: string, value: number, least = 1): void {
  if (!Number.isInteger(value) || value < least) {
    const kind = least === 0 ? 'a non-negative' : 'a positive'
    throw new RangeError(`${what} must be ${kind} integer, got ${String(value)}`)
  }
}

function extraServicesOf(options: SeedingOptions, main: string): SeedOptions['extraServices'] {
  const names = new Set([main])
  return (options.extraServices ?? []).map((extra, index) => {
    checkName(`extraServices[${index}].name`, extra.name)
    if (names.has(extra.name)) {
      throw new RangeError(`extraServices[${index}].name ${extra.name} is already a service`)
    }
    names.add(extra.name)
    if (extra.scenario !== undefined && !isScenarioName(extra.scenario)) {
      throw new RangeError(`unknown scenario ${String(extra.scenario)} for ${extra.name}`)
    }
    const desiredCount = extra.desiredCount ?? 2
    checkDesiredCount(`extraServices[${index}].desiredCount`, desiredCount)
    return {
      name: extra.name,
      desiredCount,
      ...(extra.scenario !== undefined && { scenario: extra.scenario })
    }
  })
}

function ebsVolumeOf(volume: SeedingOptions['ebsVolume']): SeedOptions['ebsVolume'] {
  if (volume === undefined) return undefined
  const copy = structuredClone(volume) as unknown as Record<string, unknown>
  try {
    checkVolumeConfiguration(copy)
  } catch (error) {
    throw new RangeError(`ebsVolume: ${(error as Error).message}`, { cause: error })
  }
  return copy
}

function seedOptionsOf(options: SeedingOptions): SeedOptions {
  const seed = {
    cluster: options.cluster ?? 'prod',
    service: options.service ?? 'web',
    family: options.family ?? 'web',
    desiredCount: options.desiredCount ?? scenarioDesiredCount(options.scenario) ?? 2
  }
  for (const [name, value] of Object.entries({
    cluster: seed.cluster,
    service: seed.service,
    family: seed.family
  })) {
    checkName(name, value)
  }
  // A service at desired count 0 is a real state (scaled to zero); extra services keep at least 1.
  checkDesiredCount('desiredCount', seed.desiredCount, 0)
  const controller = options.deploymentController ?? 'ECS'
  // Checked at run time too: the CLI and JavaScript callers pass plain strings.
  if (!(CONTROLLERS as readonly string[]).includes(controller)) {
    throw new RangeError(
      `deploymentController must be one of ${CONTROLLERS.join(', ')}, got ${controller}`
    )
  }
  return {
    ...seed,
    deploymentController: controller,
    ebsVolume: ebsVolumeOf(options.ebsVolume),
    extraServices: extraServicesOf(options, seed.service)
  }
}

export interface WorldOptions
  extends
    ScenarioOverrides,
    SeedingOptions,
    Pick<
      EmulatorOptions,
      'denyLogs' | 'runTasks' | 'codeDeploy' | 'eventBridge' | 'scheduler' | 'pullThroughCacheRules'
    > {
  region?: string
  /** Virtual epoch seconds the world starts at. */
  start: number
  record?: (what: string) => void
}

/**
 * One seeded region without the HTTP server, for unit tests: call operations directly
 * (`ecsOperations.UpdateService.handle({ world, body, caller })`) and step time with
 * `world.scheduler.advanceTo(seconds)`.
 */
export function createWorld(options: WorldOptions): World {
  const seedOptions = seedOptionsOf(options)
  const scenarioOf = scenarioResolver(overridesOf(options))
  const region = options.region ?? 'us-east-1'
  const world = new World({
    region,
    scheduler: new Scheduler(options.start),
    ids: createIds(seedFor(region)),
    scenario: () => scenarioOf(options.scenario),
    record: options.record ?? (() => undefined),
    denyLogs: options.denyLogs ?? false
  })
  seedRegion(world, options, seedOptions, scenarioOf(options.scenario))
  world.runTasks = options.runTasks ?? {}
  return world
}

/** What every new region holds: the services, the scenario, CodeDeploy, rules, schedules, ECR rules. */
function seedRegion(
  world: World,
  options: Pick<
    EmulatorOptions,
    'codeDeploy' | 'eventBridge' | 'scheduler' | 'pullThroughCacheRules'
  >,
  seedOptions: ReturnType<typeof seedOptionsOf>,
  scenario: ReturnType<ReturnType<typeof scenarioResolver>>
): void {
  seedWorld(world, seedOptions)
  applyScenario(world, scenario, seedOptions)
  applyOwnScenarios(world, seedOptions)
  if (options.codeDeploy !== undefined) seedCodeDeploy(world, options.codeDeploy, seedOptions)
  if (options.eventBridge !== undefined) seedEventBridge(world, options.eventBridge)
  if (options.scheduler !== undefined) seedScheduler(world, options.scheduler)
  world.pullThroughCacheRules = options.pullThroughCacheRules ?? []
}

export function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  return startEmulatorWithHooks(options, {})
}

export async function startEmulatorWithHooks(
  options: EmulatorOptions,
  hooks: EmulatorHooks
): Promise<Emulator> {
  if (!isScenarioName(options.scenario)) {
    throw new RangeError(`unknown scenario ${String(options.scenario)}`)
  }
  let scenario: ScenarioName = options.scenario
  const seedOptions = seedOptionsOf(options)
  const scenarioOf = scenarioResolver(overridesOf(options))
  const clock = createVirtualClock(options)
  const policy = options.policy === undefined ? undefined : checkPolicy(options.policy)
  const faults = createFaultInjector(options.faults ?? [], clock)
  const calls: RecordedCall[] = []
  const timeline: TimelineEntry[] = []
  const worlds = new Map<string, World>()

  const advance = (world: World): World => {
    world.scheduler.advanceTo(clock.virtualSeconds())
    if (options.hostileTexts === true) makeHostile(world)
    return world
  }
  const advanceAll = (): void => {
    for (const world of worlds.values()) advance(world)
  }
  let runTasks: RunTaskScripts = options.runTasks ?? {}
  const setRunTasks = (scripts: RunTaskScripts): void => {
    runTasks = scripts
    for (const world of worlds.values()) {
      advance(world)
      world.runTasks = scripts
    }
  }
  const worldFor = (region: string): World => {
    const existing = worlds.get(region)
    if (existing !== undefined) return advance(existing)
    const scheduler = new Scheduler(clock.virtualSeconds())
    const world = new World({
      region,
      scheduler,
      ids: createIds(seedFor(region)),
      scenario: () => scenarioOf(scenario),
      denyLogs: options.denyLogs ?? false,
      record: (what) => {
        timeline.push({
          virtualTime: Math.round(scheduler.now * 1000),
          realTime: Math.round(clock.realMsAt(scheduler.now)),
          what
        })
      }
    })
    seedRegion(world, options, seedOptions, scenarioOf(scenario))
    world.runTasks = runTasks
    worlds.set(region, world)
    return world
  }
  const setScenario = (name: ScenarioName): void => {
    if (!isScenarioName(name)) throw new RangeError(`unknown scenario ${String(name)}`)
    scenario = name
    for (const world of worlds.values()) {
      advance(world)
      world.record(`scenario ${name}`)
      applyScenario(world, scenarioOf(name), seedOptions)
    }
    hooks.onScenario?.(name)
  }
  // The default region exists from the start, so the timeline starts with the seed.
  worldFor('us-east-1')

  const server = createServer(
    createRequestListener({
      clock,
      requestIds: createIds(seedFor('requests')),
      worldFor,
      ...(policy !== undefined && {
        authorize: (call) => {
          authorize(policy, permissionsFor(call))
        }
      }),
      faults,
      ...(options.rewordTexts === true && {
        present: (service, answer) => (service === 'ecs' ? rewordAnswer(answer) : answer)
      }),
      record: (call) => {
        calls.push(call)
        hooks.onCall?.(call)
      },
      control: {
        scenario: () => scenario,
        setScenario,
        timeline: () => {
          advanceAll()
          return timeline
        },
        calls: () => calls
      }
    })
  )
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}`,
    calls,
    get timeline() {
      advanceAll()
      return timeline
    },
    mutatingCalls: () => calls.filter(isMutatingCall),
    setScenario,
    setRunTasks,
    eventBridgeRules: (region = 'us-east-1') => eventBridgeRulesOf(worldFor(region)),
    schedules: (region = 'us-east-1') => schedulesOf(worldFor(region)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // SDK clients keep sockets alive; without this, close() waits for them to time out.
        server.closeAllConnections()
        server.close((error) => {
          if (error === undefined) resolve()
          else reject(error)
        })
      })
  }
}
