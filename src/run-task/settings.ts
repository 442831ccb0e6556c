import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  ContainerOverride,
  LaunchType,
  Tag
} from '@aws-sdk/client-ecs'
import { parseCommand, TaskDefinitionError } from '../task-definition/index.js'
import type { InputReader } from '../input/reader.js'
import { InputError } from '../input/values.js'
import { parseObjectList } from './json-input.js'

/** The inputs of the gate, named as in amazon-ecs-deploy-task-definition (plus our own). */
export const RUN_TASK_INPUTS = {
  runTask: 'run-task',
  containerOverrides: 'run-task-container-overrides',
  command: 'run-task-command',
  subnets: 'run-task-subnets',
  securityGroups: 'run-task-security-groups',
  assignPublicIp: 'run-task-assign-public-IP',
  launchType: 'run-task-launch-type',
  capacityProviderStrategy: 'run-task-capacity-provider-strategy',
  startedBy: 'run-task-started-by',
  tags: 'run-task-tags',
  waitForTaskStopped: 'wait-for-task-stopped',
  waitMinutes: 'run-task-wait-minutes'
} as const

export const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'] as const
export const ASSIGN_PUBLIC_IP = ['ENABLED', 'DISABLED'] as const

/** awsvpc: subnets are required; security groups default to the VPC's default group. */
export interface RunTaskNetwork {
  readonly subnets: readonly string[]
  readonly securityGroups: readonly string[]
  readonly assignPublicIp: AssignPublicIp
}

/** How the one-off task runs before the service update; validated before any AWS call. */
export interface RunTaskSettings {
  /** As given in run-task-container-overrides (names checked against the task definition later). */
  readonly containerOverrides: readonly ContainerOverride[]
  /** run-task-command split into words; the gate gives it to the only essential container. */
  readonly command?: readonly string[]
  /** Absent: no networkConfiguration is sent (bridge/host tasks, or the task definition's own). */
  readonly network?: RunTaskNetwork
  /** Exactly one of these two is set. */
  readonly launchType?: LaunchType
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[]
  readonly startedBy: string
  readonly tags: readonly Tag[]
  /** false: start the task and go on, as the official action does by default; nothing is gated. */
  readonly waitForTaskStopped: boolean
  /** The task's own deadline, separate from wait-for-minutes (official action issue #737). */
  readonly waitMinutes: number
}

export const DEFAULT_STARTED_BY = 'GitHub-Actions'
const DEFAULT_WAIT_MINUTES = 30
/** run-task-wait-minutes: a GitHub-hosted job cannot run longer than 6 hours. */
export const MAX_RUN_TASK_WAIT_MINUTES = 360
// Limits from the ECS API reference (AwsVpcConfiguration, RunTask, CapacityProviderStrategyItem, Tag).
const MAX_SUBNETS = 16
const MAX_SECURITY_GROUPS = 5
const MAX_STRATEGY_ITEMS = 20
const MAX_TAGS = 50
// RunTask startedBy: "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward
// slash (/), and underscores (_) are allowed."
const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/
// Resource ids are 8 hex digits (old) or 17 (since 2016).
const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/
const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/

/** The run-task inputs by name, each with the value its row of the input table gives. */
export interface RunTaskInputValues {
  readonly 'run-task': boolean
  readonly 'run-task-container-overrides': ContainerOverride[] | undefined
  readonly 'run-task-command': string[] | undefined
  readonly 'run-task-subnets': string[] | undefined
  readonly 'run-task-security-groups': string[] | undefined
  readonly 'run-task-assign-public-IP': AssignPublicIp | undefined
  readonly 'run-task-launch-type': LaunchType | undefined
  readonly 'run-task-capacity-provider-strategy': CapacityProviderStrategyItem[] | undefined
  readonly 'run-task-started-by': string | undefined
  readonly 'run-task-tags': Tag[] | undefined
  readonly 'wait-for-task-stopped': boolean | undefined
  readonly 'run-task-wait-minutes': number | undefined
}

/**
 * The run-task settings; `undefined` when run-task is off. The options have no defaults in
 * action.yml: the runner would then always pass them, and an option of a gate that is off could
 * not be told from one left unset. Their fallbacks are here. Throws InputError naming the input.
 */
export function readRunTaskSettings(
  inputs: InputReader<RunTaskInputValues>
): RunTaskSettings | undefined {
  const names = RUN_TASK_INPUTS
  if (!inputs.get(names.runTask)) {
    // An option of a gate that is off is a mistake: the user believes something is checked.
    const stray = Object.values(names).find((name) => name !== names.runTask && inputs.given(name))
    if (stray !== undefined) {
      throw new InputError(
        stray,
        'is set, but run-task is not true; set run-task: true or remove it'
      )
    }
    return undefined
  }

  const command = inputs.get(names.command)
  const containerOverrides = inputs.get(names.containerOverrides) ?? []
  const strategy = inputs.get(names.capacityProviderStrategy)
  if (strategy !== undefined && inputs.given(names.launchType)) {
    throw new InputError(
      names.launchType,
      `cannot be used with ${names.capacityProviderStrategy}: ECS takes one or the other; remove one`
    )
  }
  const network = readNetwork(inputs)
  const startedBy = inputs.get(names.startedBy) ?? DEFAULT_STARTED_BY
  const waitForTaskStopped = inputs.get(names.waitForTaskStopped) ?? true
  const waitMinutes = inputs.get(names.waitMinutes) ?? DEFAULT_WAIT_MINUTES
  if (!waitForTaskStopped && inputs.given(names.waitMinutes)) {
    throw new InputError(
      names.waitMinutes,
      `has no effect when ${names.waitForTaskStopped} is false; remove one of them`
    )
  }
  return {
    containerOverrides,
    ...(command !== undefined && { command }),
    ...(network !== undefined && { network }),
    ...(strategy === undefined
      ? { launchType: inputs.get(names.launchType) ?? 'FARGATE' }
      : { capacityProviderStrategy: strategy }),
    startedBy,
    tags: inputs.get(names.tags) ?? [],
    waitForTaskStopped,
    waitMinutes
  }
}

/** `run-task-started-by`, as RunTask accepts it. */
export function parseStartedBy(text: string): string {
  if (!STARTED_BY.test(text)) {
    throw new InputError(
      RUN_TASK_INPUTS.startedBy,
      `must be 1 to 128 letters, digits, hyphens (-), underscores (_) or slashes (/), got ${JSON.stringify(text)}`
    )
  }
  return text
}

/**
 * `run-task-command`: the same word splitting as the `command` input, with errors that name
 * run-task-command.
 */
export function parseRunTaskCommand(text: string): string[] {
  try {
    return parseCommand(text)
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error
    // parseCommand's messages start with "command …", written for the `command` input.
    throw new InputError(RUN_TASK_INPUTS.command, error.message.replace(/^command /, ''))
  }
}

function readNetwork(inputs: InputReader<RunTaskInputValues>): RunTaskNetwork | undefined {
  const names = RUN_TASK_INPUTS
  const subnets = inputs.get(names.subnets)
  const securityGroups = inputs.get(names.securityGroups)
  if (subnets === undefined) {
    // awsvpcConfiguration.subnets is a required member: security groups alone are rejected.
    if (securityGroups !== undefined) {
      throw new InputError(
        names.subnets,
        `is required when ${names.securityGroups} is set: ECS needs the subnets to place the task in`
      )
    }
    if (inputs.given(names.assignPublicIp)) {
      throw new InputError(
        names.assignPublicIp,
        `has no effect without ${names.subnets}; set the subnets or remove it`
      )
    }
    return undefined
  }
  return {
    subnets,
    securityGroups: securityGroups ?? [],
    assignPublicIp: inputs.get(names.assignPublicIp) ?? 'DISABLED'
  }
}

/** `run-task-subnets`: comma-separated subnet ids. */
export function parseSubnets(text: string): string[] {
  const example = 'subnet-0123456789abcdef0'
  return parseIdList(text, {
    name: RUN_TASK_INPUTS.subnets,
    shape: SUBNET_ID,
    example,
    max: MAX_SUBNETS
  })
}

/** `run-task-security-groups`: comma-separated security group ids. */
export function parseSecurityGroups(text: string): string[] {
  const name = RUN_TASK_INPUTS.securityGroups
  const example = 'sg-0123456789abcdef0'
  return parseIdList(text, { name, shape: SECURITY_GROUP_ID, example, max: MAX_SECURITY_GROUPS })
}

/** Comma-separated ids; each item trimmed (the official action does not trim, a common trap). */
function parseIdList(
  text: string,
  ids: { name: string; shape: RegExp; example: string; max: number }
): string[] {
  const { name, shape, example, max } = ids
  const items = text.split(',').map((item) => item.trim())
  items.forEach((item, index) => {
    if (item === '') {
      throw new InputError(
        name,
        `has an empty item at position ${index + 1}; separate ids with single commas, e.g. ${example},${example.replace(/0$/, '1')}`
      )
    }
    if (!shape.test(item)) {
      throw new InputError(name, `item ${JSON.stringify(item)} is not an id like ${example}`)
    }
  })
  const unique = [...new Set(items)]
  if (unique.length > max) {
    throw new InputError(name, `has ${unique.length} ids; ECS accepts at most ${max}`)
  }
  return unique
}

/** `run-task-capacity-provider-strategy`: a JSON array of strategy items. */
export function parseCapacityProviderStrategy(text: string): CapacityProviderStrategyItem[] {
  const name = RUN_TASK_INPUTS.capacityProviderStrategy
  const form = 'e.g. [{"capacityProvider":"FARGATE_SPOT","weight":1}]'
  const items = parseObjectList(name, text, form)
  if (items.length === 0) throw new InputError(name, `is an empty list; ${form}, or remove it`)
  if (items.length > MAX_STRATEGY_ITEMS) {
    throw new InputError(
      name,
      `has ${items.length} items; ECS accepts at most ${MAX_STRATEGY_ITEMS}`
    )
  }
  const strategy = items.map((item, index) => {
    const where = `item ${index}`
    for (const key of Object.keys(item)) {
      if (!['capacityProvider', 'weight', 'base'].includes(key)) {
        throw new InputError(name, `${where} has the unknown member "${key}"; ${form}`)
      }
    }
    const provider = item.capacityProvider
    if (typeof provider !== 'string' || provider.trim() === '') {
      throw new InputError(name, `${where} needs "capacityProvider" (a name); ${form}`)
    }
    const weight = wholeNumber(name, `${where} "weight"`, item.weight, 1000)
    const base = wholeNumber(name, `${where} "base"`, item.base, 100_000)
    return {
      capacityProvider: provider,
      ...(weight !== undefined && { weight }),
      ...(base !== undefined && { base })
    }
  })
  // ECS: "Only one capacity provider in a capacity provider strategy can have a base defined."
  if (strategy.filter((item) => item.base !== undefined).length > 1) {
    throw new InputError(name, 'sets "base" on more than one item; ECS allows it on one only')
  }
  return strategy
}

function wholeNumber(name: string, what: string, value: unknown, max: number): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InputError(
      name,
      `${what} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`
    )
  }
  return value
}

/** `run-task-tags`: a JSON array of {key, value}. */
export function parseRunTaskTags(text: string): Tag[] {
  const name = RUN_TASK_INPUTS.tags
  const form = 'e.g. [{"key":"purpose","value":"migration"}]'
  const items = parseObjectList(name, text, form)
  if (items.length > MAX_TAGS) {
    throw new InputError(name, `has ${items.length} tags; ECS accepts at most ${MAX_TAGS}`)
  }
  const seen = new Set<string>()
  return items.map((item, index) => {
    const { key, value } = item
    if (typeof key !== 'string' || key === '' || key.length > 128) {
      throw new InputError(
        name,
        `item ${index} needs "key", a string of 1 to 128 characters; ${form}`
      )
    }
    if (value !== undefined && (typeof value !== 'string' || value.length > 256)) {
      throw new InputError(
        name,
        `item ${index} ("${key}") "value" must be a string of at most 256 characters`
      )
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw new InputError(name, `item ${index}: the "aws:" prefix is reserved for AWS ("${key}")`)
    }
    if (seen.has(key)) throw new InputError(name, `sets the key "${key}" twice; give each key once`)
    seen.add(key)
    return { key, ...(value !== undefined && { value }) }
  })
}
