import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { MAX_NESTING_DEPTH, nestedDeeperThan } from '../input/document.js'
import { TaskDefinitionError } from './errors.js'
import { describeValue, isJsonObject, type JsonObject } from './json-value.js'

/** Top-level members RegisterTaskDefinition accepts (current ECS model). */
export const REGISTER_TASK_DEFINITION_MEMBERS: readonly string[] = [
  'family',
  'containerDefinitions',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection'
]

/** Members DescribeTaskDefinition returns that RegisterTaskDefinition does not accept. */
export const READ_ONLY_TASK_DEFINITION_FIELDS: readonly string[] = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt'
]

const MEMBERS = new Set(REGISTER_TASK_DEFINITION_MEMBERS)
const READ_ONLY = new Set(READ_ONLY_TASK_DEFINITION_FIELDS)

export interface NormalizeNotes {
  /** The input was `describe-task-definition` output (`{taskDefinition, tags}`) and was unwrapped. */
  readonly unwrapped: boolean
  /** Read-only fields that were removed, in input order; the caller prints one info line. */
  readonly strippedReadOnly: string[]
  /** Keys that are not RegisterTaskDefinition members and were removed; the caller warns. */
  readonly unknownKeys: string[]
  /** Lines for core.info about values that were adjusted (task-level numbers made strings). */
  readonly info: string[]
}

export interface NormalizedTaskDefinition {
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
  readonly notes: NormalizeNotes
}

/**
 * Turns a parsed file (a task definition, or saved `aws ecs describe-task-definition` output) into
 * a RegisterTaskDefinition request: unwraps, strips read-only fields, drops nulls at every depth and
 * removes keys ECS does not accept. Empty strings, lists and objects are kept: an empty env value is
 * legal, and removing empties broke the official action (#216, #168, #780).
 *
 * Wrapper tags: `describe-task-definition` puts `tags` beside `taskDefinition`; they move into the
 * request. If the inner object has its own `tags` (hand-edited), the inner list wins, since that is
 * the more deliberate edit.
 *
 * The types of the members are not checked here; that is validateTaskDefinition's job. Nesting
 * deeper than MAX_NESTING_DEPTH is refused first, as the walk that drops nulls recurses
 * (parseTaskDefinitionText refuses it already, on the text).
 */
export function normalizeTaskDefinition(raw: unknown): NormalizedTaskDefinition {
  if (!isJsonObject(raw)) {
    throw new TaskDefinitionError(
      `task definition must be an object with family and containerDefinitions, got ${describeValue(raw)}`,
      { input: 'task-definition' }
    )
  }
  if (nestedDeeperThan(raw)) {
    throw new TaskDefinitionError(
      `the task definition nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep; a task definition is about 8 levels deep, so this is not one`,
      { input: 'task-definition' }
    )
  }

  const unknownKeys: string[] = []
  const strippedReadOnly: string[] = []
  let source: JsonObject = raw
  const unwrapped = isDescribeOutput(raw)
  if (unwrapped) {
    const inner = raw.taskDefinition as JsonObject
    source = { ...inner }
    if (!('tags' in inner) && raw.tags !== undefined && raw.tags !== null) {
      source.tags = raw.tags
    }
    for (const key of Object.keys(raw)) {
      if (key !== 'taskDefinition' && key !== 'tags') unknownKeys.push(key)
    }
  }

  const entries: [string, unknown][] = []
  for (const [key, value] of Object.entries(source)) {
    if (READ_ONLY.has(key)) {
      strippedReadOnly.push(key)
    } else if (!MEMBERS.has(key)) {
      unknownKeys.push(key)
    } else if (value !== null && value !== undefined) {
      entries.push([key, withoutNulls(value)])
    }
  }

  const converted = stringifyTaskSize(entries)
  return {
    taskDefinition: Object.fromEntries(entries) as unknown as RegisterTaskDefinitionCommandInput,
    notes: {
      unwrapped,
      strippedReadOnly,
      unknownKeys,
      info:
        converted.length === 0
          ? []
          : [
              `Converted task-level ${converted.join(' and ')}: RegisterTaskDefinition takes task-level cpu and memory as strings.`
            ]
    }
  }
}

/**
 * YAML reads `cpu: 256` as a number, and so does JSON without quotes, yet ECS wants task-level cpu
 * and memory as strings. The meaning is unambiguous, so convert (whole numbers only; anything else
 * is left for validation to report). Container-level cpu and memory are numbers in ECS and stay so.
 */
function stringifyTaskSize(entries: [string, unknown][]): string[] {
  const converted: string[] = []
  for (const entry of entries) {
    const [key, value] = entry
    if (
      (key === 'cpu' || key === 'memory') &&
      Number.isSafeInteger(value) &&
      (value as number) > 0
    ) {
      entry[1] = String(value)
      converted.push(`${key} ${String(value)} → "${String(value)}"`)
    }
  }
  return converted
}

/**
 * `{"taskDefinition": {...}, "tags": [...]}`. A top level that already has family or
 * containerDefinitions is a task definition with a stray `taskDefinition` key, not a wrapper.
 */
function isDescribeOutput(raw: JsonObject): boolean {
  return isJsonObject(raw.taskDefinition) && !('family' in raw) && !('containerDefinitions' in raw)
}

/** Deep copy without null/undefined members or list items. Object.fromEntries keeps `__proto__` keys inert. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== null && item !== undefined).map(withoutNulls)
  }
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, child]) => child !== null && child !== undefined)
        .map(([key, child]) => [key, withoutNulls(child)])
    )
  }
  return value
}
