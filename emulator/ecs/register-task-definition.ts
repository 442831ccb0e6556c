// RegisterTaskDefinition: checks as ECS does (texts from real ClientException messages:
// "Family can not be blank.", "Container list cannot be empty.", "Container.name should not be
// null or empty.", "Container names must be unique within a Task Definition.", ...).

import { clientException } from '../errors.js'
import type { JsonObject, Tag } from '../state.js'
import { registerTaskDefinition } from '../task-definitions.js'
import { checkInput, read, shape, type Shape } from '../validate.js'
import type { Operation } from './operation.js'
import { taskDefinitionWire } from './wire.js'

const { string, integer, boolean, list, map, structure } = shape
const keyValue = structure({ name: string, value: string })

const containerDefinition: Shape = structure({
  name: string,
  image: string,
  repositoryCredentials: structure({ credentialsParameter: string }),
  cpu: integer,
  memory: integer,
  memoryReservation: integer,
  links: list(string),
  portMappings: list(
    structure({
      containerPort: integer,
      hostPort: integer,
      protocol: string,
      name: string,
      appProtocol: string,
      containerPortRange: string
    })
  ),
  essential: boolean,
  restartPolicy: structure({
    enabled: boolean,
    ignoredExitCodes: list(integer),
    restartAttemptPeriod: integer
  }),
  entryPoint: list(string),
  command: list(string),
  environment: list(keyValue),
  environmentFiles: list(structure({ value: string, type: string })),
  mountPoints: list(structure({ sourceVolume: string, containerPath: string, readOnly: boolean })),
  volumesFrom: list(structure({ sourceContainer: string, readOnly: boolean })),
  secrets: list(structure({ name: string, valueFrom: string })),
  dependsOn: list(structure({ containerName: string, condition: string })),
  startTimeout: integer,
  stopTimeout: integer,
  versionConsistency: string,
  hostname: string,
  user: string,
  workingDirectory: string,
  disableNetworking: boolean,
  privileged: boolean,
  readonlyRootFilesystem: boolean,
  dnsServers: list(string),
  dnsSearchDomains: list(string),
  extraHosts: list(structure({ hostname: string, ipAddress: string })),
  dockerSecurityOptions: list(string),
  interactive: boolean,
  pseudoTerminal: boolean,
  dockerLabels: map(string),
  ulimits: list(structure({ name: string, softLimit: integer, hardLimit: integer })),
  logConfiguration: structure({
    logDriver: string,
    options: map(string),
    secretOptions: list(structure({ name: string, valueFrom: string }))
  }),
  healthCheck: structure({
    command: list(string),
    interval: integer,
    timeout: integer,
    retries: integer,
    startPeriod: integer
  }),
  systemControls: list(structure({ namespace: string, value: string })),
  firelensConfiguration: structure({ type: string, options: map(string) }),
  credentialSpecs: list(string)
})

const input: Readonly<Record<string, Shape>> = {
  family: string,
  taskRoleArn: string,
  executionRoleArn: string,
  networkMode: string,
  containerDefinitions: list(containerDefinition),
  volumes: list(structure({ name: string, configuredAtLaunch: boolean })),
  placementConstraints: list(structure({ type: string, expression: string })),
  requiresCompatibilities: list(string),
  cpu: string,
  memory: string,
  tags: list(structure({ key: string, value: string })),
  pidMode: string,
  ipcMode: string,
  proxyConfiguration: structure({
    type: string,
    containerName: string,
    properties: list(keyValue)
  }),
  inferenceAccelerators: list(structure({ deviceName: string, deviceType: string })),
  ephemeralStorage: structure({ sizeInGiB: integer }),
  runtimePlatform: structure({ cpuArchitecture: string, operatingSystemFamily: string }),
  enableFaultInjection: boolean
}

const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/
const CONTAINER_NAME = /^[a-zA-Z0-9_-]{1,255}$/
// Printable ASCII without spaces; the 255 limit applies before an `@sha256:` digest.
const IMAGE = /^[\x21-\x7e]+$/
const MAX_CONTAINERS = 10

function checkContainers(containers: JsonObject[], taskMemory: string | undefined): void {
  if (containers.length === 0) throw clientException('Container list cannot be empty.')
  if (containers.length > MAX_CONTAINERS) throw clientException('Too many containers.')
  const names = new Set<string>()
  for (const container of containers) {
    const name = read.string(container, 'name')
    if (name === undefined || name === '') {
      throw clientException('Container.name should not be null or empty.')
    }
    if (!CONTAINER_NAME.test(name))
      throw clientException('Container.name contains invalid characters.')
    const image = read.string(container, 'image')
    if (image === undefined || image === '') {
      throw clientException('Container.image should not be null or empty.')
    }
    if (!IMAGE.test(image) || (image.split('@')[0] ?? '').length > 255) {
      throw clientException('Container.image contains invalid characters.')
    }
    const memory = read.integer(container, 'memory') ?? read.integer(container, 'memoryReservation')
    if (taskMemory === undefined && memory === undefined) {
      throw clientException(
        `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`
      )
    }
    if (names.has(name)) {
      throw clientException('Container names must be unique within a Task Definition.')
    }
    names.add(name)
  }
}

function checkFargate(request: JsonObject): void {
  if (!(read.strings(request, 'requiresCompatibilities') ?? []).includes('FARGATE')) return
  if (read.string(request, 'networkMode') !== 'awsvpc') {
    throw clientException("Fargate only supports network mode 'awsvpc'.")
  }
  if (read.string(request, 'cpu') === undefined) {
    throw clientException("Fargate requires that 'cpu' be defined at the task level.")
  }
  if (read.string(request, 'memory') === undefined) {
    throw clientException("Fargate requires that 'memory' be defined at the task level.")
  }
}

export const registerTaskDefinitionOperation: Operation = {
  mutating: true,
  handle: ({ world, body, caller }) => {
    const request = checkInput(body, input)
    const family = read.string(request, 'family')
    if (family === undefined || family === '') throw clientException('Family can not be blank.')
    if (!FAMILY.test(family)) throw clientException('Family contains invalid characters.')
    checkContainers(
      read.objects(request, 'containerDefinitions') ?? [],
      read.string(request, 'memory')
    )
    checkFargate(request)

    const tags: Tag[] = (read.objects(request, 'tags') ?? []).map((tag) => ({
      key: read.string(tag, 'key') ?? '',
      value: read.string(tag, 'value') ?? ''
    }))
    const members = Object.fromEntries(
      Object.entries(request).filter(
        ([name]) => name in input && name !== 'family' && name !== 'tags'
      )
    )
    const record = registerTaskDefinition(world, { family, members, tags, registeredBy: caller })
    return { taskDefinition: taskDefinitionWire(record), tags: record.tags }
  }
}
