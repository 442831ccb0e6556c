// StopTask: `{task}` with desiredStatus STOPPED and stopCode UserInitiated; the lastStatus in the
// answer is still the one the task had (API reference example: RUNNING, "Task stopped by user"
// when no reason is given). Unknown task: InvalidParameterException "The referenced task was not
// found." (quoted from real CLI output in several projects). Not confirmed: the text for a
// missing `task`, and that stopping a stopped task simply returns it unchanged. Not modelled: a
// service does not replace a task stopped this way.

import { nameFromArnOrName } from '../arns.js'
import { invalidParameter } from '../errors.js'
import { stop } from '../run-task.js'
import { checkInput, read, shape } from '../validate.js'
import { findCluster } from './lookup.js'
import type { Operation } from './operation.js'
import { taskWire } from './wire.js'

export const USER_STOP_REASON = 'Task stopped by user'

export const stopTaskOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      cluster: shape.string,
      task: shape.string,
      reason: shape.string
    })
    const reference = read.string(request, 'task')
    if (reference === undefined || reference === '') throw invalidParameter('Task cannot be empty.')
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const id = nameFromArnOrName(reference, 'task')
    const task = [...world.tasks.values()].find(
      (candidate) => candidate.cluster === cluster.name && candidate.id === id
    )
    if (task === undefined) throw invalidParameter('The referenced task was not found.')
    const reason = read.string(request, 'reason')
    stop(
      world,
      task,
      'UserInitiated',
      reason === undefined || reason === '' ? USER_STOP_REASON : reason
    )
    return { task: taskWire(world, task) }
  }
}
