// ListTasks and DescribeTasks. `startedBy` cannot be combined with other filters
// (InvalidParameterException "cannot specify startedBy with other arguments", reported in
// aws-sdk-go-v2#1893 for family/launchType); desiredStatus is allowed with it, as scripts such as
// `list-tasks --started-by $ID --desired-status STOPPED` rely on.

import { nameFromArnOrName } from '../arns.js'
import { invalidParameter, serviceNotFound } from '../errors.js'
import type { TaskRecord } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import { findCluster, findService } from './lookup.js'
import type { Operation } from './operation.js'
import { taskWire } from './wire.js'

const MAX_TASKS = 100

export const listTasksOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      cluster: shape.string,
      containerInstance: shape.string,
      family: shape.string,
      nextToken: shape.string,
      maxResults: shape.integer,
      startedBy: shape.string,
      serviceName: shape.string,
      desiredStatus: shape.string,
      launchType: shape.string,
      daemonName: shape.string
    })
    const startedBy = read.string(request, 'startedBy')
    const others = ['containerInstance', 'family', 'serviceName', 'launchType', 'daemonName']
    if (startedBy !== undefined && others.some((name) => request[name] !== undefined)) {
      throw invalidParameter('cannot specify startedBy with other arguments')
    }
    const maxResults = read.integer(request, 'maxResults') ?? MAX_TASKS
    if (maxResults < 1 || maxResults > MAX_TASKS) {
      throw invalidParameter('maxResults must be between 1 and 100.')
    }
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const serviceName = read.string(request, 'serviceName')
    const service = serviceName === undefined ? undefined : findService(cluster, serviceName)
    if (serviceName !== undefined && service === undefined) throw serviceNotFound()
    const desiredStatus = read.string(request, 'desiredStatus') ?? 'RUNNING'
    const family = read.string(request, 'family')
    const launchType = read.string(request, 'launchType')

    const matches = (task: TaskRecord): boolean =>
      task.cluster === cluster.name &&
      // PENDING is accepted but never matches: tasks are desired RUNNING or STOPPED.
      task.desiredStatus === desiredStatus &&
      (startedBy === undefined || task.startedBy === startedBy) &&
      (service === undefined || task.serviceName === service.name) &&
      (family === undefined || task.taskDefinitionArn.includes(`:task-definition/${family}:`)) &&
      (launchType === undefined || task.launchType === launchType)
    const taskArns = [...world.tasks.values()].filter(matches).map((task) => task.arn)

    const nextToken = read.string(request, 'nextToken')
    const start =
      nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64').toString('utf8'))
    if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid nextToken.')
    const end = start + maxResults
    return {
      taskArns: taskArns.slice(start, end),
      nextToken:
        end < taskArns.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined
    }
  }
}

export const describeTasksOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      cluster: shape.string,
      tasks: shape.list(shape.string),
      include: shape.list(shape.string)
    })
    const references = read.strings(request, 'tasks') ?? []
    // Real text: "Tasks cannot be empty." (sil-org/ecs-deploy#54).
    if (references.length === 0) throw invalidParameter('Tasks cannot be empty.')
    if (references.length > MAX_TASKS) throw invalidParameter('Tasks can have at most 100 items.')
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const tasks = []
    const failures = []
    for (const reference of references) {
      const id = nameFromArnOrName(reference, 'task')
      const task = [...world.tasks.values()].find(
        (candidate) => candidate.cluster === cluster.name && candidate.id === id
      )
      if (task === undefined) failures.push({ arn: reference, reason: 'MISSING' })
      else tasks.push(taskWire(world, task))
    }
    return { tasks, failures }
  }
}
