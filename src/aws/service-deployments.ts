import type { Deployment, Service } from '@aws-sdk/client-ecs'

// Reading the shape DescribeServices and UpdateService return. Types only: importing this loads no client.

/** The service's PRIMARY deployment: the most recent one, the one ECS is rolling out or runs. */
export function primaryOf(service: Service | undefined): Deployment | undefined {
  return service?.deployments?.find((d) => d.status === 'PRIMARY')
}
