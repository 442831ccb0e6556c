// CloudWatch Logs as the awslogs log driver fills it. A container whose definition says
// `logConfiguration: {logDriver: "awslogs", options: {"awslogs-group", "awslogs-region",
// "awslogs-stream-prefix"}}` writes to the stream `<prefix>/<container name>/<task id>` of that
// group (ECS developer guide, "Using the awslogs log driver"). A container that never starts
// (an image that cannot be pulled) writes nothing, so its stream does not exist.

import type { JsonObject, LogEventRecord, LogGroupRecord, TaskRecord, World } from './state.js'
import { resolveTaskDefinition } from './task-definitions.js'

interface LogTarget {
  group: string
  stream: string
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** What the emulated app prints: a Node.js server. Each line is one event, as awslogs sends it. */
export const appLog = {
  starting: 'Starting server (NODE_ENV=production)',
  started: (port: number) => ['Configuration loaded', `Listening on 0.0.0.0:${port}`],
  // An uncaught exception, as Node.js prints it before exiting with code 1.
  crashed: (error: string) => [
    error,
    '    at loadConfig (/app/dist/config.js:14:11)',
    '    at main (/app/dist/server.js:9:3)',
    'Node.js v20.19.0'
  ],
  stopping: ['Received SIGTERM, shutting down', 'Server closed']
}

interface ContainerLog extends LogTarget {
  container: string
  port: number
}

/** The awslogs targets of a task's containers (containers without awslogs log nowhere we serve). */
function containerLogs(world: World, task: TaskRecord): ContainerLog[] {
  const taskDefinition = resolveTaskDefinition(world, task.taskDefinitionArn)
  const containers = taskDefinition?.definition.containerDefinitions
  if (!Array.isArray(containers)) return []
  return containers.filter(isObject).flatMap((container) => {
    const configuration = container.logConfiguration
    if (!isObject(configuration) || configuration.logDriver !== 'awslogs') return []
    const options = isObject(configuration.options) ? configuration.options : {}
    const group = options['awslogs-group']
    const prefix = options['awslogs-stream-prefix']
    const region = options['awslogs-region'] ?? world.region
    // Another region's logs live in another world; Fargate requires the stream prefix.
    if (typeof group !== 'string' || typeof prefix !== 'string' || region !== world.region)
      return []
    const name = typeof container.name === 'string' ? container.name : ''
    const mappings = Array.isArray(container.portMappings) ? container.portMappings : []
    const [first] = mappings.filter(isObject)
    const port = typeof first?.containerPort === 'number' ? first.containerPort : 8080
    return [{ container: name, group, stream: `${prefix}/${name}/${task.id}`, port }]
  })
}

export function ensureLogGroup(world: World, name: string, createdAt: number): LogGroupRecord {
  const existing = world.logGroups.get(name)
  if (existing !== undefined) return existing
  const group: LogGroupRecord = { name, createdAt, streams: new Map() }
  world.logGroups.set(name, group)
  return group
}

/**
 * Appends lines 50 ms apart from `atSeconds` (virtual epoch seconds). Ingestion lags a few hundred
 * milliseconds, deterministically, and never goes backwards within a stream.
 */
function append(
  world: World,
  target: LogTarget,
  atSeconds: number,
  lines: readonly string[]
): void {
  // The driver creates the group when it is missing (as with awslogs-create-group: true).
  const group = ensureLogGroup(world, target.group, atSeconds)
  let stream = group.streams.get(target.stream)
  if (stream === undefined) {
    stream = { name: target.stream, createdAt: atSeconds, events: [] }
    group.streams.set(target.stream, stream)
  }
  const events = stream.events
  lines.forEach((message, index) => {
    const timestamp = Math.round(atSeconds * 1000) + index * 50
    const lag = 200 + ((message.length * 37 + index * 113) % 600)
    const last: LogEventRecord | undefined = events.at(-1)
    events.push({
      timestamp: Math.max(timestamp, last?.timestamp ?? 0),
      message,
      ingestionTime: Math.max(timestamp + lag, last?.ingestionTime ?? 0)
    })
  })
}

function writeAll(
  world: World,
  task: TaskRecord,
  atSeconds: number,
  lines: (log: ContainerLog) => readonly string[]
): void {
  for (const log of containerLogs(world, task)) append(world, log, atSeconds, lines(log))
}

/** The container started: a healthy app logs that it listens; a crashing one only that it starts. */
export function logStarted(
  world: World,
  task: TaskRecord,
  healthy: boolean,
  atSeconds = world.now
): void {
  writeAll(world, task, atSeconds, (log) =>
    healthy ? [appLog.starting, ...appLog.started(log.port)] : [appLog.starting]
  )
}

export function logCrashed(world: World, task: TaskRecord, error: string): void {
  // The stack trace is printed just before the process exits.
  writeAll(world, task, world.now - 0.3, () => appLog.crashed(error))
}

export function logStopping(world: World, task: TaskRecord): void {
  writeAll(world, task, world.now, () => appLog.stopping)
}

/** Lines one container of the task prints now (tasks started by RunTask follow a script). */
export function logContainerLines(
  world: World,
  task: TaskRecord,
  container: string,
  lines: readonly string[]
): void {
  for (const log of containerLogs(world, task)) {
    if (log.container === container) append(world, log, world.now, lines)
  }
}
