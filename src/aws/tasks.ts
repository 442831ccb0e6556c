import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type AssignPublicIp,
  type CapacityProviderStrategyItem,
  type ContainerOverride,
  type Failure,
  type LaunchType,
  type Tag,
  type Task
} from '@aws-sdk/client-ecs'
import { writeClientFor } from './ecs.js'
import { answerLost, isAmbiguous } from './mutations.js'

/** What RunTask gets from the gate; one task per call. */
export interface RunTaskRequest {
  cluster: string
  /** The ARN of the revision just registered, never a bare family (that would race other runs). */
  taskDefinition: string
  startedBy: string
  /** Sent as overrides.containerOverrides when not empty. */
  containerOverrides: readonly ContainerOverride[]
  /** One of the two, never both (ECS rejects the pair). */
  launchType?: LaunchType
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[]
  /** Sent as networkConfiguration.awsvpcConfiguration; absent for bridge/host tasks. */
  network?: {
    subnets: readonly string[]
    securityGroups: readonly string[]
    assignPublicIp: AssignPublicIp
  }
  /** Sent when not empty. */
  tags: readonly Tag[]
  /** Sent only when set. */
  enableECSManagedTags?: boolean
}

/** The ECS calls of the run-task gate, one method per API call. */
export interface TaskPort {
  runTask(request: RunTaskRequest): Promise<{ tasks: Task[]; failures: Failure[] }>
  /** Tasks ECS knows; a missing one is simply absent (DescribeTasks lists it under failures). */
  describeTasks(request: { cluster: string; taskArns: readonly string[] }): Promise<Task[]>
  stopTask(request: { cluster: string; task: string; reason: string }): Promise<Task | undefined>
}

// A task created this long before RunTask was sent cannot be its task (clock skew).
const SKEW_MS = 5 * 60_000

/**
 * RunTask goes through `writes`, which retries only throttling: a second migration task must never
 * start. After a lost answer the cluster is searched for the task, to say whether it started, and
 * the gate fails. StopTask is retried as a read: stopping a task twice stops it once.
 */
export function tasksAdapter(
  client: ECSClient,
  writes: ECSClient = writeClientFor(client)
): TaskPort {
  /** Tasks of the revision with this startedBy created since `since`, running or stopped. */
  async function startedSince(request: RunTaskRequest, since: number): Promise<Task[]> {
    const arns: string[] = []
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      const listed = await client.send(
        new ListTasksCommand({
          cluster: request.cluster,
          startedBy: request.startedBy,
          desiredStatus
        })
      )
      arns.push(...(listed.taskArns ?? []))
    }
    if (arns.length === 0) return []
    const described = await client.send(
      new DescribeTasksCommand({ cluster: request.cluster, tasks: arns.slice(0, 100) })
    )
    return (described.tasks ?? []).filter(
      (task) =>
        task.taskDefinitionArn === request.taskDefinition &&
        (task.createdAt === undefined || task.createdAt.getTime() >= since - SKEW_MS)
    )
  }

  async function lostAnswer(
    request: RunTaskRequest,
    error: unknown,
    since: number
  ): Promise<Error> {
    const who = `started by ${request.startedBy}`
    let check: string
    try {
      const found = (await startedSince(request, since)).flatMap((t) =>
        t.taskArn === undefined ? [] : [t.taskArn]
      )
      check =
        found.length > 0
          ? `It did: task ${found.join(', ')} (${who}) runs ${request.taskDefinition}. It is not watched: wait for it or stop it before running again.`
          : `No task of ${request.taskDefinition} ${who} is listed in cluster ${request.cluster}, but ECS may list one a moment late: check the cluster's tasks before running again.`
    } catch {
      check = `Check cluster ${request.cluster} for a task ${who} before running again.`
    }
    return answerLost('RunTask', error, check)
  }

  return {
    async runTask(request) {
      const network = request.network
      const sentAt = Date.now()
      const response = await writes
        .send(
          new RunTaskCommand({
            cluster: request.cluster,
            taskDefinition: request.taskDefinition,
            count: 1,
            startedBy: request.startedBy,
            ...(request.containerOverrides.length > 0 && {
              overrides: { containerOverrides: [...request.containerOverrides] }
            }),
            ...(request.capacityProviderStrategy === undefined
              ? request.launchType !== undefined && { launchType: request.launchType }
              : { capacityProviderStrategy: [...request.capacityProviderStrategy] }),
            ...(network !== undefined && {
              networkConfiguration: {
                awsvpcConfiguration: {
                  subnets: [...network.subnets],
                  ...(network.securityGroups.length > 0 && {
                    securityGroups: [...network.securityGroups]
                  }),
                  assignPublicIp: network.assignPublicIp
                }
              }
            }),
            ...(request.tags.length > 0 && { tags: [...request.tags] }),
            ...(request.enableECSManagedTags !== undefined && {
              enableECSManagedTags: request.enableECSManagedTags
            })
          })
        )
        .catch(async (error: unknown) => {
          throw isAmbiguous(error) ? await lostAnswer(request, error, sentAt) : error
        })
      return { tasks: response.tasks ?? [], failures: response.failures ?? [] }
    },

    async describeTasks({ cluster, taskArns }) {
      if (taskArns.length === 0) return []
      const response = await client.send(
        new DescribeTasksCommand({ cluster, tasks: taskArns.slice(0, 100) })
      )
      return response.tasks ?? []
    },

    async stopTask({ cluster, task, reason }) {
      const response = await client.send(new StopTaskCommand({ cluster, task, reason }))
      return response.task
    }
  }
}
