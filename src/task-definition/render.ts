import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { TaskDefinitionError } from './errors.js'
import { isJsonObject, type JsonObject } from './json-value.js'
import { renderContainer } from './render-container.js'
import {
  checkContainerSelection,
  checkSettingValues,
  RENDER_INPUTS,
  type RenderSettings
} from './render-settings.js'
import { renderTask } from './render-task.js'

export interface RenderedTaskDefinition {
  /** A copy of the input with the settings applied; not yet validated. */
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
  /** One line per change, for core.info; never an environment value or a secret's source. */
  readonly info: string[]
}

/**
 * Applies the render settings to a copy of the task definition. With no settings the copy is
 * unchanged (deploy the file as it is). Container names match exactly and case-sensitively, as ECS
 * compares them. Checks the settings first and throws TaskDefinitionError naming the input.
 */
export function renderTaskDefinition(
  taskDefinition: RegisterTaskDefinitionCommandInput,
  settings: RenderSettings = {}
): RenderedTaskDefinition {
  const rendered = structuredClone(taskDefinition)
  const containers: unknown[] = Array.isArray(rendered.containerDefinitions)
    ? rendered.containerDefinitions
    : []
  const existing = containers.flatMap((container) =>
    isJsonObject(container) && typeof container.name === 'string' ? [container.name] : []
  )
  const selected = new Set(settings.containerNames ?? [])

  checkContainerNames(settings, selected, existing)
  checkSettingValues(settings)

  const images = new Map(Object.entries(settings.images ?? {}))
  const info: string[] = []
  containers.forEach((container, index) => {
    if (!isJsonObject(container) || typeof container.name !== 'string') return
    const name = container.name
    info.push(
      ...renderContainer(container, {
        path: `containerDefinitions[${index}]`,
        settings: selected.has(name) ? settings : {},
        image: images.get(name) ?? (selected.has(name) ? settings.image : undefined)
      })
    )
  })
  info.push(...renderTask(rendered as unknown as JsonObject, settings))
  return { taskDefinition: rendered, info }
}

function checkContainerNames(
  settings: RenderSettings,
  selected: ReadonlySet<string>,
  existing: readonly string[]
): void {
  checkContainerSelection(settings, selected)

  const missing = [...selected].filter((name) => !existing.includes(name))
  if (missing.length > 0) {
    const verb = missing.length === 1 ? 'matches' : 'match'
    throw new TaskDefinitionError(
      `container-name ${quoted(missing)} ${verb} no container in the task definition${caseHint(missing, existing)}; ${containerList(existing)}`,
      { input: RENDER_INPUTS.containerNames }
    )
  }

  const imageNames = Object.keys(settings.images ?? {})
  const unknown = imageNames.filter((name) => !existing.includes(name))
  if (unknown.length > 0) {
    const what =
      unknown.length === 1
        ? `container ${quoted(unknown)}, which is not`
        : `containers ${quoted(unknown)}, which are not`
    throw new TaskDefinitionError(
      `images names ${what} in the task definition${caseHint(unknown, existing)}; ${containerList(existing)}`,
      { input: RENDER_INPUTS.images }
    )
  }
  if (settings.image !== undefined) {
    const both = imageNames.filter((name) => selected.has(name))
    if (both.length > 0) {
      throw new TaskDefinitionError(
        `images sets the image of ${quoted(both)}, which image (through container-name) sets too; give each container its image in one of them`,
        { input: RENDER_INPUTS.images }
      )
    }
  }
}

function quoted(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(', ')
}

function containerList(existing: readonly string[]): string {
  return existing.length === 0
    ? 'the task definition has no named containers'
    : `containers: ${existing.join(', ')}`
}

function caseHint(names: readonly string[], existing: readonly string[]): string {
  const near = names.flatMap((name) =>
    existing
      .filter((other) => other.toLowerCase() === name.toLowerCase())
      .map((other) => [name, other])
  )
  const first = near[0]
  return first === undefined
    ? ''
    : ` (names are case-sensitive: ${JSON.stringify(first[0])} is not ${JSON.stringify(first[1])})`
}
