import type { Deployment, Task } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError } from '../aws/errors.js'
import type { DeploymentRef } from './deployment-ref.js'
import { taskId } from '../text/names.js'
import { isFailedTask, stoppedTaskReason, stuckCause } from './stopped-tasks.js'

export interface DiagnosticsLog {
  info(line: string): void
  warning(line: string): void
}

type TasksPort = Pick<EcsPort, 'listStoppedTasks' | 'describeTasks'>

/**
 * Stopped tasks of our deployment, fetched while watching (ECS forgets them after about an hour).
 * It spends at most one call per poll: a ListTasks when the failure count moved, then a
 * DescribeTasks of what it listed. Diagnostics never change the verdict, so their errors are
 * warnings.
 */
export class StoppedTaskDiagnostics {
  readonly failed: Task[] = []
  private readonly described = new Set<string>()
  private pending: string[] = []
  private listWanted = false
  private lastFailedCount = 0
  private readonly warned = new Set<string>()

  constructor(
    private readonly ecs: TasksPort,
    private readonly ref: DeploymentRef,
    private readonly log: DiagnosticsLog
  ) {}

  /** Failed tasks seen so far: the larger of ECS's counter (which resets) and what we described. */
  failedCount(ours: Deployment | undefined): number {
    return Math.max(ours?.failedTasks ?? 0, this.failed.length)
  }

  note(ours: Deployment | undefined): void {
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
    if (this.pending.length > 0) await this.describe(stamp)
  }

  /** Warns once per cause that may keep the circuit breaker from ever tripping. */
  warnIfStuck(text: string): void {
    const stuck = stuckCause(text)
    if (stuck === undefined || this.warned.has(stuck.cause)) return
    this.warned.add(stuck.cause)
    this.log.warning(
      `Deployment ${this.ref.deploymentId} is failing with ${stuck.cause}; the circuit breaker may never trip for this. ${stuck.advice}`
    )
  }

  private async list(): Promise<void> {
    this.listWanted = false
    try {
      const arns = await this.ecs.listStoppedTasks({
        cluster: this.ref.cluster,
        deploymentId: this.ref.deploymentId
      })
      this.pending = arns.filter((arn) => !this.described.has(arn))
    } catch (error) {
      this.log.warning(`Could not list stopped tasks: ${describeAwsError('ListTasks', error)}`)
    }
  }

  private async describe(stamp: string): Promise<void> {
    const batch = this.pending.splice(0, 100)
    try {
      const tasks = await this.ecs.describeTasks({ cluster: this.ref.cluster, taskArns: batch })
      for (const task of tasks) {
        if (task.taskArn !== undefined) this.described.add(task.taskArn)
        // ListTasks filtered on startedBy already; a task of another deployment must never count.
        if (!isFailedTask(task) || task.startedBy !== this.ref.deploymentId) continue
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
