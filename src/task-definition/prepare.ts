import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { normalizeTaskDefinition } from './normalize.js'
import { parseTaskDefinitionText } from './parse.js'
import { renderTaskDefinition } from './render.js'
import { assertValidTaskDefinition } from './validate.js'

export interface PrepareTaskDefinitionOptions {
  /** The task definition file's content. */
  readonly text: string
  /** The `task-definition` input as the user wrote it; named in messages. */
  readonly source: string
  readonly containerName?: string
  readonly image?: string
}

export interface PreparedTaskDefinition {
  /** Ready for RegisterTaskDefinition: parsed, normalized, rendered and validated. */
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
  /** Lines for core.info, in order. */
  readonly info: string[]
  /** Lines for core.warning, in order. */
  readonly warnings: string[]
}

/**
 * The whole pure pipeline: parse → normalize → render → validate. Rendering comes before
 * validation so that a placeholder image in the file is replaced before it is checked.
 * Throws TaskDefinitionError (with `input` and, for validation, every problem).
 */
export function prepareTaskDefinition(
  options: PrepareTaskDefinitionOptions
): PreparedTaskDefinition {
  const { text, source } = options
  const raw = parseTaskDefinitionText({ text, source })
  const { taskDefinition, notes } = normalizeTaskDefinition(raw)
  const info: string[] = []
  const warnings: string[] = []

  if (notes.unwrapped) {
    const tags = taskDefinition.tags?.length ?? 0
    info.push(
      `${source} is describe-task-definition output: using its "taskDefinition" object${tags > 0 ? ` with ${tags} tag(s)` : ''}.`
    )
  }
  if (notes.strippedReadOnly.length > 0) {
    info.push(
      `Ignored read-only fields that RegisterTaskDefinition does not accept: ${notes.strippedReadOnly.join(', ')}.`
    )
  }
  if (notes.unknownKeys.length > 0) {
    const keys = notes.unknownKeys.map((key) => JSON.stringify(key)).join(', ')
    warnings.push(
      `${source}: ignored ${notes.unknownKeys.length === 1 ? 'key' : 'keys'} ${keys}: not RegisterTaskDefinition members, so ECS would never see them. Check the spelling, or remove them.`
    )
  }

  const rendered = renderTaskDefinition(taskDefinition, {
    ...(options.containerName !== undefined && { containerName: options.containerName }),
    ...(options.image !== undefined && { image: options.image })
  })
  info.push(...imageChanges(taskDefinition, rendered))

  assertValidTaskDefinition(rendered, { source })
  return { taskDefinition: rendered, info, warnings }
}

function imageChanges(
  before: RegisterTaskDefinitionCommandInput,
  after: RegisterTaskDefinitionCommandInput
): string[] {
  const old = before.containerDefinitions ?? []
  return (after.containerDefinitions ?? []).flatMap((container, index) => {
    const previous = old[index]?.image
    return container.image === previous
      ? []
      : [
          `Container ${container.name ?? String(index)}: image ${previous ?? '(none)'} → ${container.image ?? '(none)'}.`
        ]
  })
}
