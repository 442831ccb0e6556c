// Task-definition families and revisions: registering (with the defaults ECS fills in) and
// resolving the references ECS accepts (family, family:revision, ARN).

import { arnResource, arns } from './arns.js'
import type { JsonObject, Tag, TaskDefinitionRecord, World } from './state.js'

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** ECS echoes containers back with these members filled in. */
function withContainerDefaults(container: JsonObject, networkMode: unknown): JsonObject {
  const portMappings = Array.isArray(container.portMappings) ? container.portMappings : []
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings: portMappings.map((mapping: unknown) => {
      if (!isObject(mapping)) return mapping
      // With awsvpc the host port is the container port.
      const hostPort = networkMode === 'awsvpc' ? mapping.containerPort : mapping.hostPort
      return { ...mapping, hostPort, protocol: mapping.protocol ?? 'tcp' }
    }),
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? []
  }
}

function compatibilitiesOf(definition: JsonObject): string[] {
  const requires = Array.isArray(definition.requiresCompatibilities)
    ? definition.requiresCompatibilities
    : []
  const fargateReady =
    definition.networkMode === 'awsvpc' &&
    definition.cpu !== undefined &&
    definition.memory !== undefined
  return requires.includes('FARGATE') || fargateReady ? ['EC2', 'FARGATE'] : ['EC2']
}

export interface Registration {
  family: string
  /** Every RegisterTaskDefinition member except family and tags, as received. */
  members: JsonObject
  tags: Tag[]
  registeredBy: string
}

export function registerTaskDefinition(
  world: World,
  registration: Registration
): TaskDefinitionRecord {
  const revisions = world.families.get(registration.family) ?? []
  const revision = (revisions.at(-1)?.revision ?? 0) + 1
  const containers = Array.isArray(registration.members.containerDefinitions)
    ? registration.members.containerDefinitions
    : []
  const definition: JsonObject = {
    ...registration.members,
    family: registration.family,
    containerDefinitions: containers.map((container: unknown) =>
      isObject(container)
        ? withContainerDefaults(container, registration.members.networkMode)
        : container
    ),
    volumes: registration.members.volumes ?? [],
    placementConstraints: registration.members.placementConstraints ?? []
  }
  definition.compatibilities = compatibilitiesOf(definition)
  const record: TaskDefinitionRecord = {
    arn: arns.taskDefinition(world.region, registration.family, revision),
    family: registration.family,
    revision,
    status: 'ACTIVE',
    registeredAt: world.now,
    registeredBy: registration.registeredBy,
    definition,
    tags: registration.tags
  }
  world.families.set(registration.family, [...revisions, record])
  return record
}

/** family (latest ACTIVE revision), family:revision, or a task-definition ARN. */
export function resolveTaskDefinition(
  world: World,
  reference: string
): TaskDefinitionRecord | undefined {
  const resource = arnResource(reference)
  let name = reference
  if (resource !== undefined) {
    if (!resource.startsWith('task-definition/')) return undefined
    name = resource.slice('task-definition/'.length)
  }
  const [family = '', revisionText] = name.split(':')
  const revisions = world.families.get(family) ?? []
  if (revisionText === undefined) {
    return revisions.filter((record) => record.status === 'ACTIVE').at(-1)
  }
  if (!/^\d+$/.test(revisionText)) return undefined
  return revisions.find((record) => record.revision === Number(revisionText))
}

export function containerDefinitionsOf(
  record: TaskDefinitionRecord
): { name: string; image: string }[] {
  const containers = Array.isArray(record.definition.containerDefinitions)
    ? record.definition.containerDefinitions
    : []
  return containers.filter(isObject).map((container) => ({
    name: typeof container.name === 'string' ? container.name : '',
    image: typeof container.image === 'string' ? container.image : ''
  }))
}
