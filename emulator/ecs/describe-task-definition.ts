// DescribeTaskDefinition: `{taskDefinition, tags}`; tags only with include: ["TAGS"].

import { clientException, invalidParameter } from '../errors.js'
import { resolveTaskDefinition } from '../task-definitions.js'
import { checkInput, read, shape } from '../validate.js'
import { taskDefinitionWithDeregistration } from './deregister-task-definition.js'
import type { Operation } from './operation.js'

export const describeTaskDefinitionOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      taskDefinition: shape.string,
      include: shape.list(shape.string)
    })
    const reference = read.string(request, 'taskDefinition')
    if (reference === undefined || reference === '') {
      throw invalidParameter('Task Definition can not be blank.')
    }
    const record = resolveTaskDefinition(world, reference)
    if (record === undefined) throw clientException('Unable to describe task definition.')
    const withTags = (read.strings(request, 'include') ?? []).includes('TAGS')
    return {
      taskDefinition: taskDefinitionWithDeregistration(record),
      tags: withTags ? record.tags : undefined
    }
  }
}
