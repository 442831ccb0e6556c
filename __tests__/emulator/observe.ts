// Polls the emulator the way the action will (DescribeServices + DescribeServiceDeployments) on
// a hand-stepped clock, and keeps one snapshot per change.

import {
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'

import { fargateDefinition, START, stepUntil, type Harness } from './harness.js'

export interface Snapshot {
  /** Virtual seconds since the UpdateService call. */
  at: number
  primary: string
  ours:
    { status: string; rolloutState: string; failedTasks: number; desiredCount: number } | undefined
  serviceDeployment: string
  breaker: string
  taskDefinition: string
}

export interface Rollout {
  ours: string
  serviceDeploymentArn: string
  previous: string
  updatedAt: number
  service: Service
}

export async function deploy(
  harness: Harness,
  tag: string,
  definition: ReturnType<typeof fargateDefinition> = fargateDefinition(tag)
): Promise<Rollout> {
  const before = await harness.service()
  const registered = await harness.ecs.send(new RegisterTaskDefinitionCommand(definition))
  const output = await harness.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: registered.taskDefinition?.taskDefinitionArn
    })
  )
  const service = output.service
  const ours = service?.deployments?.[0]?.id
  const serviceDeploymentArn = service?.currentServiceDeployment
  const previous = before.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id
  if (
    service === undefined ||
    ours === undefined ||
    serviceDeploymentArn === undefined ||
    previous === undefined
  ) {
    throw new Error('UpdateService did not start a deployment')
  }
  return { ours, serviceDeploymentArn, previous, updatedAt: harness.elapsed(), service }
}

const shortTaskDefinition = (arn: string | undefined): string => arn?.split('/').pop() ?? ''

export function snapshotOf(
  rollout: Rollout,
  at: number,
  service: Service,
  serviceDeployment: ServiceDeployment
): Snapshot {
  const ours = service.deployments?.find((deployment) => deployment.id === rollout.ours)
  const breaker = serviceDeployment.deploymentCircuitBreaker
  return {
    at,
    primary: service.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id ?? '',
    ours:
      ours === undefined
        ? undefined
        : {
            status: ours.status ?? '',
            rolloutState: ours.rolloutState ?? '',
            failedTasks: ours.failedTasks ?? -1,
            desiredCount: ours.desiredCount ?? -1
          },
    serviceDeployment: serviceDeployment.status ?? '',
    breaker: `${breaker?.status ?? ''} ${String(breaker?.failureCount)}/${String(breaker?.threshold)}`,
    taskDefinition: shortTaskDefinition(service.taskDefinition)
  }
}

/** Steps one virtual second at a time until `done` holds, keeping every snapshot that differs from the last. */
export async function observe(
  harness: Harness,
  rollout: Rollout,
  done: (snapshot: Snapshot) => boolean,
  limit = 900
): Promise<Snapshot[]> {
  const changes: Snapshot[] = []
  await stepUntil(
    harness,
    async () => {
      const service = await harness.service()
      const serviceDeployment = await harness.serviceDeployment(rollout.serviceDeploymentArn)
      const snapshot = snapshotOf(
        rollout,
        harness.elapsed() - rollout.updatedAt,
        service,
        serviceDeployment
      )
      const last = changes.at(-1)
      if (
        last === undefined ||
        JSON.stringify({ ...last, at: 0 }) !== JSON.stringify({ ...snapshot, at: 0 })
      ) {
        changes.push(snapshot)
      }
      return done(snapshot) ? snapshot : undefined
    },
    { step: 1, limit }
  )
  return changes
}

/** Observes until the service deployment reaches `status`. */
export function observeUntil(
  harness: Harness,
  rollout: Rollout,
  status: string,
  limit?: number
): Promise<Snapshot[]> {
  return observe(harness, rollout, (s) => s.serviceDeployment === status, limit)
}

/** Steps ten virtual seconds at a time until the service deployment's status is `status`. */
export async function reachStatus(
  harness: Harness,
  rollout: Rollout,
  status: string
): Promise<void> {
  await stepUntil(
    harness,
    async () =>
      (await harness.serviceDeployment(rollout.serviceDeploymentArn)).status === status
        ? true
        : undefined,
    { step: 10, limit: 900 }
  )
}

/** The service deployment's statuses on its way to a rollback ECS completed. */
export const ROLLED_BACK = [
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL'
]

/** The distinct values a field took, in order. */
export function sequence<T>(changes: Snapshot[], field: (snapshot: Snapshot) => T): T[] {
  const values: T[] = []
  for (const change of changes) {
    const value = field(change)
    if (values.at(-1) !== value) values.push(value)
  }
  return values
}

/** A timeline entry relative to the UpdateService call: virtual seconds and `what`. */
export interface Moment {
  at: number
  what: string
}

/** Timeline entries since `rollout` started that match `pattern`, in order. */
export function moments(harness: Harness, rollout: Rollout, pattern: RegExp): Moment[] {
  const since = START + rollout.updatedAt * 1000
  return harness.emulator.timeline
    .filter((entry) => entry.virtualTime >= since && pattern.test(entry.what))
    .map((entry) => ({ at: (entry.virtualTime - since) / 1000, what: entry.what }))
}

/** The statuses our service deployment went through, with when (from the timeline). */
export function serviceDeploymentHistory(harness: Harness, rollout: Rollout): Moment[] {
  return moments(harness, rollout, /^service-deployment [A-Z_]+ /)
    .filter((moment) => moment.what.endsWith(` ${rollout.serviceDeploymentArn}`))
    .map((moment) => ({ at: moment.at, what: moment.what.split(' ')[1] ?? '' }))
}
