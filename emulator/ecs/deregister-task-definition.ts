// DeregisterTaskDefinition: `taskDefinition` is family:revision or a task-definition ARN; "You
// must specify a revision" (API reference), so a bare family is a ClientException rather than the
// latest revision. The revision turns INACTIVE with `deregisteredAt`, and the response is
// `{taskDefinition}`. Tasks and services already on it keep running; UpdateService refuses it.

import { arnResource } from '../arns.js'
import { clientException, invalidParameter } from '../errors.js'
import type { JsonObject, TaskDefinitionRecord } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import type { Operation } from './operation.js'
import { epochSeconds, taskDefinitionWire } from './wire.js'

/** DescribeTaskDefinition's shape, with `deregisteredAt` once the revision is INACTIVE. */
export function taskDefinitionWithDeregistration(record: TaskDefinitionRecord): JsonObject {
  return {
    ...taskDefinitionWire(record),
    ...(record.deregisteredAt !== undefined && {
      deregisteredAt: epochSeconds(record.deregisteredAt)
    })
  }
}

export const deregisterTaskDefinitionOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, { taskDefinition: shape.string })
    const reference = read.string(request, 'taskDefinition')
    // The text DescribeTaskDefinition answers for a blank reference (not confirmed for this one).
    if (reference === undefined || reference === '') {
      throw invalidParameter('Task Definition can not be blank.')
    }
    const resource = arnResource(reference)
    if (resource !== undefined && !resource.startsWith('task-definition/')) {
      throw clientException('The specified task definition does not exist.')
    }
    const name = resource === undefined ? reference : resource.slice('task-definition/'.length)
    const [family = '', revision] = name.split(':')
    // Not confirmed: the texts of these ClientExceptions (moto answers "Revision is missing." and
    // "The specified task definition does not exist.").
    if (revision === undefined) throw clientException('Revision is missing.')
    if (!/^\d+$/.test(revision)) throw clientException('Invalid revision number.')
    const record = (world.families.get(family) ?? []).find(
      (candidate) => candidate.revision === Number(revision)
    )
    if (record === undefined) {
      throw clientException('The specified task definition does not exist.')
    }
    // Deregistering an INACTIVE revision again changes nothing (not confirmed).
    if (record.status === 'ACTIVE') {
      record.status = 'INACTIVE'
      record.deregisteredAt = world.now
      world.record(`task-definition INACTIVE ${record.arn}`)
    }
    return { taskDefinition: taskDefinitionWithDeregistration(record) }
  }
}
