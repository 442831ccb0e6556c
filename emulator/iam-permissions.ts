// What IAM is asked for each call the emulator serves: the action, the resource ARN it is checked
// on, the condition keys, and the extra checks some calls make. Resource types follow the Service
// Authorization Reference (iann0036/iam-dataset, 2025): ECS scopes services, service deployments
// and revisions, tasks and task definitions (RegisterTaskDefinition and RunTask on the revision);
// DescribeTaskDefinition, ListTaskDefinitions and DeregisterTaskDefinition only take `*`; ListTasks
// is checked on `*` with the ecs:cluster key (its resource type is container-instance; a real denial
// reads "ecs:ListTasks on resource: *", cdklabs/construct-hub#1207). ECR DescribeImages takes the
// repository; CodeDeploy GetDeploymentGroup, CreateDeployment and GetDeployment take the deployment
// group, the deployment-target calls and StopDeployment only `*`.
//
// Extra checks: iam:PassRole for the task and execution roles RegisterTaskDefinition and RunTask
// hand to ECS (iam:PassedToService ecs-tasks.amazonaws.com; field reports show AccessDenied naming
// iam:PassRole from both calls) and for the infrastructure role of a service-managed EBS volume in
// UpdateService (passed to ecs.amazonaws.com; UpdateService lists iam:PassRole as dependent), and ecs:TagResource with ecs:CreateAction when they carry tags
// (ECS "Grant permission to tag resources on creation"). Not confirmed: that CreateDeployment checks
// each of its listed dependent actions (GetApplicationRevision, RegisterApplicationRevision,
// GetDeploymentConfig) on every call, and that GetLogEvents is checked on the log-stream ARN.

import { ACCOUNT_ID, arnResource, arns, nameFromArnOrName } from './arns.js'
import { codeDeployOf, groupKey } from './codedeploy/state.js'
import { eventBridgePermissions } from './eventbridge/permissions.js'
import type { Permission } from './iam.js'
import type { ServiceName } from './recording.js'
import { schedulerPermissions } from './scheduler/permissions.js'
import type { World } from './state.js'
import { resolveTaskDefinition } from './task-definitions.js'

export interface AuthorizedCall {
  service: ServiceName
  operation: string
  /** The parsed request body, unchecked. */
  body: unknown
  world: World
}

type Body = Readonly<Record<string, unknown>>

const bodyOf = (value: unknown): Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {}
const text = (body: Body, key: string): string | undefined => {
  const value = body[key]
  return typeof value === 'string' ? value : undefined
}
const texts = (body: Body, key: string): string[] => {
  const value = body[key]
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
}
const hasTags = (body: Body): boolean => Array.isArray(body.tags) && body.tags.length > 0

const TO_TASKS = 'ecs-tasks.amazonaws.com'

const roleArn = (role: string): string =>
  role.startsWith('arn:') ? role : `arn:aws:iam::${ACCOUNT_ID}:role/${role}`

function passRoles(roles: readonly (string | undefined)[], to = TO_TASKS): Permission[] {
  const distinct = [...new Set(roles.filter((role) => role !== undefined && role !== ''))]
  return distinct.map((role) => ({
    action: 'iam:PassRole',
    resource: roleArn(role ?? ''),
    context: { 'iam:PassedToService': to }
  }))
}

/** The infrastructure roles of service-managed EBS volumes, which ECS itself assumes. */
function volumeRoles(body: Body): Permission[] {
  const volumes = Array.isArray(body.volumeConfigurations) ? body.volumeConfigurations : []
  const roles = volumes.map((volume) => text(bodyOf(bodyOf(volume).managedEBSVolume), 'roleArn'))
  return passRoles(roles, 'ecs.amazonaws.com')
}

function clusterOf(world: World, body: Body): { name: string; arn: string } {
  const name = nameFromArnOrName(text(body, 'cluster') ?? 'default', 'cluster') ?? 'default'
  return { name, arn: arns.cluster(world.region, name) }
}

/** `service-deployment/prod/web/ID` → the service's ARN, which IAM checks too. */
function serviceOfChild(world: World, arn: string): string | undefined {
  const [, cluster, service] = (arnResource(arn) ?? '').split('/')
  return cluster === undefined || service === undefined
    ? undefined
    : arns.service(world.region, cluster, service)
}

function childPermissions(world: World, action: string, childArns: readonly string[]) {
  return childArns.flatMap((arn): Permission[] => {
    const service = serviceOfChild(world, arn)
    return [
      ...(service === undefined ? [] : [{ action, resource: service }]),
      { action, resource: arn }
    ]
  })
}

function registerTaskDefinition(world: World, body: Body): Permission[] {
  const family = text(body, 'family') ?? ''
  const next = (world.families.get(family)?.at(-1)?.revision ?? 0) + 1
  const resource = arns.taskDefinition(world.region, family, next)
  return [
    { action: 'ecs:RegisterTaskDefinition', resource },
    ...passRoles([text(body, 'taskRoleArn'), text(body, 'executionRoleArn')]),
    ...(hasTags(body)
      ? [
          {
            action: 'ecs:TagResource',
            resource,
            context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
          }
        ]
      : [])
  ]
}

function runTask(world: World, body: Body): Permission[] {
  const cluster = clusterOf(world, body)
  const reference = text(body, 'taskDefinition') ?? ''
  const record = resolveTaskDefinition(world, reference)
  const definition = bodyOf(record?.definition)
  const overrides = bodyOf(body.overrides)
  const context = { 'ecs:cluster': cluster.arn }
  return [
    { action: 'ecs:RunTask', resource: record?.arn ?? reference, context },
    ...passRoles([
      text(overrides, 'taskRoleArn') ?? text(definition, 'taskRoleArn'),
      text(overrides, 'executionRoleArn') ?? text(definition, 'executionRoleArn')
    ]),
    ...(hasTags(body)
      ? [
          {
            action: 'ecs:TagResource',
            resource: arns.task(world.region, cluster.name, '*'),
            context: { 'ecs:CreateAction': 'RunTask', 'ecs:cluster': cluster.arn }
          }
        ]
      : [])
  ]
}

function taskPermissions(world: World, body: Body, action: string, tasks: string[]) {
  const cluster = clusterOf(world, body)
  const context = { 'ecs:cluster': cluster.arn }
  return tasks.map((task) => ({
    action,
    resource: task.startsWith('arn:') ? task : arns.task(world.region, cluster.name, task),
    context
  }))
}

function ecsPermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `ecs:${operation}`
  const cluster = clusterOf(world, body)
  const onService = (service: string): Permission => ({
    action,
    resource: arns.service(
      world.region,
      cluster.name,
      nameFromArnOrName(service, 'service') ?? service
    ),
    context: { 'ecs:cluster': cluster.arn }
  })
  switch (operation) {
    case 'RegisterTaskDefinition':
      return registerTaskDefinition(world, body)
    case 'RunTask':
      return runTask(world, body)
    case 'DescribeServices':
      return texts(body, 'services').map(onService)
    case 'UpdateService':
      return [onService(text(body, 'service') ?? ''), ...volumeRoles(body)]
    case 'ListServiceDeployments':
      return [onService(text(body, 'service') ?? '')]
    case 'DescribeServiceDeployments':
      return childPermissions(world, action, texts(body, 'serviceDeploymentArns'))
    case 'DescribeServiceRevisions':
      return childPermissions(world, action, texts(body, 'serviceRevisionArns'))
    case 'StopServiceDeployment':
    case 'ContinueServiceDeployment':
      return childPermissions(world, action, [text(body, 'serviceDeploymentArn') ?? ''])
    case 'ListTasks':
      return [{ action, resource: '*', context: { 'ecs:cluster': cluster.arn } }]
    case 'DescribeTasks':
      return taskPermissions(world, body, action, texts(body, 'tasks'))
    case 'StopTask':
      return taskPermissions(world, body, action, [text(body, 'task') ?? ''])
    default:
      // DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition: no resource types.
      return [{ action, resource: '*' }]
  }
}

function ecrPermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `ecr:${operation}`
  const registry = text(body, 'registryId') ?? ACCOUNT_ID
  const repository = (name: string): string =>
    `arn:aws:ecr:${world.region}:${registry}:repository/${name}`
  if (operation === 'DescribeImages') {
    return [{ action, resource: repository(text(body, 'repositoryName') ?? '') }]
  }
  const names = texts(body, 'repositoryNames')
  return names.length === 0
    ? [{ action, resource: '*' }]
    : names.map((name) => ({ action, resource: repository(name) }))
}

function logsPermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `logs:${operation}`
  if (operation !== 'GetLogEvents') return [{ action, resource: '*' }]
  const identifier = text(body, 'logGroupIdentifier')
  const group =
    text(body, 'logGroupName') ??
    (identifier === undefined
      ? '*'
      : (/log-group:(.+?)(?::\*)?$/.exec(identifier)?.[1] ?? identifier))
  const stream = text(body, 'logStreamName') ?? '*'
  return [
    {
      action,
      resource: `arn:aws:logs:${world.region}:${ACCOUNT_ID}:log-group:${group}:log-stream:${stream}`
    }
  ]
}

function codeDeployPermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `codedeploy:${operation}`
  const prefix = `arn:aws:codedeploy:${world.region}:${ACCOUNT_ID}`
  const groupArn = (application: string, group: string): string =>
    `${prefix}:deploymentgroup:${application}/${group}`
  const application = text(body, 'applicationName') ?? ''
  const group = text(body, 'deploymentGroupName') ?? ''
  switch (operation) {
    case 'GetDeploymentGroup':
      return [{ action, resource: groupArn(application, group) }]
    case 'CreateDeployment': {
      const config =
        text(body, 'deploymentConfigName') ??
        codeDeployOf(world).groups.get(groupKey(application, group))?.deploymentConfigName ??
        'CodeDeployDefault.ECSAllAtOnce'
      return [
        { action, resource: groupArn(application, group) },
        {
          action: 'codedeploy:GetDeploymentConfig',
          resource: `${prefix}:deploymentconfig:${config}`
        },
        {
          action: 'codedeploy:RegisterApplicationRevision',
          resource: `${prefix}:application:${application}`
        },
        {
          action: 'codedeploy:GetApplicationRevision',
          resource: `${prefix}:application:${application}`
        }
      ]
    }
    case 'GetDeployment': {
      const deployment = codeDeployOf(world).deployments.get(text(body, 'deploymentId') ?? '')
      return [
        {
          action,
          resource:
            deployment === undefined ? '*' : groupArn(deployment.application, deployment.group)
        }
      ]
    }
    default:
      return [{ action, resource: '*' }]
  }
}

/** Every permission IAM checks for this call, in the order the emulator checks them. */
export function permissionsFor(call: AuthorizedCall): Permission[] {
  const body = bodyOf(call.body)
  switch (call.service) {
    case 'ecs':
      return ecsPermissions(call.world, call.operation, body)
    case 'ecr':
      return ecrPermissions(call.world, call.operation, body)
    case 'logs':
      return logsPermissions(call.world, call.operation, body)
    case 'codedeploy':
      return codeDeployPermissions(call.world, call.operation, body)
    case 'events':
      return eventBridgePermissions(call.world, call.operation, body)
    case 'scheduler':
      return schedulerPermissions(call.world, call.operation, body)
  }
}
