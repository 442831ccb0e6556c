import {
  isOneOf,
  memberPath,
  notOneOfMessage,
  objectItems,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalStringMap,
  quoteHint,
  requiredString,
  type ProblemList
} from './field-checks.js'
import { checkImageReference } from './image-reference.js'
import { describeValue, type JsonObject } from './json-value.js'

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/
const NAME_RULE = 'up to 255 letters, digits, hyphens (-) and underscores (_)'
const PORT = { min: 0, max: 65535 }
const TRANSPORT_PROTOCOLS = ['tcp', 'udp'] as const
const APP_PROTOCOLS = ['http', 'http2', 'grpc'] as const

const INTEGER_MEMBERS = ['cpu', 'startTimeout', 'stopTimeout'] as const
const BOOLEAN_MEMBERS = [
  'essential',
  'disableNetworking',
  'privileged',
  'readonlyRootFilesystem',
  'interactive',
  'pseudoTerminal'
] as const
const STRING_MEMBERS = ['hostname', 'user', 'workingDirectory'] as const
const STRING_LIST_MEMBERS = [
  'command',
  'entryPoint',
  'links',
  'dnsServers',
  'dnsSearchDomains',
  'dockerSecurityOptions',
  'credentialSpecs'
] as const

export interface ContainerContext {
  /** The task's networkMode as written (undefined means the default, bridge). */
  readonly networkMode: string | undefined
}

/** Checks one container definition; cross-container rules live in validate.ts. */
export function validateContainer(
  problems: ProblemList,
  container: JsonObject,
  path: string,
  context: ContainerContext
): void {
  const name = requiredString(problems, container, 'name', path, `a container name, ${NAME_RULE}`)
  if (name !== undefined && !NAME_PATTERN.test(name)) {
    problems.add(
      memberPath(path, 'name'),
      `${JSON.stringify(name)} is not a valid container name: use ${NAME_RULE}`
    )
  }

  const image = requiredString(
    problems,
    container,
    'image',
    path,
    'an image reference, e.g. "nginx:1.27"'
  )
  const placeholder = image === undefined ? undefined : findPlaceholder(image)
  if (image !== undefined && placeholder !== undefined) {
    const target = name ?? '<container>'
    problems.add(
      memberPath(path, 'image'),
      `${image === placeholder ? 'is the placeholder' : `${JSON.stringify(image)} holds the placeholder`} ${JSON.stringify(placeholder)}, which was not replaced: set the image input (with container-name: ${target}) or the images input (${target}=<image>) to replace it`
    )
  } else if (image !== undefined) {
    const check = checkImageReference(image)
    if (!check.ok) {
      problems.add(
        memberPath(path, 'image'),
        `${JSON.stringify(image)} is not a valid image reference: ${check.why}`
      )
    }
  }

  for (const key of INTEGER_MEMBERS) optionalInteger(problems, container, key, path, { min: 0 })
  for (const key of BOOLEAN_MEMBERS) optionalBoolean(problems, container, key, path)
  for (const key of STRING_MEMBERS) optionalString(problems, container, key, path)
  for (const key of STRING_LIST_MEMBERS) optionalStringList(problems, container, key, path)
  checkMemory(problems, container, path)

  if (context.networkMode === 'awsvpc' && container.hostname !== undefined) {
    problems.add(
      memberPath(path, 'hostname'),
      'is not supported with networkMode "awsvpc"; remove it'
    )
  }

  checkEnvironment(problems, container, path)
  checkSecrets(problems, container, path)
  checkPortMappings(problems, container, path, context)
  checkLogConfiguration(problems, container, path)
  optionalStringMap(problems, container, 'dockerLabels', path)
}

/** `<IMAGE1_NAME>`, `${IMAGE}` or `{{image}}`: template markers left for a render step to fill in. */
function findPlaceholder(image: string): string | undefined {
  return /<[^<>]*>|\$\{[^{}]*\}|\{\{[^{}]*\}\}/.exec(image)?.[0]
}

function checkMemory(problems: ProblemList, container: JsonObject, path: string): void {
  const memory = optionalInteger(problems, container, 'memory', path, { min: 0 })
  const reservation = optionalInteger(problems, container, 'memoryReservation', path, { min: 0 })
  if (memory !== undefined && reservation !== undefined && memory < reservation) {
    problems.add(
      memberPath(path, 'memory'),
      `(hard limit, ${memory} MiB) must not be lower than memoryReservation (soft limit, ${reservation} MiB)`
    )
  }
}

function checkEnvironment(problems: ProblemList, container: JsonObject, path: string): void {
  const listPath = memberPath(path, 'environment')
  const list = optionalList(problems, container, 'environment', path)
  if (list === undefined) return
  const seen = new Map<string, string>()
  for (const { item, path: here } of objectItems(problems, list, listPath)) {
    const name = item.name
    if (typeof name !== 'string' || name === '') {
      problems.add(
        memberPath(here, 'name'),
        name === undefined || name === ''
          ? 'is required: the variable name (ECS rejects a blank name)'
          : `must be a string, got ${describeValue(name)}`
      )
    } else {
      const earlier = seen.get(name)
      if (earlier === undefined) seen.set(name, here)
      else
        problems.add(
          memberPath(here, 'name'),
          `${JSON.stringify(name)} is already set by ${earlier}; each variable name may appear once`
        )
    }
    const value = item.value
    if (value === undefined) {
      // ECS silently drops a variable that has no value; YAML `value:` (null) ends up here too.
      problems.add(
        memberPath(here, 'value'),
        'is missing (or null), and ECS would silently drop the variable; for an empty value write value: ""'
      )
    } else if (typeof value !== 'string') {
      problems.add(
        memberPath(here, 'value'),
        `must be a string, got ${describeValue(value)}${quoteHint(value)}`
      )
    }
  }
}

function checkSecrets(problems: ProblemList, container: JsonObject, path: string): void {
  const list = optionalList(problems, container, 'secrets', path)
  if (list === undefined) return
  for (const { item, path: here } of objectItems(problems, list, memberPath(path, 'secrets'))) {
    requiredString(problems, item, 'name', here, 'the environment variable name')
    requiredString(
      problems,
      item,
      'valueFrom',
      here,
      'the ARN of the Secrets Manager secret or SSM parameter'
    )
  }
}

function checkPortMappings(
  problems: ProblemList,
  container: JsonObject,
  path: string,
  context: ContainerContext
): void {
  const listPath = memberPath(path, 'portMappings')
  const list = optionalList(problems, container, 'portMappings', path)
  if (list === undefined) return
  if (context.networkMode === 'none' && list.length > 0) {
    problems.add(
      listPath,
      'must be empty with networkMode "none": such tasks have no network to map ports on'
    )
  }
  for (const { item, path: here } of objectItems(problems, list, listPath)) {
    const containerPort = optionalInteger(problems, item, 'containerPort', here, PORT)
    const hostPort = optionalInteger(problems, item, 'hostPort', here, PORT)
    const protocol = optionalString(problems, item, 'protocol', here)
    if (protocol !== undefined && !isOneOf(protocol, TRANSPORT_PROTOCOLS)) {
      problems.add(memberPath(here, 'protocol'), notOneOfMessage(protocol, TRANSPORT_PROTOCOLS))
    }
    const appProtocol = optionalString(problems, item, 'appProtocol', here)
    if (appProtocol !== undefined && !isOneOf(appProtocol, APP_PROTOCOLS)) {
      problems.add(memberPath(here, 'appProtocol'), notOneOfMessage(appProtocol, APP_PROTOCOLS))
    }
    optionalString(problems, item, 'name', here)
    optionalString(problems, item, 'containerPortRange', here)
    if (
      context.networkMode === 'awsvpc' &&
      hostPort !== undefined &&
      containerPort !== undefined &&
      hostPort !== containerPort
    ) {
      problems.add(
        memberPath(here, 'hostPort'),
        `(${hostPort}) must equal containerPort (${containerPort}) or be left out with networkMode "awsvpc"`
      )
    }
  }
}

function checkLogConfiguration(problems: ProblemList, container: JsonObject, path: string): void {
  const config = optionalObject(problems, container, 'logConfiguration', path)
  if (config === undefined) return
  const here = memberPath(path, 'logConfiguration')
  requiredString(problems, config, 'logDriver', here, 'the log driver, e.g. "awslogs"')
  optionalStringMap(problems, config, 'options', here)
  optionalList(problems, config, 'secretOptions', here)
}
