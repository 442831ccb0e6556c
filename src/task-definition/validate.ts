import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { TaskDefinitionError, type ValidationProblem } from './errors.js'
import {
  isOneOf,
  itemPath,
  memberPath,
  notOneOfMessage,
  objectItems,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  ProblemList,
  requiredString
} from './field-checks.js'
import { checkImageReference } from './image-reference.js'
import { describeValue, isJsonObject, type JsonObject } from './json-value.js'
import { checkTaskSize } from './task-size.js'
import { validateContainer } from './validate-container.js'

const FAMILY_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/
const FAMILY_RULE = 'up to 255 letters, digits, hyphens (-) and underscores (_)'
const MAX_CONTAINERS = 10
const MAX_TAGS = 50
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'] as const
const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const
const PID_MODES = ['host', 'task'] as const
const IPC_MODES = ['host', 'task', 'none'] as const
// RegisterTaskDefinition answers ClientException "Actual length: '66420'. Max allowed length is
// '65536' bytes." beyond this (awsdocs/amazon-ecs-developer-guide#149; older docs said 32 KiB).
// Measured here as compact JSON in UTF-8, the form the SDK sends.
export const MAX_TASK_DEFINITION_BYTES = 65_536

/**
 * Everything RegisterTaskDefinition would reject (and a few things ECS would silently lose, like an
 * environment variable without a value), found before any AWS call. Takes `unknown` because the
 * normalized request is only typed, not checked. Returns every problem, in document order.
 */
export function validateTaskDefinition(taskDefinition: unknown): ValidationProblem[] {
  const problems = new ProblemList()
  if (!isJsonObject(taskDefinition)) {
    problems.add('', `the task definition must be an object, got ${describeValue(taskDefinition)}`)
    return problems.items
  }
  const td = taskDefinition

  const family = requiredString(
    problems,
    td,
    'family',
    '',
    `the task definition family name, ${FAMILY_RULE}`
  )
  if (family !== undefined && !FAMILY_PATTERN.test(family)) {
    problems.add(
      'family',
      `${JSON.stringify(family)} is not a valid family name: use ${FAMILY_RULE}`
    )
  }

  const networkMode = optionalEnum(problems, td, 'networkMode', '', NETWORK_MODES)
  for (const key of ['cpu', 'memory', 'taskRoleArn', 'executionRoleArn']) {
    optionalString(problems, td, key, '')
  }
  const pidMode = optionalEnum(problems, td, 'pidMode', '', PID_MODES)
  optionalEnum(problems, td, 'ipcMode', '', IPC_MODES)
  const compatibilities = checkCompatibilities(problems, td)
  checkTags(problems, td)
  for (const key of ['volumes', 'placementConstraints', 'inferenceAccelerators']) {
    optionalList(problems, td, key, '')
  }
  optionalObject(problems, td, 'proxyConfiguration', '')
  optionalObject(problems, td, 'runtimePlatform', '')
  const storage = optionalObject(problems, td, 'ephemeralStorage', '')
  if (storage !== undefined) optionalInteger(problems, storage, 'sizeInGiB', 'ephemeralStorage')
  optionalBoolean(problems, td, 'enableFaultInjection', '')

  const fargate = compatibilities.includes('FARGATE')
  checkTaskSize(problems, td.cpu, td.memory, { fargate, windows: isWindows(td) })
  const containers = checkContainers(problems, td, networkMode)

  if (fargate) {
    checkFargate(problems, td, { networkMode, pidMode, containers })
  } else if (td.memory === undefined) {
    // Without task-level memory, ECS needs a per-container amount to place the task.
    for (const { item, path } of containers) {
      if (item.memory === undefined && item.memoryReservation === undefined) {
        problems.add(
          path,
          'needs memory or memoryReservation (MiB) because the task has no task-level memory; set one of them, or set memory on the task'
        )
      }
    }
  }
  const bytes = new TextEncoder().encode(JSON.stringify(td)).length
  if (bytes > MAX_TASK_DEFINITION_BYTES) {
    problems.add(
      '',
      `the task definition is ${bytes} bytes as JSON; ECS accepts at most ${MAX_TASK_DEFINITION_BYTES} bytes (64 KiB): move long values out, e.g. environment variables into environmentFiles in S3 or into SSM parameters read through secrets`
    )
  }
  return problems.items
}

/** Validates and throws one TaskDefinitionError listing every problem. */
export function assertValidTaskDefinition(
  taskDefinition: unknown,
  options: { readonly source?: string } = {}
): asserts taskDefinition is RegisterTaskDefinitionCommandInput {
  const problems = validateTaskDefinition(taskDefinition)
  if (problems.length === 0) return
  // Named as the input, as every other error about it is ("task-definition file …").
  const subject =
    options.source === undefined ? 'the task definition' : `task-definition ${options.source}`
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
  throw new TaskDefinitionError(
    `${subject} has ${count} that ECS would reject:\n${formatValidationProblems(problems)}`,
    { input: 'task-definition', problems }
  )
}

/** One problem per line: `  - path: message`. */
export function formatValidationProblems(problems: readonly ValidationProblem[]): string {
  return problems
    .map(({ path, message }) => `  - ${path === '' ? '(task definition)' : path}: ${message}`)
    .join('\n')
}

function isWindows(td: JsonObject): boolean {
  const platform = td.runtimePlatform
  return (
    isJsonObject(platform) &&
    typeof platform.operatingSystemFamily === 'string' &&
    platform.operatingSystemFamily.startsWith('WINDOWS')
  )
}

interface ContainerEntry {
  readonly item: JsonObject
  readonly path: string
}

function checkContainers(
  problems: ProblemList,
  td: JsonObject,
  networkMode: string | undefined
): ContainerEntry[] {
  const value = td.containerDefinitions
  if (value === undefined) {
    problems.add('containerDefinitions', 'is required: a list of 1 to 10 container definitions')
    return []
  }
  if (!Array.isArray(value)) {
    problems.add(
      'containerDefinitions',
      `must be a list of container definitions, got ${describeValue(value)}`
    )
    return []
  }
  if (value.length === 0) {
    problems.add('containerDefinitions', 'is empty; a task definition needs at least one container')
    return []
  }
  if (value.length > MAX_CONTAINERS) {
    problems.add(
      'containerDefinitions',
      `has ${value.length} containers; ECS allows at most ${MAX_CONTAINERS}`
    )
  }

  const containers = objectItems(problems, value, 'containerDefinitions')
  const names = new Map<string, string>()
  for (const { item, path } of containers) {
    validateContainer(problems, item, path, { networkMode })
    const name = item.name
    if (typeof name !== 'string') continue
    const earlier = names.get(name)
    if (earlier === undefined) names.set(name, path)
    else
      problems.add(
        memberPath(path, 'name'),
        `${JSON.stringify(name)} is already used by ${earlier}; container names must be unique`
      )
  }

  if (containers.length > 0 && containers.every(({ item }) => item.essential === false)) {
    problems.add(
      'containerDefinitions',
      'has no essential container; ECS needs at least one (essential defaults to true, so remove "essential": false from the main container)'
    )
  }
  return containers
}

function checkCompatibilities(problems: ProblemList, td: JsonObject): string[] {
  const list = optionalList(problems, td, 'requiresCompatibilities', '')
  if (list === undefined) return []
  const found: string[] = []
  list.forEach((item, index) => {
    const path = itemPath('requiresCompatibilities', index)
    if (typeof item !== 'string') problems.add(path, `must be a string, got ${describeValue(item)}`)
    else if (!isOneOf(item, COMPATIBILITIES))
      problems.add(path, notOneOfMessage(item, COMPATIBILITIES))
    else found.push(item)
  })
  return found
}

function checkTags(problems: ProblemList, td: JsonObject): void {
  const list = optionalList(problems, td, 'tags', '')
  if (list === undefined) return
  if (list.length > MAX_TAGS)
    problems.add('tags', `has ${list.length} tags; ECS allows at most ${MAX_TAGS}`)
  const keys = new Map<string, string>()
  for (const { item, path } of objectItems(problems, list, 'tags')) {
    const key = requiredString(problems, item, 'key', path, 'the tag key (1 to 128 characters)')
    const value = optionalString(problems, item, 'value', path)
    if (key !== undefined) {
      if (key.length === 0 || key.length > 128) {
        problems.add(memberPath(path, 'key'), `must be 1 to 128 characters long, got ${key.length}`)
      }
      const earlier = keys.get(key)
      if (earlier === undefined) keys.set(key, path)
      else
        problems.add(
          memberPath(path, 'key'),
          `${JSON.stringify(key)} is already used by ${earlier}; tag keys must be unique`
        )
    }
    if (value !== undefined && value.length > 256) {
      problems.add(
        memberPath(path, 'value'),
        `must be at most 256 characters long, got ${value.length}`
      )
    }
  }
}

/** Values already checked by the generic rules (undefined when missing or invalid). */
interface FargateFacts {
  readonly networkMode: string | undefined
  readonly pidMode: string | undefined
  readonly containers: readonly ContainerEntry[]
}

/** Rules ECS enforces at registration when requiresCompatibilities includes FARGATE. */
function checkFargate(problems: ProblemList, td: JsonObject, facts: FargateFacts): void {
  const why = 'when requiresCompatibilities includes FARGATE'
  if (td.cpu === undefined) {
    problems.add(
      'cpu',
      `is required ${why}: the task's CPU units as a string, e.g. "256" or "1 vCPU"`
    )
  }
  if (td.memory === undefined) {
    problems.add(
      'memory',
      `is required ${why}: the task's memory in MiB as a string, e.g. "512" or "1 GB"`
    )
  }
  if (td.networkMode === undefined) {
    problems.add(
      'networkMode',
      `is required ${why}: Fargate supports only "awsvpc" (the default, bridge, is not allowed)`
    )
  } else if (facts.networkMode !== undefined && facts.networkMode !== 'awsvpc') {
    problems.add(
      'networkMode',
      `is ${JSON.stringify(facts.networkMode)}, but Fargate supports only "awsvpc"`
    )
  }
  if (td.ipcMode !== undefined) problems.add('ipcMode', `is not supported on Fargate; remove it`)
  if (facts.pidMode === 'host') problems.add('pidMode', `must be "task" on Fargate, got "host"`)

  if (td.executionRoleArn === undefined) {
    const needs = executionRoleNeeds(facts.containers)
    if (needs.length > 0) {
      problems.add(
        'executionRoleArn',
        `is required on Fargate for ${needs.join(' and ')}: the ARN of the role ECS uses to pull images and send logs`
      )
    }
  }
}

function executionRoleNeeds(containers: readonly ContainerEntry[]): string[] {
  const needs: string[] = []
  const ecr = containers.find(({ item }) => {
    if (typeof item.image !== 'string') return false
    const check = checkImageReference(item.image)
    return check.ok && check.parsed.ecr !== undefined
  })
  if (ecr !== undefined) needs.push(`the private ECR image in ${memberPath(ecr.path, 'image')}`)
  const awslogs = containers.find(
    ({ item }) =>
      isJsonObject(item.logConfiguration) && item.logConfiguration.logDriver === 'awslogs'
  )
  if (awslogs !== undefined)
    needs.push(`the awslogs log driver in ${memberPath(awslogs.path, 'logConfiguration')}`)
  return needs
}
