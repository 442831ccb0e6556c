import {
  DescribeTasksCommand,
  ECSClient,
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

export function tasksAdapter(client: ECSClient): TaskPort {
  return {
    async runTask(request) {
      const network = request.network
      const response = await client.send(
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
