import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs'
import { taskId } from '../text/names.js'

/** Where a container of a task writes with the awslogs driver. */
export interface LogLocation {
  readonly container: string
  readonly region: string
  readonly group: string
  readonly stream: string
}

/**
 * The awslogs stream of the container that failed in `task`, read from the task definition we
 * registered: `<awslogs-stream-prefix>/<container>/<task id>`. Without a stream prefix the stream is
 * named after the container's runtime id, so no link can be built.
 */
export function logLocation(options: {
  task: Task
  containers: readonly ContainerDefinition[]
  defaultRegion: string
}): LogLocation | { why: string } {
  const { task, containers, defaultRegion } = options
  const failed = (task.containers ?? []).filter((c) => (c.exitCode ?? 0) !== 0 || c.reason)
  const names = [
    ...failed.map((c) => c.name),
    ...containers.filter((c) => c.essential !== false).map((c) => c.name)
  ]
  for (const name of names) {
    const definition = containers.find((c) => c.name === name)
    const config = definition?.logConfiguration
    if (definition?.name === undefined || config?.logDriver !== 'awslogs') continue
    const group = config.options?.['awslogs-group']
    const prefix = config.options?.['awslogs-stream-prefix']
    if (group === undefined) continue
    if (prefix === undefined)
      return { why: `container ${definition.name} sets no awslogs-stream-prefix` }
    return {
      container: definition.name,
      region: config.options?.['awslogs-region'] ?? defaultRegion,
      group,
      stream: `${prefix}/${definition.name}/${taskId(task.taskArn)}`
    }
  }
  return { why: 'no container of the task logs with the awslogs driver' }
}
