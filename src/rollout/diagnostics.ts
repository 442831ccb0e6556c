import type { Deployment, Task } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError } from '../aws/errors.js'
import { taskId } from '../text/names.js'
import { likelyCauses } from './causes/index.js'
import type { DeploymentRef } from './deployment-ref.js'
import { isFailedTask, stoppedTaskReason } from './stopped-tasks.js'

export interface DiagnosticsLog {
  info(line: string): void
  warning(line: string): void
}

type TasksPort = Pick<EcsPort, 'listStoppedTasks' | 'describeTasks'>

/** Causes the circuit breaker may never count to its threshold: worth a warning at once. */
const STUCK = new Set([
  'image-not-found',
  'registry-access',
  'pull-timeout',
  'image-pull',
  'secrets',
  'resource-init',
  'execution-role',
  'no-container-instances',
  'insufficient-cpu',
  'insufficient-memory',
  'ports-in-use',
  'fargate-capacity',
  'network-interfaces'
])

/**
 * Stopped tasks of our deployment, fetched while watching (ECS forgets them after about an hour).
 * It spends at most one call per poll: a ListTasks when the failure count moved, then a
 * DescribeTasks of what it listed. ListTasks takes `startedBy` only as its one filter, so the
 * service's stopped tasks are listed and ours picked by their startedBy here. Diagnostics never
 * change the verdict, so their errors are warnings.
 */
export class StoppedTaskDiagnostics {
  readonly failed: Task[] = []
  /** Every task of ours seen stopped, failed or not: events that name them are ours. */
  readonly ourTasks: string[] = []
  private readonly described = new Set<string>()
  private readonly ids = new Set<string>()
  private pending: string[] = []
  private listWanted = false
  private lastFailedCount = 0
  private readonly warned = new Set<string>()

  constructor(
    private readonly ecs: TasksPort,
    private readonly ref: () => DeploymentRef,
    private readonly log: DiagnosticsLog
  ) {}

  /** Failed tasks seen so far: the larger of ECS's counter (which resets) and what we described. */
  failedCount(ours: Deployment | undefined): number {
    return Math.max(ours?.failedTasks ?? 0, this.failed.length)
  }

  note(ours: Deployment | undefined): void {
    if (ours?.id !== undefined) this.ids.add(ours.id)
    const count = ours?.failedTasks ?? 0
    if (count > this.lastFailedCount) this.listWanted = true
    this.lastFailedCount = count
  }

  /** The one optional call of a poll. */
  async step(stamp: string): Promise<void> {
    if (this.pending.length > 0) await this.describe(stamp)
    else if (this.listWanted) await this.list()
  }

  /** Everything left, once the verdict is known. */
  async finish(stamp: string): Promise<void> {
    await this.list()
    while (this.pending.length > 0) await this.describe(stamp)
  }

  /** Warns once per cause that may keep the circuit breaker from ever tripping. */
  warnIfStuck(text: string): void {
    const cause = likelyCauses({ stoppedTasks: [], events: [text] }).find((c) => STUCK.has(c.id))
    if (cause === undefined || this.warned.has(cause.id)) return
    this.warned.add(cause.id)
    this.log.warning(
      `Deployment ${this.ref().deploymentId} is failing: ${cause.summary}; the circuit breaker may never trip for this. ${cause.advice}`
    )
  }

  private async list(): Promise<void> {
    this.listWanted = false
    const { cluster, service } = this.ref()
    try {
      const arns = await this.ecs.listStoppedTasks({ cluster, service })
      this.pending = arns.filter((arn) => !this.described.has(arn))
    } catch (error) {
      this.log.warning(`Could not list stopped tasks: ${describeAwsError('ListTasks', error)}`)
    }
  }

  private async describe(stamp: string): Promise<void> {
    const batch = this.pending.splice(0, 100)
    const { cluster, deploymentId } = this.ref()
    this.ids.add(deploymentId)
    try {
      const tasks = await this.ecs.describeTasks({ cluster, taskArns: batch })
      for (const task of tasks) {
        if (task.taskArn !== undefined) this.described.add(task.taskArn)
        // The service's stopped tasks: only those our deployment started are ours.
        if (task.startedBy === undefined || !this.ids.has(task.startedBy)) continue
        if (task.taskArn !== undefined) this.ourTasks.push(task.taskArn)
        if (!isFailedTask(task)) continue
        this.failed.push(task)
        const reason = stoppedTaskReason(task)
        this.log.info(`${stamp} task ${taskId(task.taskArn)} stopped: ${reason}`)
        this.warnIfStuck(reason)
      }
    } catch (error) {
      this.log.warning(
        `Could not describe stopped tasks: ${describeAwsError('DescribeTasks', error)}`
      )
    }
  }
}
