import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { classifyError, errorName } from '../aws/errors.js'
import type { LogStreamPort } from '../aws/log-stream.js'
import { taskId } from '../text/names.js'

/** One container's awslogs stream: `<awslogs-stream-prefix>/<container>/<task id>`. */
export interface LogTarget {
  readonly container: string
  readonly region: string
  readonly group: string
  readonly stream: string
}

/** The awslogs streams of every container of the task, and why others cannot be followed. */
export function logTargets(options: {
  taskDefinition: Pick<RegisterTaskDefinitionCommandInput, 'containerDefinitions'>
  taskArn: string
  region: string
}): { targets: LogTarget[]; notes: string[] } {
  const targets: LogTarget[] = []
  const notes: string[] = []
  for (const container of options.taskDefinition.containerDefinitions ?? []) {
    const config = container.logConfiguration
    if (container.name === undefined || config?.logDriver !== 'awslogs') continue
    const group = config.options?.['awslogs-group']
    const prefix = config.options?.['awslogs-stream-prefix']
    if (group === undefined) continue
    if (prefix === undefined) {
      // Without a prefix the stream is named after the container's runtime id, unknown here.
      notes.push(
        `Container ${container.name} sets no awslogs-stream-prefix, so its log stream cannot be found; its lines are not shown.`
      )
      continue
    }
    targets.push({
      container: container.name,
      region: config.options?.['awslogs-region'] ?? options.region,
      group,
      stream: `${prefix}/${container.name}/${taskId(options.taskArn)}`
    })
  }
  return { targets, notes }
}

interface StreamState {
  readonly target: LogTarget
  token: string | undefined
  stopped: boolean
}

// A poll reads at most this many pages per stream; the rest comes at the next poll.
const MAX_PAGES_PER_POLL = 20

/**
 * Prints each new line of the task's streams once, prefixed with the container name, reading
 * forward from the head with the token CloudWatch Logs hands back. Reading logs never decides
 * the gate: a denied or broken read is one warning, then that stream (or all, when denied) is
 * left alone.
 */
export class LogFollower {
  private readonly streams: StreamState[]
  private readonly recent: string[] = []
  private denied = false

  constructor(
    private readonly options: {
      logs: LogStreamPort
      targets: readonly LogTarget[]
      log: { info(line: string): void; warning(line: string): void }
      /** How many of the last lines to keep for the failure report. */
      keep: number
    }
  ) {
    this.streams = options.targets.map((target) => ({ target, token: undefined, stopped: false }))
  }

  /** The last lines printed, oldest first, each prefixed with its container. */
  get lastLines(): string[] {
    return [...this.recent]
  }

  async poll(): Promise<void> {
    for (const stream of this.streams) {
      if (this.denied) return
      if (!stream.stopped) await this.read(stream)
    }
  }

  private async read(stream: StreamState): Promise<void> {
    const { target } = stream
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      let result
      try {
        result = await this.options.logs.readForward({
          region: target.region,
          group: target.group,
          stream: target.stream,
          ...(stream.token !== undefined && { token: stream.token })
        })
      } catch (error) {
        this.failed(stream, error)
        return
      }
      for (const line of result.lines) this.print(`[${target.container}] ${line}`)
      const previous = stream.token
      if (result.nextToken === undefined) return
      stream.token = result.nextToken
      // The same token back means the end of the stream, for now.
      if (result.nextToken === previous) return
    }
  }

  private print(line: string): void {
    this.options.log.info(line)
    this.recent.push(line)
    if (this.recent.length > this.options.keep) this.recent.shift()
  }

  private failed(stream: StreamState, error: unknown): void {
    const name = errorName(error)
    // The stream appears only when the container first writes: keep asking.
    if (name === 'ResourceNotFoundException') return
    if (classifyError(error) === 'transient') return
    const message = error instanceof Error ? error.message : String(error)
    if (name === 'AccessDeniedException') {
      this.denied = true
      this.options.log.warning(
        `Cannot read the task's logs (${name}: ${message}). The gate still judges the exit codes; grant logs:GetLogEvents on log group ${stream.target.group} to see the lines here.`
      )
      return
    }
    stream.stopped = true
    this.options.log.warning(
      `Cannot read the log stream ${stream.target.group}/${stream.target.stream} of container ${stream.target.container} (${name}: ${message}); its lines are not shown.`
    )
  }
}
