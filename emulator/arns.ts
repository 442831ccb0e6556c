// ARN formats of the resources the emulator serves (the long ARN format ECS uses since 2021),
// and the reverse: accept a name or an ARN wherever ECS does.

export const ACCOUNT_ID = '123456789012'

const prefix = (region: string, service: 'ecs' | 'ecr'): string =>
  `arn:aws:${service}:${region}:${ACCOUNT_ID}`

export const arns = {
  cluster: (region: string, cluster: string) => `${prefix(region, 'ecs')}:cluster/${cluster}`,
  service: (region: string, cluster: string, service: string) =>
    `${prefix(region, 'ecs')}:service/${cluster}/${service}`,
  // DescribeServices reports a missing service in the short format (GHA issue #312:
  // "arn:aws:ecs:us-east-2:***:service/pawebapp-service is MISSING").
  missingService: (region: string, service: string) =>
    `${prefix(region, 'ecs')}:service/${service}`,
  taskDefinition: (region: string, family: string, revision: number) =>
    `${prefix(region, 'ecs')}:task-definition/${family}:${revision}`,
  task: (region: string, cluster: string, taskId: string) =>
    `${prefix(region, 'ecs')}:task/${cluster}/${taskId}`,
  serviceDeployment: (region: string, cluster: string, service: string, id: string) =>
    `${prefix(region, 'ecs')}:service-deployment/${cluster}/${service}/${id}`,
  serviceRevision: (region: string, cluster: string, service: string, id: string) =>
    `${prefix(region, 'ecs')}:service-revision/${cluster}/${service}/${id}`,
  repository: (region: string, repository: string) =>
    `${prefix(region, 'ecr')}:repository/${repository}`,
  /** `name/id` → arn:aws:elasticloadbalancing:…:targetgroup/name/id (ELBv2's format). */
  targetGroup: (region: string, nameAndId: string) =>
    `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:targetgroup/${nameAndId}`
}

/**
 * The resource path of an ECS ARN (`cluster/prod`, `task-definition/web:3`), or undefined when
 * `value` is not an ARN.
 */
export function arnResource(value: string): string | undefined {
  if (!value.startsWith('arn:')) return undefined
  const parts = value.split(':')
  // arn:partition:service:region:account:resource (the resource may itself contain ':')
  return parts.length >= 6 ? parts.slice(5).join(':') : ''
}

/** The last path segment of a `kind/...` ARN, or the value itself when it is a plain name. */
export function nameFromArnOrName(value: string, kind: string): string | undefined {
  const resource = arnResource(value)
  if (resource === undefined) return value
  if (!resource.startsWith(`${kind}/`)) return undefined
  return resource.split('/').pop()
}
