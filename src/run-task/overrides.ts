import type { ContainerOverride, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { InputError } from '../input/values.js'
import { parseObjectList, type JsonObject } from './json-input.js'

const OVERRIDES = 'run-task-container-overrides'
const COMMAND = 'run-task-command'
const FORM = 'e.g. [{"name":"app","command":["npm","run","migrate"]}]'
// RunTask: "A total of 8192 characters are allowed for overrides. This limit includes the JSON
// formatting characters of the override structure."
const MAX_OVERRIDES_CHARS = 8192

type Check = (value: unknown) => boolean
const isString: Check = (value) => typeof value === 'string'
const isInteger: Check = (value) => typeof value === 'number' && Number.isInteger(value)
const listOf =
  (item: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(item)
const pairOf =
  (first: string, second: string): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(
      ([key, member]) => [first, second].includes(key) && isString(member)
    )

/** The ContainerOverride members and the JSON type ECS expects of each. */
const MEMBERS: Readonly<Record<string, { check: Check; expected: string }>> = {
  name: { check: isString, expected: 'a string' },
  command: { check: listOf(isString), expected: 'an array of strings' },
  environment: {
    check: listOf(pairOf('name', 'value')),
    expected: 'an array of {"name","value"} objects'
  },
  environmentFiles: {
    check: listOf(pairOf('value', 'type')),
    expected: 'an array of {"value","type"} objects'
  },
  cpu: { check: isInteger, expected: 'a whole number' },
  memory: { check: isInteger, expected: 'a whole number' },
  memoryReservation: { check: isInteger, expected: 'a whole number' },
  resourceRequirements: {
    check: listOf(pairOf('value', 'type')),
    expected: 'an array of {"value","type"} objects'
  }
}

/**
 * `run-task-container-overrides`: a JSON array of ContainerOverride. Unknown members are errors
 * (the SDK would silently drop them). Values are never echoed: environment overrides may be secret.
 */
export function parseContainerOverrides(text: string): ContainerOverride[] {
  if (text.length > MAX_OVERRIDES_CHARS) {
    throw new InputError(
      OVERRIDES,
      `is ${text.length} characters; ECS accepts at most ${MAX_OVERRIDES_CHARS}`
    )
  }
  const items = parseObjectList(OVERRIDES, text, FORM)
  const seen = new Set<string>()
  return items.map((item, index) => {
    checkMembers(item, index)
    const name = item.name
    if (typeof name !== 'string' || name === '') {
      throw new InputError(
        OVERRIDES,
        `item ${index} needs "name", the container it applies to; ${FORM}`
      )
    }
    if (seen.has(name)) {
      throw new InputError(OVERRIDES, `has two items for container "${name}"; merge them into one`)
    }
    seen.add(name)
    // Every member was checked against MEMBERS above.
    const override: ContainerOverride = item
    return override
  })
}

function checkMembers(item: JsonObject, index: number): void {
  for (const [key, value] of Object.entries(item)) {
    const member = MEMBERS[key]
    if (member === undefined) {
      throw new InputError(
        OVERRIDES,
        `item ${index} has the unknown member "${key}"; a container override has ${Object.keys(MEMBERS).join(', ')}`
      )
    }
    if (!member.check(value)) {
      throw new InputError(OVERRIDES, `item ${index} "${key}" must be ${member.expected}`)
    }
  }
}

/** Whether ECS treats the container as essential: the field defaults to true when absent. */
export function isEssential(container: { essential?: boolean | undefined }): boolean {
  return container.essential !== false
}

/**
 * The containerOverrides RunTask gets: the overrides as given, checked against the task
 * definition's container names, plus run-task-command given to the only essential container.
 * Pure, so the caller can check it right after rendering, before anything is registered.
 */
export function resolveContainerOverrides(options: {
  containerOverrides: readonly ContainerOverride[]
  command?: readonly string[] | undefined
  taskDefinition: Pick<RegisterTaskDefinitionCommandInput, 'containerDefinitions'>
}): ContainerOverride[] {
  const containers = options.taskDefinition.containerDefinitions ?? []
  const names = containers.flatMap((c) => (c.name === undefined ? [] : [c.name]))
  const overrides = options.containerOverrides.map((override, index) => {
    if (override.name === undefined || !names.includes(override.name)) {
      throw new InputError(
        OVERRIDES,
        `item ${index} names container ${JSON.stringify(override.name)}, which the task definition does not have; it has ${names.join(', ')}`
      )
    }
    return { ...override }
  })
  const command = options.command
  if (command === undefined) return overrides

  const essential = containers
    .filter(isEssential)
    .flatMap((c) => (c.name === undefined ? [] : [c.name]))
  const [target] = essential
  if (target === undefined || essential.length > 1) {
    throw new InputError(
      COMMAND,
      `needs one essential container to run in, and the task definition has ${essential.length === 0 ? 'none' : `${essential.length} (${essential.join(', ')})`}; give the command to one container in ${OVERRIDES} instead, ${FORM}`
    )
  }
  const existing = overrides.find((override) => override.name === target)
  if (existing?.command !== undefined) {
    throw new InputError(
      COMMAND,
      `and ${OVERRIDES} both set the command of container ${target}; give it in one of them`
    )
  }
  if (existing !== undefined) {
    existing.command = [...command]
    return overrides
  }
  return [...overrides, { name: target, command: [...command] }]
}
