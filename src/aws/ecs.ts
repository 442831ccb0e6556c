import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
  type ServiceManagedEBSVolumeConfiguration,
  type Tag,
  type Service,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { advicePlugin, readClientConfig, writeClientConfig } from './client-config.js'

/** The ECS calls the action makes, one method per API call. Logic depends on this, not on the SDK. */
export interface EcsPort {
  region(): Promise<string>
  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinition>
  /** The revision with its tags, as `aws ecs describe-task-definition --include TAGS` shows it. */
  describeTaskDefinition(arn: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }>
  /** `undefined` when ECS reports the service MISSING. */
  describeService(target: ServiceTarget): Promise<Service | undefined>
  /** Up to 10 services of a cluster in one call, in the order asked; MISSING ones `undefined`. */
  describeServices(request: {
    cluster: string
    services: string[]
  }): Promise<(Service | undefined)[]>
  updateService(request: UpdateServiceRequest): Promise<Service>
  /** `undefined` when ECS has no record of it (MISSING). */
  describeServiceDeployment(arn: string): Promise<ServiceDeployment | undefined>
  /** Up to 20 in one call, in the order asked; MISSING ones `undefined`. */
  describeServiceDeployments(arns: string[]): Promise<(ServiceDeployment | undefined)[]>
  listServiceDeployments(
    request: ServiceTarget & { createdAfter: Date }
  ): Promise<ServiceDeploymentBrief[]>
  /** The task definition a service revision runs. */
  serviceRevisionTaskDefinition(arn: string): Promise<string | undefined>
  /** The same for up to 20 service revisions in one call, in the order of `arns`. */
  serviceRevisionTaskDefinitions(arns: string[]): Promise<(string | undefined)[]>
  stopServiceDeployment(request: { arn: string; stopType: 'ROLLBACK' | 'ABORT' }): Promise<void>
  /** The service's stopped tasks (ECS keeps them about an hour), newest pages first. */
  listStoppedTasks(request: ServiceTarget): Promise<string[]>
  describeTasks(request: { cluster: string; taskArns: string[] }): Promise<Task[]>
}

export interface ServiceTarget {
  cluster: string
  service: string
}

export interface UpdateServiceRequest extends ServiceTarget {
  /** Absent: change only what else is given (desiredCount), which starts no deployment. */
  taskDefinition?: string
  forceNewDeployment?: boolean
  desiredCount?: number
  enableECSManagedTags?: boolean
  propagateTags?: 'TASK_DEFINITION' | 'SERVICE' | 'NONE'
  enableExecuteCommand?: boolean
  healthCheckGracePeriodSeconds?: number
  /** One service-managed EBS volume. Absent: volumeConfigurations is not sent, so never wiped. */
  volumeConfiguration?: { name: string; managedEBSVolume: object }
}

export { USER_AGENT } from './client-config.js'

/** ECS keeps this many events a service (newest first); what the watch remembers stays bounded. */
const MAX_SERVICE_EVENTS = 100

/** ListTasks pages of 100 read for diagnostics: recent failures are what matters. */
const MAX_TASK_PAGES = 3

function definedOnly<T extends object>(members: T): T {
  return Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined)) as T
}

// Each client createEcsClient makes has a sibling for the calls that change something.
const writers = new WeakMap<ECSClient, () => ECSClient>()

/**
 * The ECS client for reads (the SDK retries transient errors up to max-retries attempts), with a
 * sibling for changes that retries only refusals; writeClientFor finds it. Region, credentials and
 * AWS_ENDPOINT_URL_ECS come from the SDK's standard environment chain.
 */
export function createEcsClient(): ECSClient {
  const reads = new ECSClient(readClientConfig())
  reads.middlewareStack.use(advicePlugin())
  let writes: ECSClient | undefined
  writers.set(reads, () => {
    if (writes !== undefined) return writes
    writes = new ECSClient(writeClientConfig())
    writes.middlewareStack.use(advicePlugin())
    return writes
  })
  return reads
}

/** The sibling of a client from createEcsClient; any other client (a test's) is its own. */
export function writeClientFor(client: ECSClient): ECSClient {
  return writers.get(client)?.() ?? client
}

/**
 * RegisterTaskDefinition and UpdateService go through `writes`: a 5xx, a reset or a timeout reaches
 * the caller, which checks what happened before trying again (phases/register.ts, safe-update.ts).
 */
export function ecsAdapter(client: ECSClient, writes: ECSClient = writeClientFor(client)): EcsPort {
  const describeServices: EcsPort['describeServices'] = async ({ cluster, services }) => {
    const response = await client.send(new DescribeServicesCommand({ cluster, services }))
    // Asked by name or ARN; answered with both, in no promised order.
    return services.map((asked) => {
      const found = response.services?.find(
        (s) => s.serviceArn === asked || s.serviceName === asked.split('/').pop()
      )
      // ECS keeps a service's newest 100 events; an answer with more is not kept whole.
      if (found?.events !== undefined && found.events.length > MAX_SERVICE_EVENTS) {
        return { ...found, events: found.events.slice(0, MAX_SERVICE_EVENTS) }
      }
      return found
    })
  }
  const describeServiceDeployments: EcsPort['describeServiceDeployments'] = async (arns) => {
    const response = await client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })
    )
    return arns.map((arn) =>
      response.serviceDeployments?.find((sd) => sd.serviceDeploymentArn === arn)
    )
  }
  const serviceRevisionTaskDefinitions: EcsPort['serviceRevisionTaskDefinitions'] = async (
    arns
  ) => {
    const response = await client.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns })
    )
    return arns.map(
      (arn) =>
        response.serviceRevisions?.find((revision) => revision.serviceRevisionArn === arn)
          ?.taskDefinition
    )
  }
  return {
    region: () => client.config.region(),

    async registerTaskDefinition(input) {
      const { taskDefinition } = await writes.send(new RegisterTaskDefinitionCommand(input))
      if (taskDefinition?.taskDefinitionArn === undefined) {
        throw new Error('RegisterTaskDefinition returned no task definition ARN')
      }
      return taskDefinition
    },

    async describeTaskDefinition(arn) {
      const response = await client.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] })
      )
      if (response.taskDefinition === undefined)
        throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`)
      return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] }
    },

    async describeService({ cluster, service }) {
      const [found] = await describeServices({ cluster, services: [service] })
      return found
    },

    describeServices,

    async updateService(request) {
      // Only what the user asked for: an unset desiredCount must not clobber autoscaling, and an
      // unset volume must not wipe the service's EBS configuration (an empty list would).
      const { volumeConfiguration, ...members } = request
      const { service } = await writes.send(
        new UpdateServiceCommand({
          ...definedOnly(members),
          ...(volumeConfiguration !== undefined && {
            volumeConfigurations: [
              {
                name: volumeConfiguration.name,
                managedEBSVolume:
                  volumeConfiguration.managedEBSVolume as ServiceManagedEBSVolumeConfiguration
              }
            ]
          })
        })
      )
      if (service === undefined) throw new Error('UpdateService returned no service')
      return service
    },

    async describeServiceDeployment(arn) {
      const [found] = await describeServiceDeployments([arn])
      return found
    },

    describeServiceDeployments,

    async listServiceDeployments({ cluster, service, createdAfter }) {
      const response = await client.send(
        new ListServiceDeploymentsCommand({ cluster, service, createdAt: { after: createdAfter } })
      )
      return response.serviceDeployments ?? []
    },

    async serviceRevisionTaskDefinition(arn) {
      return (await serviceRevisionTaskDefinitions([arn]))[0]
    },

    serviceRevisionTaskDefinitions,

    async stopServiceDeployment({ arn, stopType }) {
      await client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }))
    },

    async listStoppedTasks({ cluster, service }) {
      // The API reference: "When you specify startedBy as the filter, it must be the only filter
      // that you use" — and without desiredStatus only RUNNING tasks are listed. So the service's
      // STOPPED tasks are listed, and the caller keeps those our deployment started (startedBy).
      const serviceName = service.split('/').pop() ?? service
      const arns: string[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_TASK_PAGES; page++) {
        const response = await client.send(
          new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', nextToken })
        )
        arns.push(...(response.taskArns ?? []))
        nextToken = response.nextToken
        if (nextToken === undefined) break
      }
      return arns
    },

    async describeTasks({ cluster, taskArns }) {
      if (taskArns.length === 0) return []
      const response = await client.send(
        new DescribeTasksCommand({ cluster, tasks: taskArns.slice(0, 100) })
      )
      return response.tasks ?? []
    }
  }
}
