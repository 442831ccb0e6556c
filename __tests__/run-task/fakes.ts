// Fakes of the gate's ports, driven by the fake clock: a task whose state is a function of the
// time since RunTask, and log streams whose lines become readable at given times.

import type { Failure, RegisterTaskDefinitionCommandInput, Task } from '@aws-sdk/client-ecs'
import type { LogPage, LogStreamPort } from '../../src/aws/log-stream.js'
import type { RunTaskRequest, TaskPort } from '../../src/aws/tasks.js'
import type { RunTaskSettings } from '../../src/run-task/settings.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

export const TASK_ARN =
  'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef'
export const TASK_ID = '0123456789abcdef0123456789abcdef'
export const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:7'

const awslogs = {
  logDriver: 'awslogs' as const,
  options: { 'awslogs-group': '/ecs/migrate', 'awslogs-stream-prefix': 'ecs' }
}

/** `migrate` (essential by default) and a non-essential `xray` sidecar, both on awslogs. */
export const taskDefinition: RegisterTaskDefinitionCommandInput = {
  family: 'migrate',
  containerDefinitions: [
    { name: 'migrate', image: 'migrate:1', logConfiguration: awslogs },
    { name: 'xray', image: 'xray:1', essential: false, logConfiguration: awslogs }
  ]
}

export const settings = (overrides: Partial<RunTaskSettings> = {}): RunTaskSettings => ({
  containerOverrides: [],
  launchType: 'FARGATE',
  startedBy: 'GitHub-Actions',
  tags: [],
  waitForTaskStopped: true,
  waitMinutes: 30,
  ...overrides
})

/** A stopped task whose containers exited as given (`undefined`: no exit code). */
export function stoppedTask(
  exits: Record<string, number | undefined>,
  extra: Partial<Task> = {}
): Task {
  return {
    taskArn: TASK_ARN,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: Object.entries(exits).map(([name, exitCode]) => ({
      name,
      lastStatus: 'STOPPED',
      ...(exitCode !== undefined && { exitCode })
    })),
    ...extra
  }
}

export const running = (status = 'RUNNING'): Task => ({
  taskArn: TASK_ARN,
  lastStatus: status,
  desiredStatus: 'RUNNING',
  containers: [{ name: 'migrate', lastStatus: status === 'RUNNING' ? 'RUNNING' : 'PENDING' }]
})

export class FakeTasks implements TaskPort {
  readonly runRequests: RunTaskRequest[] = []
  readonly stops: { cluster: string; task: string; reason: string }[] = []
  describeCalls = 0
  runError: Error | undefined
  failures: Failure[] = []
  /** Errors thrown by the next DescribeTasks calls, in order. */
  describeErrors: Error[] = []
  private startedAt = 0

  constructor(
    private readonly clock: FakeClock,
    /** The task as DescribeTasks shows it, by milliseconds since RunTask. */
    private readonly timeline: (elapsedMs: number) => Task | undefined
  ) {}

  runTask(request: RunTaskRequest): Promise<{ tasks: Task[]; failures: Failure[] }> {
    this.runRequests.push(request)
    if (this.runError !== undefined) return Promise.reject(this.runError)
    this.startedAt = this.clock.now()
    if (this.failures.length > 0) return Promise.resolve({ tasks: [], failures: this.failures })
    return Promise.resolve({ tasks: [running('PROVISIONING')], failures: [] })
  }

  describeTasks(): Promise<Task[]> {
    this.describeCalls++
    const error = this.describeErrors.shift()
    if (error !== undefined) return Promise.reject(error)
    const task = this.timeline(this.clock.now() - this.startedAt)
    return Promise.resolve(task === undefined ? [] : [task])
  }

  stopTask(request: { cluster: string; task: string; reason: string }): Promise<Task | undefined> {
    this.stops.push(request)
    return Promise.resolve(undefined)
  }
}

/** Lines that become readable `atMs` after the fake's start; tokens are positions, as in CloudWatch. */
export class FakeLogStreams implements LogStreamPort {
  readonly reads: { stream: string; token?: string }[] = []
  denied = false
  private readonly origin: number

  constructor(
    private readonly clock: FakeClock,
    private readonly streams: Record<string, { atMs: number; line: string }[]>
  ) {
    this.origin = clock.now()
  }

  readForward(request: { stream: string; token?: string }): Promise<LogPage> {
    this.reads.push({
      stream: request.stream,
      ...(request.token !== undefined && { token: request.token })
    })
    if (this.denied) {
      return Promise.reject(
        Object.assign(new Error('User: … is not authorized to perform: logs:GetLogEvents'), {
          name: 'AccessDeniedException'
        })
      )
    }
    const events = this.streams[request.stream]
    if (events === undefined) {
      return Promise.reject(
        Object.assign(new Error('The specified log stream does not exist.'), {
          name: 'ResourceNotFoundException'
        })
      )
    }
    const visible = events.filter((e) => e.atMs <= this.clock.now() - this.origin)
    const from = request.token === undefined ? 0 : Number(request.token.slice(1))
    // Two lines a page, so paging is exercised.
    const page = visible.slice(from, from + 2)
    const next = `p${from + page.length}`
    return Promise.resolve({
      lines: page.map((e) => e.line),
      nextToken: page.length === 0 ? (request.token ?? next) : next
    })
  }
}

export function recorder() {
  const info: string[] = []
  const warnings: string[] = []
  return {
    info,
    warnings,
    log: {
      info: (line: string) => {
        info.push(line)
      },
      warning: (line: string) => {
        warnings.push(line)
      }
    }
  }
}
