// Test harness: an emulator on a hand-stepped clock and real ECS and CloudWatch Logs clients
// pointed at it. Tests move virtual time with `advance(seconds)`; nothing sleeps.

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type ServiceDeployment,
  type Task
} from '@aws-sdk/client-ecs'

import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'

export const START = Date.parse('2025-06-02T09:00:00.000Z')

export interface Harness {
  emulator: Emulator
  ecs: ECSClient
  logs: CloudWatchLogsClient
  /** Moves the injected real clock; with timeScale 1 a real second is a virtual second. */
  advance(seconds: number): void
  /** Virtual seconds since the harness started. */
  elapsed(): number
  service(): Promise<Service>
  serviceDeployment(arn: string): Promise<ServiceDeployment>
  /** Raw awsJson1_1 request, for what the SDK cannot send (wrong JSON types), for ECR and Logs. */
  raw(target: string, body: string, headers?: Record<string, string>): Promise<RawResponse>
  close(): Promise<void>
}

export interface RawResponse {
  status: number
  headers: Headers
  json: Record<string, unknown>
}

export const AUTHORIZATION = (service: string, region = 'us-east-1'): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250602/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000`

export async function startHarness(
  options: Partial<EmulatorOptions> & Pick<EmulatorOptions, 'scenario'>
): Promise<Harness> {
  let now = START
  const emulator = await startEmulator({ clock: () => now, ...options })
  const timeScale = options.timeScale ?? 1
  const clientConfig = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  }
  const ecs = new ECSClient(clientConfig)
  const logs = new CloudWatchLogsClient(clientConfig)
  return {
    emulator,
    ecs,
    logs,
    advance: (seconds) => {
      now += (seconds * 1000) / timeScale
    },
    elapsed: () => ((now - START) * timeScale) / 1000,
    service: async () => {
      const output = await ecs.send(
        new DescribeServicesCommand({
          cluster: options.cluster ?? 'prod',
          services: [options.service ?? 'web']
        })
      )
      const [service] = output.services ?? []
      if (service === undefined) throw new Error('service not described')
      return service
    },
    serviceDeployment: async (arn) => {
      const output = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
      )
      const [serviceDeployment] = output.serviceDeployments ?? []
      if (serviceDeployment === undefined)
        throw new Error(`service deployment ${arn} not described`)
      return serviceDeployment
    },
    raw: async (target, body, headers = {}) => {
      const service = target.startsWith('AmazonEC2ContainerRegistry')
        ? 'ecr'
        : target.startsWith('Logs_')
          ? 'logs'
          : 'ecs'
      const response = await fetch(`${emulator.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target,
          authorization: AUTHORIZATION(service),
          ...headers
        },
        body
      })
      return {
        status: response.status,
        headers: response.headers,
        json: (await response.json()) as Record<string, unknown>
      }
    },
    close: async () => {
      ecs.destroy()
      logs.destroy()
      await emulator.close()
    }
  }
}

/** Steps time in `step`-second increments until `probe` returns a value, or fails after `limit` seconds. */
export async function stepUntil<T>(
  harness: Harness,
  probe: () => Promise<T | undefined>,
  { step = 5, limit = 1800 }: { step?: number; limit?: number } = {}
): Promise<T> {
  for (let waited = 0; waited <= limit; waited += step) {
    const found = await probe()
    if (found !== undefined) return found
    harness.advance(step)
  }
  throw new Error(`condition not reached within ${limit} virtual seconds`)
}

export const ECS_TARGET = (operation: string): string =>
  `AmazonEC2ContainerServiceV20141113.${operation}`
export const ECR_TARGET = (operation: string): string =>
  `AmazonEC2ContainerRegistry_V20150921.${operation}`
export const LOGS_TARGET = (operation: string): string => `Logs_20140328.${operation}`

export const IMAGE = (tag: string): string =>
  `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${tag}`

export const fargateDefinition = (tag: string) => ({
  family: 'web',
  containerDefinitions: [
    { name: 'app', image: IMAGE(tag), essential: true, portMappings: [{ containerPort: 8080 }] }
  ],
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512'
})

/** The same, with the awslogs driver writing to `/ecs/web`, streams `ecs/app/<task id>`. */
export const loggingDefinition = (tag: string) => ({
  ...fargateDefinition(tag),
  containerDefinitions: fargateDefinition(tag).containerDefinitions.map((container) => ({
    ...container,
    logConfiguration: {
      logDriver: 'awslogs' as const,
      options: {
        'awslogs-group': '/ecs/web',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs'
      }
    }
  }))
})

/** Runs `run` against a fresh harness and always closes it. */
export async function withHarness(
  options: Parameters<typeof startHarness>[0],
  run: (harness: Harness) => Promise<void>
): Promise<void> {
  const harness = await startHarness(options)
  try {
    await run(harness)
  } finally {
    await harness.close()
  }
}

/** The tasks a deployment started, in one desired status, described. */
export async function tasksOf(
  harness: Harness,
  startedBy: string,
  desiredStatus: 'RUNNING' | 'STOPPED'
): Promise<Task[]> {
  const listed = await harness.ecs.send(
    new ListTasksCommand({ cluster: 'prod', startedBy, desiredStatus })
  )
  const arns = listed.taskArns ?? []
  if (arns.length === 0) return []
  const described = await harness.ecs.send(
    new DescribeTasksCommand({ cluster: 'prod', tasks: arns })
  )
  return described.tasks ?? []
}

/** A migration task: `migrate` (essential) plus a non-essential `xray` sidecar, both on awslogs. */
export const migrationDefinition = (): RegisterTaskDefinitionCommandInput => {
  const base = loggingDefinition('1.1.0')
  const [app] = base.containerDefinitions
  if (app === undefined) throw new Error('no container')
  return {
    ...base,
    family: 'migrate',
    containerDefinitions: [
      { ...app, name: 'migrate', portMappings: [] },
      { ...app, name: 'xray', essential: false, image: IMAGE('1.0.0'), portMappings: [] }
    ]
  }
}

/** An emulator on a clock the test moves, and an SDK client of one service pointed at it. */
export interface ClientSession<C> {
  emulator: Emulator
  client: C
  now(): number
  advance(seconds: number): void
  close(): Promise<void>
}

/** Starts an emulator (scenario success, time at START) with `options`, and a client for it. */
export async function clientSession<C extends { destroy(): void }>(
  makeClient: (config: {
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
    maxAttempts: number
  }) => C,
  options: Partial<EmulatorOptions> = {}
): Promise<ClientSession<C>> {
  let now = START
  const emulator = await startEmulator({ scenario: 'success', clock: () => now, ...options })
  const client = makeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
  return {
    emulator,
    client,
    now: () => now,
    advance: (seconds) => {
      now += seconds * 1000
    },
    close: async () => {
      client.destroy()
      await emulator.close()
    }
  }
}
