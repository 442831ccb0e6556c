// The service-deployments API (model 2024-10-30): ListServiceDeployments,
// DescribeServiceDeployments and DescribeServiceRevisions. Unknown ARNs are `failures[]` with
// reason MISSING, like DescribeServices. A scenario can deny all of them (and
// StopServiceDeployment, ContinueServiceDeployment) the way IAM does for a role without the new
// permissions. ContinueServiceDeployment acts on the PAUSE hooks of lifecycle.ts.

import { arns } from '../arns.js'
import { AwsError, accessDenied, invalidParameter, serviceNotFound } from '../errors.js'
import { isListed } from '../history.js'
import { continueHook } from '../lifecycle.js'
import { lifecycleEngine } from '../rollout.js'
import type { HookAction } from '../strategies.js'
import type { ServiceDeploymentRecord, World } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import { findCluster, findService } from './lookup.js'
import type { Operation } from './operation.js'
import { serviceDeploymentBriefWire, serviceDeploymentWire, serviceRevisionWire } from './wire.js'

const MAX_ARNS = 20

/** IAM denies before the request is looked at; `resource` is what the action is checked against. */
export function denyServiceDeploymentsApi(world: World, action: string, resource: string): void {
  if (world.scenario().serviceDeploymentsApi === 'denied') throw accessDenied(action, resource)
}

function pageOf<T>(
  items: T[],
  nextToken: string | undefined,
  maxResults: number
): { page: T[]; next: string | undefined } {
  const start =
    nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64').toString('utf8'))
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid nextToken.')
  const end = start + maxResults
  return {
    page: items.slice(start, end),
    next: end < items.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined
  }
}

export const listServiceDeploymentsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      service: shape.string,
      cluster: shape.string,
      status: shape.list(shape.string),
      createdAt: shape.structure({ before: shape.timestamp, after: shape.timestamp }),
      nextToken: shape.string,
      maxResults: shape.integer
    })
    const reference = read.string(request, 'service')
    const clusterReference = read.string(request, 'cluster')
    denyServiceDeploymentsApi(
      world,
      'ecs:ListServiceDeployments',
      reference?.startsWith('arn:') === true
        ? reference
        : arns.service(
            world.region,
            clusterReference?.split('/').pop() ?? 'default',
            reference ?? '*'
          )
    )
    if (reference === undefined || reference === '')
      throw invalidParameter('Service cannot be empty.')
    const maxResults = read.integer(request, 'maxResults') ?? 20
    if (maxResults < 1 || maxResults > 100) {
      throw invalidParameter('maxResults must be between 1 and 100.')
    }
    const cluster = findCluster(world, clusterReference)
    const service = findService(cluster, reference)
    if (service === undefined) throw serviceNotFound()
    const statuses = read.strings(request, 'status')
    const createdAt = read.object(request, 'createdAt') ?? {}
    const before = read.number(createdAt, 'before')
    const after = read.number(createdAt, 'after')
    const matching = [...world.serviceDeployments.values()]
      .filter(
        (record: ServiceDeploymentRecord) =>
          record.cluster === service.cluster &&
          record.serviceName === service.name &&
          isListed(world, record) &&
          (statuses === undefined || statuses.length === 0 || statuses.includes(record.status)) &&
          (before === undefined || record.createdAt < before) &&
          (after === undefined || record.createdAt > after)
      )
      .sort((a, b) => b.createdAt - a.createdAt)
    const { page, next } = pageOf(matching, read.string(request, 'nextToken'), maxResults)
    return {
      serviceDeployments: page.map((record) => serviceDeploymentBriefWire(world, record)),
      nextToken: next
    }
  }
}

function requireArns(arns: string[] | undefined, member: string): string[] {
  if (arns === undefined || arns.length === 0) throw invalidParameter(`${member} cannot be empty.`)
  if (arns.length > MAX_ARNS)
    throw invalidParameter(`${member} can have at most ${MAX_ARNS} items.`)
  return arns
}

export const describeServiceDeploymentsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { serviceDeploymentArns: shape.list(shape.string) })
    denyServiceDeploymentsApi(
      world,
      'ecs:DescribeServiceDeployments',
      read.strings(request, 'serviceDeploymentArns')?.[0] ?? '*'
    )
    const arns = requireArns(
      read.strings(request, 'serviceDeploymentArns'),
      'serviceDeploymentArns'
    )
    const serviceDeployments = []
    const failures = []
    for (const arn of arns) {
      const record = world.serviceDeployments.get(arn)
      // A service deployment created moments ago is MISSING until ECS lists it (listing-lag).
      if (record === undefined || !isListed(world, record))
        failures.push({ arn, reason: 'MISSING' })
      else serviceDeployments.push(serviceDeploymentWire(world, record))
    }
    return { serviceDeployments, failures }
  }
}

export const describeServiceRevisionsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { serviceRevisionArns: shape.list(shape.string) })
    denyServiceDeploymentsApi(
      world,
      'ecs:DescribeServiceRevisions',
      read.strings(request, 'serviceRevisionArns')?.[0] ?? '*'
    )
    const arns = requireArns(read.strings(request, 'serviceRevisionArns'), 'serviceRevisionArns')
    const serviceRevisions = []
    const failures = []
    for (const arn of arns) {
      const record = world.serviceRevisions.get(arn)
      if (record === undefined) failures.push({ arn, reason: 'MISSING' })
      else serviceRevisions.push(serviceRevisionWire(world, record))
    }
    return { serviceRevisions, failures }
  }
}

const HOOK_ACTIONS: readonly HookAction[] = ['CONTINUE', 'ROLLBACK']
const isHookAction = (value: string): value is HookAction =>
  (HOOK_ACTIONS as readonly string[]).includes(value)

/**
 * ContinueServiceDeployment (2025): `serviceDeploymentArn` and `hookId` required, `action`
 * CONTINUE (the default) or ROLLBACK, response `{serviceDeploymentArn}`. "You can continue a
 * deployment that has a pause hook in AWAITING_ACTION status. The deployment must be in the
 * IN_PROGRESS state." Not confirmed: which error and message ECS gives when that does not hold
 * (InvalidParameterException here, the modelled error for a bad request).
 */
export const continueServiceDeploymentOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      serviceDeploymentArn: shape.string,
      hookId: shape.string,
      action: shape.string
    })
    const arn = read.string(request, 'serviceDeploymentArn')
    denyServiceDeploymentsApi(world, 'ecs:ContinueServiceDeployment', arn ?? '*')
    if (arn === undefined || arn === '') {
      throw invalidParameter('serviceDeploymentArn cannot be empty.')
    }
    const hookId = read.string(request, 'hookId')
    if (hookId === undefined || hookId === '') throw invalidParameter('hookId cannot be empty.')
    const action = read.string(request, 'action') ?? 'CONTINUE'
    if (!isHookAction(action)) {
      // Coral's enum validation wording, as for StopServiceDeployment's stopType.
      throw invalidParameter(
        `1 validation error detected: Value '${action}' at 'action' failed to satisfy constraint: Member must satisfy enum value set: [${HOOK_ACTIONS.join(', ')}]`
      )
    }
    const record = world.serviceDeployments.get(arn)
    if (record === undefined) {
      // Not confirmed: the message (as StopServiceDeployment's).
      throw new AwsError('ServiceDeploymentNotFoundException', 'Service deployment not found.')
    }
    const refusal = continueHook(world, record, { hookId, action }, lifecycleEngine)
    if (refusal === 'unknown-hook') {
      throw invalidParameter(`The hook ${hookId} was not found for service deployment ${arn}.`)
    }
    if (refusal === 'not-in-progress') {
      throw invalidParameter(
        `The service deployment ${arn} is ${record.status}; only an IN_PROGRESS service deployment can be continued.`
      )
    }
    if (refusal === 'not-awaiting') {
      throw invalidParameter(`The hook ${hookId} is not in AWAITING_ACTION status.`)
    }
    return { serviceDeploymentArn: record.arn }
  }
}
