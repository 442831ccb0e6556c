// What the emulated CodeDeploy holds for one region: applications, deployment groups and
// deployments. Kept beside the World (a WeakMap), so a world without CodeDeploy has none.

import type { JsonObject, World } from '../state.js'

/** The deployment group's outcome for deployments to it (the emulator option). */
export type CodeDeployOutcome = 'success' | 'rollback' | 'fail-no-rollback'

export interface ApplicationRecord {
  name: string
  id: string
  createTime: number
}

export interface DeploymentGroupRecord {
  application: string
  name: string
  id: string
  cluster: string
  service: string
  deploymentConfigName: string
  autoRollback: { enabled: boolean; events: string[] }
  /** blueGreenDeploymentConfiguration as GetDeploymentGroup returns it (wait options may be absent). */
  blueGreen: JsonObject
  /** STOP_DEPLOYMENT with this many minutes: the deployment waits in Ready for ContinueDeployment. */
  readyWaitMinutes: number
  terminationWaitMinutes: number
  outcome: CodeDeployOutcome
  lastSuccessful?: { deploymentId: string; status: string; endTime: number; createTime: number }
  lastAttempted?: { deploymentId: string; status: string; endTime?: number; createTime: number }
}

export type LifecycleStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped'

export interface LifecycleEventRecord {
  name: string
  status: LifecycleStatus
  startTime?: number
  endTime?: number
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string }
}

export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Ready' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped'

export interface CodeDeployDeploymentRecord {
  id: string
  application: string
  group: string
  status: DeploymentStatus
  creator: 'user' | 'codeDeployRollback'
  createTime: number
  startTime?: number
  completeTime?: number
  description?: string
  deploymentConfigName: string
  revision: JsonObject
  /** The ECS resources the AppSpec names. */
  taskDefinitionArn: string
  hooks: Record<string, string>
  errorInformation?: { code: string; message: string }
  rollbackInfo?: {
    rollbackDeploymentId?: string
    rollbackTriggeringDeploymentId?: string
    rollbackMessage?: string
  }
  events: LifecycleEventRecord[]
  targetStatus: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready'
  targetUpdatedAt: number
  /** Task-set (ecs-svc/…) ids: the original serving production, and the replacement. */
  blueTaskSet?: string
  greenTaskSet?: string
  /** Percent of production traffic on the replacement task set. */
  greenTraffic: number
  /** Where it waits for ContinueDeployment, when it does. */
  waitingFor?: 'READY_WAIT' | 'TERMINATION_WAIT'
  /** Called by ContinueDeployment (or the wait's end). */
  resume?: () => void
}

export interface CodeDeployWorld {
  applications: Map<string, ApplicationRecord>
  /** By `${application}/${group}`. */
  groups: Map<string, DeploymentGroupRecord>
  deployments: Map<string, CodeDeployDeploymentRecord>
  /** Task-set id → the CodeDeploy deployment that created it (ECS reports it as externalId). */
  taskSetOwners: Map<string, string>
}

const worlds = new WeakMap<World, CodeDeployWorld>()

export function codeDeployOf(world: World): CodeDeployWorld {
  let state = worlds.get(world)
  if (state === undefined) {
    state = {
      applications: new Map(),
      groups: new Map(),
      deployments: new Map(),
      taskSetOwners: new Map()
    }
    worlds.set(world, state)
  }
  return state
}

export const groupKey = (application: string, group: string): string => `${application}/${group}`

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** `d-` and nine upper-case letters and digits, like `d-4NHS9RJ1Z`, from the world's seeded ids. */
export function newDeploymentId(world: World): string {
  const hex = world.ids.uuid().replace(/-/g, '')
  let id = ''
  for (let index = 0; index < 9; index++) {
    const byte = parseInt(hex.slice(index * 2, index * 2 + 2), 16)
    id += ID_ALPHABET.charAt(byte % ID_ALPHABET.length)
  }
  return `d-${id}`
}

export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
] as const

export const TERMINAL_STATUSES: ReadonlySet<DeploymentStatus> = new Set([
  'Succeeded',
  'Failed',
  'Stopped'
])
