// CodeDeploy operations (awsJson1_1, target prefix CodeDeploy_20141006) that the CODE_DEPLOY
// deploy path uses: GetDeploymentGroup, CreateDeployment, GetDeployment, ListDeploymentTargets,
// BatchGetDeploymentTargets, GetDeploymentTarget, StopDeployment, ContinueDeployment.

import { createHash } from 'node:crypto'
import { parse } from 'yaml'

import { AwsError } from '../errors.js'
import type { Operation } from '../ecs/operation.js'
import { resolveTaskDefinition } from '../task-definitions.js'
import type { JsonObject, World } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import { isFinished, newLifecycleEvents, startLifecycle, stopDeployment } from './lifecycle.js'
import { errorText } from './messages.js'
import {
  codeDeployOf,
  groupKey,
  newDeploymentId,
  type CodeDeployDeploymentRecord,
  type DeploymentGroupRecord
} from './state.js'
import { deploymentGroupWire, deploymentWire, ecsTargetWire, targetId } from './wire.js'

const { string, boolean, list, structure } = shape

const error = (type: string, message: string): AwsError => new AwsError(type, message)

// The predefined ECS configurations (CodeDeploy user guide, "Deployment configurations on an
// Amazon ECS compute platform"). The emulator shifts all traffic at once whichever is named.
const ECS_CONFIGS = new Set([
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes'
])
const MAX_DESCRIPTION = 512 // what the official action cuts to; the limit itself is unconfirmed
const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/

function findGroup(world: World, request: JsonObject): DeploymentGroupRecord {
  const state = codeDeployOf(world)
  const application = read.string(request, 'applicationName')
  if (application === undefined || application === '') {
    throw error('ApplicationNameRequiredException', errorText.applicationRequired)
  }
  if (!state.applications.has(application)) {
    throw error('ApplicationDoesNotExistException', errorText.applicationMissing(application))
  }
  const name = read.string(request, 'deploymentGroupName')
  if (name === undefined || name === '') {
    throw error('DeploymentGroupNameRequiredException', errorText.groupRequired)
  }
  const group = state.groups.get(groupKey(application, name))
  if (group === undefined)
    throw error('DeploymentGroupDoesNotExistException', errorText.groupMissing(name))
  return group
}

function findDeployment(world: World, request: JsonObject): CodeDeployDeploymentRecord {
  const id = read.string(request, 'deploymentId')
  if (id === undefined || id === '')
    throw error('DeploymentIdRequiredException', errorText.deploymentIdRequired)
  if (!DEPLOYMENT_ID.test(id))
    throw error('InvalidDeploymentIdException', errorText.invalidDeploymentId(id))
  const deployment = codeDeployOf(world).deployments.get(id)
  if (deployment === undefined)
    throw error('DeploymentDoesNotExistException', errorText.deploymentMissing(id))
  return deployment
}

interface ParsedAppSpec {
  taskDefinitionArn: string
  hooks: Record<string, string>
}

/** The ECS AppSpec inside AppSpecContent; keys case-insensitive, as CodeDeploy reads them. */
function parseAppSpec(content: string): ParsedAppSpec {
  const invalid = (why: string): AwsError =>
    error('InvalidRevisionException', `The AppSpec content is invalid: ${why}`) // UNCONFIRMED text
  let document: unknown
  try {
    document = parse(content)
  } catch {
    throw invalid('it is not valid JSON or YAML.')
  }
  const get = (value: unknown, key: string): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const found = Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase())
    return found === undefined ? undefined : (value as JsonObject)[found]
  }
  const resources = get(document, 'Resources')
  if (!Array.isArray(resources) || resources.length !== 1)
    throw invalid('Resources must list one ECS service.')
  const target = Object.values((resources[0] ?? {}) as JsonObject)[0]
  if (get(target, 'Type') !== 'AWS::ECS::Service')
    throw invalid('the resource Type must be AWS::ECS::Service.')
  const taskDefinition = get(get(target, 'Properties'), 'TaskDefinition')
  if (typeof taskDefinition !== 'string' || taskDefinition === '')
    throw invalid('TaskDefinition is missing.')
  const hooks: Record<string, string> = {}
  const hookList = get(document, 'Hooks')
  for (const hook of Array.isArray(hookList) ? hookList : []) {
    for (const [name, fn] of Object.entries((hook ?? {}) as JsonObject)) {
      if (typeof fn === 'string') hooks[name] = fn
    }
  }
  return { taskDefinitionArn: taskDefinition, hooks }
}

const revisionShape = structure({
  revisionType: string,
  appSpecContent: structure({ content: string, sha256: string }),
  string: structure({ content: string, sha256: string }),
  s3Location: structure({
    bucket: string,
    key: string,
    bundleType: string,
    version: string,
    eTag: string
  })
})

export const getDeploymentGroupOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { applicationName: string, deploymentGroupName: string })
    return { deploymentGroupInfo: deploymentGroupWire(world, findGroup(world, request)) }
  }
}

export const createDeploymentOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      applicationName: string,
      deploymentGroupName: string,
      revision: revisionShape,
      deploymentConfigName: string,
      description: string,
      ignoreApplicationStopFailures: boolean,
      autoRollbackConfiguration: structure({ enabled: boolean, events: list(string) }),
      updateOutdatedInstancesOnly: boolean,
      fileExistsBehavior: string
    })
    const group = findGroup(world, request)
    const state = codeDeployOf(world)
    const revision = read.object(request, 'revision')
    if (revision === undefined) throw error('RevisionRequiredException', errorText.revisionRequired)
    const content = read.object(revision, 'appSpecContent')
    const text = content && read.string(content, 'content')
    if (read.string(revision, 'revisionType') !== 'AppSpecContent' || text === undefined) {
      // UNCONFIRMED text; an ECS deployment from S3 is real but not emulated.
      throw error(
        'InvalidRevisionException',
        'The emulator takes ECS revisions as AppSpecContent only.'
      )
    }
    const sha256 = read.string(content ?? {}, 'sha256')
    if (sha256 !== undefined && sha256 !== createHash('sha256').update(text).digest('hex')) {
      throw error(
        'InvalidRevisionException',
        'The sha256 of the AppSpec content does not match the content.'
      ) // UNCONFIRMED
    }
    const appSpec = parseAppSpec(text)
    const configName = read.string(request, 'deploymentConfigName') ?? group.deploymentConfigName
    if (!ECS_CONFIGS.has(configName)) {
      throw error('DeploymentConfigDoesNotExistException', errorText.configMissing(configName))
    }
    const description = read.string(request, 'description')
    if (description !== undefined && Array.from(description).length > MAX_DESCRIPTION) {
      throw error('DescriptionTooLongException', errorText.descriptionTooLong)
    }
    const active = [...state.deployments.values()].find(
      (d) => d.application === group.application && d.group === group.name && !isFinished(d)
    )
    if (active !== undefined) {
      throw error(
        'DeploymentLimitExceededException',
        errorText.limitExceeded(group.name, active.id)
      )
    }
    const deployment: CodeDeployDeploymentRecord = {
      id: newDeploymentId(world),
      application: group.application,
      group: group.name,
      status: 'Created',
      creator: 'user',
      createTime: world.now,
      ...(description !== undefined && { description }),
      deploymentConfigName: configName,
      revision,
      // A family or family:revision resolves as ECS would; an unknown one fails at Install.
      taskDefinitionArn:
        resolveTaskDefinition(world, appSpec.taskDefinitionArn)?.arn ?? appSpec.taskDefinitionArn,
      hooks: appSpec.hooks,
      events: newLifecycleEvents(),
      targetStatus: 'Pending',
      targetUpdatedAt: world.now,
      greenTraffic: 0
    }
    state.deployments.set(deployment.id, deployment)
    world.record(`codedeploy-deployment Created ${deployment.id}`)
    startLifecycle(world, deployment)
    return { deploymentId: deployment.id }
  }
}

export const getDeploymentOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { deploymentId: string })
    return { deploymentInfo: deploymentWire(world, findDeployment(world, request)) }
  }
}

export const listDeploymentTargetsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      deploymentId: string,
      nextToken: string,
      targetFilters: shape.map(list(string))
    })
    const deployment = findDeployment(world, request)
    const group = codeDeployOf(world).groups.get(groupKey(deployment.application, deployment.group))
    // CodeDeploy lists the ECS target once it has started working on it.
    const started = deployment.startTime !== undefined && group !== undefined
    return { targetIds: started ? [targetId(group)] : [] }
  }
}

function targetsOf(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  ids: readonly string[]
): JsonObject[] {
  const group = codeDeployOf(world).groups.get(groupKey(deployment.application, deployment.group))
  return ids.map((id) => {
    if (group === undefined || id !== targetId(group) || deployment.startTime === undefined) {
      throw error('DeploymentTargetDoesNotExistException', errorText.targetMissing(id))
    }
    return { deploymentTargetType: 'ECSTarget', ecsTarget: ecsTargetWire(world, deployment) }
  })
}

export const batchGetDeploymentTargetsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { deploymentId: string, targetIds: list(string) })
    const deployment = findDeployment(world, request)
    const ids = read.strings(request, 'targetIds') ?? []
    if (ids.length === 0)
      throw error(
        'DeploymentTargetIdRequiredException',
        'A deployment target ID must be specified.'
      ) // UNCONFIRMED
    return { deploymentTargets: targetsOf(world, deployment, ids) }
  }
}

export const getDeploymentTargetOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { deploymentId: string, targetId: string })
    const deployment = findDeployment(world, request)
    const id = read.string(request, 'targetId') ?? ''
    return { deploymentTarget: targetsOf(world, deployment, [id])[0] }
  }
}

export const stopDeploymentOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, { deploymentId: string, autoRollbackEnabled: boolean })
    const deployment = findDeployment(world, request)
    if (isFinished(deployment)) {
      throw error('DeploymentAlreadyCompletedException', errorText.alreadyCompleted(deployment.id))
    }
    stopDeployment(world, deployment, read.boolean(request, 'autoRollbackEnabled'))
    return { status: 'Succeeded', statusMessage: `Deployment ${deployment.id} was stopped.` } // UNCONFIRMED message
  }
}

export const continueDeploymentOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, { deploymentId: string, deploymentWaitType: string })
    const deployment = findDeployment(world, request)
    if (isFinished(deployment)) {
      throw error('DeploymentAlreadyCompletedException', errorText.alreadyCompleted(deployment.id))
    }
    const waitType = read.string(request, 'deploymentWaitType') ?? 'READY_WAIT'
    if (deployment.waitingFor !== waitType || deployment.resume === undefined) {
      throw error('DeploymentIsNotInReadyStateException', errorText.notWaiting(deployment.id))
    }
    deployment.resume()
    return {}
  }
}

export const codeDeployOperations: Readonly<Record<string, Operation>> = {
  GetDeploymentGroup: getDeploymentGroupOperation,
  CreateDeployment: createDeploymentOperation,
  GetDeployment: getDeploymentOperation,
  ListDeploymentTargets: listDeploymentTargetsOperation,
  BatchGetDeploymentTargets: batchGetDeploymentTargetsOperation,
  GetDeploymentTarget: getDeploymentTargetOperation,
  StopDeployment: stopDeploymentOperation,
  ContinueDeployment: continueDeploymentOperation
}
