import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from '../../src/rollout/deployment-ref.js'

export const TD = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
export const NEW = 'ecs-svc/2222222222222222222'
export const OLD = 'ecs-svc/1111111111111111111'
export const OTHER = 'ecs-svc/3333333333333333333'
/** The service revision our deployment targets. */
export const REVISION = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/2222'
export const SD_ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/ejGvqq2ilnbKT9qj0vLJe'

/** When our UpdateService ran (ECS's clock). */
export const STARTED = Date.UTC(2026, 10, 22, 10, 0)

export const ref: DeploymentRef = {
  cluster: 'prod',
  service: 'web',
  taskDefinitionArn: TD(2),
  deploymentId: NEW,
  serviceDeploymentArn: SD_ARN,
  previousDeploymentId: OLD,
  previousTaskDefinitionArn: TD(1),
  previousCompleted: true,
  startedAt: STARTED
}

export function deployment(overrides: Deployment & { id: string }): Deployment {
  return {
    status: 'PRIMARY',
    taskDefinition: TD(2),
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${overrides.id} in progress.`,
    ...overrides
  }
}

export const oldActive = (overrides: Partial<Deployment> = {}): Deployment =>
  deployment({
    id: OLD,
    status: 'ACTIVE',
    taskDefinition: TD(1),
    runningCount: 2,
    rolloutState: 'COMPLETED',
    rolloutStateReason: `ECS deployment ${OLD} completed.`,
    ...overrides
  })

export function service(deployments: Deployment[], overrides: Partial<Service> = {}): Service {
  return {
    serviceName: 'web',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: deployments.reduce((sum, d) => sum + (d.runningCount ?? 0), 0),
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    deployments,
    events: [],
    currentServiceDeployment: SD_ARN,
    ...overrides
  }
}

/** Our service deployment: it targets the revision that runs TD(2), created after our update. */
export function serviceDeployment(overrides: Partial<ServiceDeployment>): ServiceDeployment {
  return {
    serviceDeploymentArn: SD_ARN,
    status: 'IN_PROGRESS',
    targetServiceRevision: { arn: REVISION },
    createdAt: new Date(STARTED + 1000),
    ...overrides
  }
}
