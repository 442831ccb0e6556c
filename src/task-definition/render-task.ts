import { TaskDefinitionError } from './errors.js'
import { describeValue, displayValue, type JsonObject } from './json-value.js'
import { mergeNamed } from './render-merge.js'
import type { RenderSettings } from './render-settings.js'

const TASK_STRINGS = ['cpu', 'memory', 'taskRoleArn', 'executionRoleArn'] as const

/** Applies the task-level settings in place; returns one info line per change. */
export function renderTask(td: JsonObject, settings: RenderSettings): string[] {
  const info: string[] = []
  for (const key of TASK_STRINGS) {
    const value = settings[key]
    if (value === undefined || td[key] === value) continue
    info.push(`Task: ${key} ${displayValue(td[key])} → ${value}.`)
    td[key] = value
  }

  if (settings.tags !== undefined) {
    const current = td.tags
    if (current !== undefined && !Array.isArray(current)) {
      throw new TaskDefinitionError(
        `tags in the task definition is ${describeValue(current)}, not a list, so the tags input cannot be merged into it; fix the task definition`,
        { input: 'task-definition' }
      )
    }
    const tags = (current as unknown[] | undefined) ?? []
    const changes = mergeNamed(tags, settings.tags, 'value', 'key')
    td.tags = tags
    info.push(...changes.map(({ name, kind }) => `Task: tag ${name} ${kind}.`))
  }
  return info
}
