import { TaskDefinitionError } from './errors.js'
import { describeValue, displayValue, isJsonObject, type JsonObject } from './json-value.js'
import { mergeMap, mergeNamed, replaceNamed, type Change } from './render-merge.js'
import { RENDER_INPUTS, type RenderSettings } from './render-settings.js'

export interface ContainerRender {
  /** Where the container is, e.g. `containerDefinitions[1]`, for errors about the file. */
  readonly path: string
  /** The settings for this container: all of them when it is named in containerNames, else none. */
  readonly settings: RenderSettings
  /** Its new image, from `images` or `image`. */
  readonly image: string | undefined
}

/** Applies the container settings in place; returns one info line per change. */
export function renderContainer(container: JsonObject, render: ContainerRender): string[] {
  const { settings, path } = render
  const lines: string[] = []

  if (render.image !== undefined && container.image !== render.image) {
    // What the file had is often a placeholder: the image the service runs is compared later.
    lines.push(`image set to ${render.image}`)
    container.image = render.image
  }
  if (settings.environment !== undefined) {
    const replace = settings.environmentMode === 'replace'
    const previous = container.environment
    const list = replace
      ? []
      : (listAt(container, 'environment', path, RENDER_INPUTS.environment) ?? [])
    container.environment = list
    lines.push(
      ...described(
        'environment',
        replace
          ? replaceNamed(previous, list, settings.environment, 'value')
          : mergeNamed(list, settings.environment, 'value')
      )
    )
  }
  if (settings.secrets !== undefined) {
    const list = listAt(container, 'secrets', path, RENDER_INPUTS.secrets) ?? []
    container.secrets = list
    lines.push(...described('secret', mergeNamed(list, settings.secrets, 'valueFrom')))
  }
  if (settings.envFiles !== undefined) lines.push(...renderEnvFiles(container, settings.envFiles))
  lines.push(...renderLogConfiguration(container, settings, path))
  if (settings.dockerLabels !== undefined) {
    const labels = mapAt(container, 'dockerLabels', path, RENDER_INPUTS.dockerLabels)
    const merged = mergeMap(labels ?? {}, settings.dockerLabels)
    container.dockerLabels = merged.map
    lines.push(...described('docker label', merged.changes))
  }
  if (settings.command !== undefined) lines.push(...renderCommand(container, settings.command))

  return lines.map((line) => `Container ${String(container.name)}: ${line}.`)
}

function described(what: string, changes: readonly Change[]): string[] {
  return changes.map(({ name, kind }) => `${what} ${name} ${kind}`)
}

function renderEnvFiles(container: JsonObject, arns: readonly string[]): string[] {
  const files = arns.map((value) => ({ value, type: 's3' }))
  const previous = container.environmentFiles
  if (JSON.stringify(files) === JSON.stringify(previous ?? [])) return []
  const before = Array.isArray(previous) ? previous.length : 0
  if (files.length === 0) {
    delete container.environmentFiles
    return [`environmentFiles removed (had ${before})`]
  }
  container.environmentFiles = files
  return [
    `environmentFiles ${before === 0 ? 'set' : `replaced (had ${before})`}: ${arns.join(', ')}`
  ]
}

function renderCommand(container: JsonObject, words: readonly string[]): string[] {
  const command = [...words]
  const previous = container.command
  if (JSON.stringify(command) === JSON.stringify(previous ?? [])) return []
  if (command.length === 0) {
    delete container.command
    return [`command ${displayValue(previous)} removed (the image's CMD applies)`]
  }
  container.command = command
  return [`command ${displayValue(previous)} → ${JSON.stringify(command)}`]
}

function renderLogConfiguration(
  container: JsonObject,
  settings: RenderSettings,
  path: string
): string[] {
  const { logDriver, logOptions } = settings
  if (logDriver === undefined && logOptions === undefined) return []
  const input = logDriver === undefined ? RENDER_INPUTS.logOptions : RENDER_INPUTS.logDriver
  const config = mapAt(container, 'logConfiguration', path, input) ?? {}
  const info: string[] = []

  const before = config.logDriver
  if (logDriver !== undefined && before !== logDriver) {
    // Options and secret options belong to a driver (awslogs-group means nothing to splunk).
    const dropped = [config.options, config.secretOptions].some(
      (value) =>
        value !== undefined && JSON.stringify(value) !== '{}' && JSON.stringify(value) !== '[]'
    )
    delete config.options
    delete config.secretOptions
    config.logDriver = logDriver
    info.push(
      `log driver ${displayValue(before)} → ${logDriver}${dropped && before !== undefined ? ` (the options of ${displayValue(before)} were dropped)` : ''}`
    )
  }
  if (logOptions !== undefined) {
    if (typeof config.logDriver !== 'string') {
      throw new TaskDefinitionError(
        `log-configuration-options needs a log driver, and container ${String(container.name)} has none (${path}.logConfiguration.logDriver); set log-configuration-log-driver too`,
        { input: RENDER_INPUTS.logOptions }
      )
    }
    const options = mapAt(config, 'options', `${path}.logConfiguration`, RENDER_INPUTS.logOptions)
    const merged = mergeMap(options ?? {}, logOptions)
    config.options = merged.map
    info.push(...merged.changes.map(({ name, kind }) => `log option ${name} ${kind}`))
  }
  container.logConfiguration = config
  return info
}

/** The list at `key` to merge into; undefined when absent; an error when it is not a list. */
function listAt(obj: JsonObject, key: string, path: string, input: string): unknown[] | undefined {
  const value = obj[key]
  if (value === undefined || Array.isArray(value)) return value as unknown[] | undefined
  throw notMergeable(`${path}.${key}`, value, 'a list', input)
}

function mapAt(obj: JsonObject, key: string, path: string, input: string): JsonObject | undefined {
  const value = obj[key]
  if (value === undefined || isJsonObject(value)) return value
  throw notMergeable(`${path}.${key}`, value, 'an object', input)
}

function notMergeable(
  where: string,
  value: unknown,
  expected: string,
  input: string
): TaskDefinitionError {
  return new TaskDefinitionError(
    `${where} is ${describeValue(value)}, not ${expected}, so ${input} cannot be merged into it; fix the task definition`,
    { input: 'task-definition' }
  )
}
