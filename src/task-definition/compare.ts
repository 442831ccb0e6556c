import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { isJsonObject } from './json-value.js'

/**
 * True when registering `rendered` would give the same revision as `current` (described, then
 * normalized), so there is nothing to roll out. ECS echoes a registered definition with defaults
 * filled in (container cpu 0, essential true, tcp, the awsvpc host port, empty lists); those are
 * ignored. Anything else that differs, even list order, counts as a change: a false "changed" only
 * registers one revision too many, a false "same" would skip a deploy.
 */
export function sameTaskDefinition(
  rendered: RegisterTaskDefinitionCommandInput,
  current: RegisterTaskDefinitionCommandInput
): boolean {
  // A file without tags says nothing about tags; one with tags must match them.
  const withTags = rendered.tags !== undefined
  const text = (td: RegisterTaskDefinitionCommandInput): string =>
    JSON.stringify(comparableForm(td, { withTags }))
  return text(rendered) === text(current)
}

/**
 * The task definition without the defaults ECS fills in, with sorted keys and without empty lists or
 * objects: equal content gives equal JSON. Also what a diff shows, so a diff holds only real changes.
 */
export function comparableForm(
  td: RegisterTaskDefinitionCommandInput,
  options: { withTags: boolean }
): unknown {
  const withTags = options.withTags
  const { tags, containerDefinitions, ...rest } = td
  const awsvpc = td.networkMode === 'awsvpc'
  const containers = (containerDefinitions ?? []).map((container) => {
    const { cpu, essential, portMappings, ...others } = container
    return {
      ...others,
      ...(cpu !== undefined && cpu !== 0 && { cpu }),
      ...(essential === false && { essential }),
      portMappings: (portMappings ?? []).map(({ protocol, hostPort, ...mapping }) => ({
        ...mapping,
        ...(protocol !== undefined && protocol !== 'tcp' && { protocol }),
        ...(hostPort !== undefined &&
          !(awsvpc && hostPort === mapping.containerPort) && { hostPort })
      }))
    }
  })
  // Provenance tags (github:sha, github:run-url…) say who registered a revision, not what it is.
  const ownTags = tags?.filter((tag) => !(tag.key ?? '').startsWith('github:'))
  return prune({
    ...rest,
    containerDefinitions: containers,
    ...(withTags && { tags: ownTags })
  })
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined)
    return items.length === 0 ? undefined : items
  }
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => [key, prune(value[key])] as const)
      .filter(([, child]) => child !== undefined)
    return entries.length === 0 ? undefined : Object.fromEntries(entries)
  }
  return value
}
