import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { normalizeTaskDefinition } from './normalize.js'
import { parseTaskDefinitionText } from './parse.js'
import { parseContainerNames } from './render-inputs.js'
import type { RenderSettings } from './render-settings.js'
import { renderTaskDefinition } from './render.js'
import { assertValidTaskDefinition } from './validate.js'

export interface PrepareTaskDefinitionOptions {
  /** The text is a revision read from ECS (promotion by ARN or family), not a saved file. */
  readonly fromEcs?: boolean
  /** The task definition file's content. */
  readonly text: string
  /** The `task-definition` input as the user wrote it; named in messages. */
  readonly source: string
  /** What to change; see RenderSettings. */
  readonly renderSettings?: RenderSettings
  /**
   * The `container-name` and `image` inputs as raw strings, for callers that predate
   * renderSettings. Used only when renderSettings is absent; blank means not given.
   */
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

  // A revision read from ECS comes wrapped too; only a file needs saying so.
  if (notes.unwrapped && options.fromEcs !== true) {
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

  info.push(...notes.info)

  const rendered = renderTaskDefinition(
    taskDefinition,
    options.renderSettings ?? legacySettings(options)
  )
  info.push(...rendered.info)

  assertValidTaskDefinition(rendered.taskDefinition, { source })
  return { taskDefinition: rendered.taskDefinition, info, warnings }
}

function legacySettings({ containerName, image }: PrepareTaskDefinitionOptions): RenderSettings {
  const names = parseContainerNames(containerName ?? '')
  const trimmed = image?.trim() ?? ''
  return {
    ...(names.length > 0 && { containerNames: names }),
    ...(trimmed !== '' && { image: trimmed })
  }
}
