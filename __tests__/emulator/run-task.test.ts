import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
  type Task
} from '@aws-sdk/client-ecs'

import {
  ECS_TARGET,
  loggingDefinition,
  migrationDefinition,
  withHarness,
  type Harness
} from './harness.js'

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0123456789abcdef0'],
    assignPublicIp: 'DISABLED' as const
  }
}

async function register(harness: Harness, input = migrationDefinition()): Promise<string> {
  const output = await harness.ecs.send(new RegisterTaskDefinitionCommand(input))
  return output.taskDefinition?.taskDefinitionArn ?? ''
}

async function runTask(harness: Harness, input: Partial<RunTaskCommandInput>) {
  return harness.ecs.send(
    new RunTaskCommand({
      cluster: 'prod',
      taskDefinition: 'migrate',
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      startedBy: 'GitHub-Actions',
      ...input
    })
  )
}

async function describe1(harness: Harness, arn: string): Promise<Task> {
  const output = await harness.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn] }))
  const [task] = output.tasks ?? []
  if (task === undefined) throw new Error(`task ${arn} not described`)
  return task
}

/** Steps virtual time one second at a time until the task is STOPPED; returns the statuses seen. */
async function untilStopped(
  harness: Harness,
  arn: string
): Promise<{ task: Task; seen: string[] }> {
  const seen: string[] = []
  for (let second = 0; second < 600; second++) {
    const task = await describe1(harness, arn)
    if (seen.at(-1) !== task.lastStatus) seen.push(task.lastStatus ?? '?')
    if (task.lastStatus === 'STOPPED') return { task, seen }
    harness.advance(1)
  }
  throw new Error('task never stopped')
}

const errorOf = async (promise: Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await promise
  } catch (error) {
    const e = error as Error
    return { name: e.name, message: e.message }
  }
  throw new Error('expected an error')
}

describe('RunTask and StopTask', () => {
  it('starts a task of the family with its overrides, tags and group, then stops it when the essential container exits', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const arn = await register(harness)
      const output = await runTask(harness, {
        overrides: {
          containerOverrides: [{ name: 'migrate', command: ['npm', 'run', 'migrate'] }]
        },
        tags: [{ key: 'purpose', value: 'migration' }]
      })
      expect(output.failures).toEqual([])
      const [task] = output.tasks ?? []
      expect(task).toMatchObject({
        taskDefinitionArn: arn,
        clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        launchType: 'FARGATE',
        startedBy: 'GitHub-Actions',
        group: 'family:migrate',
        tags: [{ key: 'purpose', value: 'migration' }],
        overrides: {
          containerOverrides: [
            { name: 'migrate', command: ['npm', 'run', 'migrate'] },
            { name: 'xray' }
          ]
        }
      })
      expect(task?.taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/prod\/[0-9a-f]{32}$/)
      expect(task?.containers?.map((c) => [c.name, c.lastStatus])).toEqual([
        ['migrate', 'PENDING'],
        ['xray', 'PENDING']
      ])

      const { task: stopped, seen } = await untilStopped(harness, task?.taskArn ?? '')
      expect(seen).toEqual([
        'PROVISIONING',
        'PENDING',
        'RUNNING',
        'STOPPING',
        'DEPROVISIONING',
        'STOPPED'
      ])
      expect(stopped).toMatchObject({
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        group: 'family:migrate'
      })
      expect(stopped.containers?.map((c) => [c.name, c.exitCode, c.lastStatus])).toEqual([
        ['migrate', 0, 'STOPPED'],
        ['xray', 0, 'STOPPED']
      ])
      const times = [stopped.createdAt, stopped.startedAt, stopped.stoppingAt, stopped.stoppedAt]
      expect(times.every((t) => t instanceof Date)).toBe(true)
      const ms = times.map((t) => t?.getTime() ?? 0)
      expect([...ms].sort((a, b) => a - b)).toEqual(ms)
      // Service tasks are untouched: the task belongs to no service.
      expect((await harness.service()).runningCount).toBe(2)
    })
  })

  it('runs the scripted exit codes, lets a non-essential sidecar fail without stopping the task, and writes the log lines', async () => {
    await withHarness(
      {
        scenario: 'success',
        runTasks: {
          containers: {
            migrate: {
              exitCode: 3,
              logLines: ['Applying 0042_add_index', 'ERROR: lock timeout'],
              runSeconds: 20
            },
            xray: { exitCode: 1, runSeconds: 2 }
          }
        }
      },
      async (harness) => {
        await register(harness)
        const [task] = (await runTask(harness, {})).tasks ?? []
        const arn = task?.taskArn ?? ''
        const id = arn.split('/').pop() ?? ''
        // RUNNING at +30; the sidecar exits at +32, the task goes on.
        harness.advance(35)
        const running = await describe1(harness, arn)
        expect(running.lastStatus).toBe('RUNNING')
        expect(running.containers?.map((c) => [c.name, c.exitCode])).toEqual([
          ['migrate', undefined],
          ['xray', 1]
        ])

        const { task: stopped } = await untilStopped(harness, arn)
        expect(stopped.stopCode).toBe('EssentialContainerExited')
        expect(stopped.containers?.map((c) => [c.name, c.exitCode])).toEqual([
          ['migrate', 3],
          ['xray', 1]
        ])
        const events = await harness.logs.send(
          new GetLogEventsCommand({
            logGroupName: '/ecs/web',
            logStreamName: `ecs/migrate/${id}`,
            startFromHead: true
          })
        )
        expect(events.events?.map((e) => e.message)).toEqual([
          'Applying 0042_add_index',
          'ERROR: lock timeout'
        ])
        const sidecar = await harness.logs.send(
          new GetLogEventsCommand({
            logGroupName: '/ecs/web',
            logStreamName: `ecs/xray/${id}`,
            startFromHead: true
          })
        )
        expect(sidecar.events?.map((e) => e.message)).toEqual(['xray started', 'xray finished'])
      }
    )
  })

  it('pages forward with nextForwardToken as lines arrive, and gives the same token back at the end', async () => {
    await withHarness(
      {
        scenario: 'success',
        runTasks: {
          containers: { migrate: { logLines: ['one', 'two', 'three', 'four'], runSeconds: 40 } }
        }
      },
      async (harness) => {
        await register(harness)
        const [task] = (await runTask(harness, {})).tasks ?? []
        const id = task?.taskArn?.split('/').pop() ?? ''
        const read = (token?: string) =>
          harness.logs.send(
            new GetLogEventsCommand({
              logGroupName: '/ecs/web',
              logStreamName: `ecs/migrate/${id}`,
              startFromHead: true,
              ...(token !== undefined && { nextToken: token })
            })
          )
        harness.advance(31) // RUNNING at +30: line one written, ingested within a second
        const first = await read()
        expect(first.events?.map((e) => e.message)).toEqual(['one'])
        const idle = await read(first.nextForwardToken)
        expect(idle.events).toEqual([])
        expect(idle.nextForwardToken).toBe(first.nextForwardToken)
        harness.advance(25) // lines two and three (at +40 and +50)
        const second = await read(idle.nextForwardToken)
        expect(second.events?.map((e) => e.message)).toEqual(['two', 'three'])
        expect(second.nextForwardToken).not.toBe(first.nextForwardToken)
        harness.advance(30) // line four (at +60), then the exit at +70
        const third = await read(second.nextForwardToken)
        expect(third.events?.map((e) => e.message)).toEqual(['four'])
        const end = await read(third.nextForwardToken)
        expect(end.events).toEqual([])
        expect(end.nextForwardToken).toBe(third.nextForwardToken)
      }
    )
  })

  it('never starts a task whose image cannot be pulled: TaskFailedToStart, no exit codes', async () => {
    await withHarness(
      { scenario: 'success', runTasks: { containers: { migrate: { cannotPull: true } } } },
      async (harness) => {
        await register(harness)
        const [task] = (await runTask(harness, {})).tasks ?? []
        const { task: stopped, seen } = await untilStopped(harness, task?.taskArn ?? '')
        expect(seen).toEqual(['PROVISIONING', 'PENDING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])
        expect(stopped.stopCode).toBe('TaskFailedToStart')
        expect(stopped.stoppedReason).toMatch(/^CannotPullContainerError: /)
        expect(stopped.startedAt).toBeUndefined()
        expect(
          stopped.containers?.map((c) => [c.name, c.exitCode, c.reason?.slice(0, 24)])
        ).toEqual([
          ['migrate', undefined, 'CannotPullContainerError'],
          ['xray', undefined, undefined]
        ])
      }
    )
  })

  it('answers failures[] when the script says nothing can be placed', async () => {
    await withHarness(
      { scenario: 'success', runTasks: { placementFailure: 'RESOURCE:MEMORY' } },
      async (harness) => {
        await register(harness)
        const output = await runTask(harness, {})
        expect(output.tasks).toEqual([])
        expect(output.failures).toEqual([
          { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', reason: 'RESOURCE:MEMORY' }
        ])
      }
    )
  })

  it('stops a task with StopTask: UserInitiated, the reason given or "Task stopped by user"', async () => {
    await withHarness(
      { scenario: 'success', runTasks: { containers: { migrate: { runSeconds: 3600 } } } },
      async (harness) => {
        await register(harness)
        const [first] = (await runTask(harness, {})).tasks ?? []
        const [second] = (await runTask(harness, {})).tasks ?? []
        harness.advance(40)
        const answer = await harness.ecs.send(
          new StopTaskCommand({
            cluster: 'prod',
            task: first?.taskArn ?? '',
            reason: 'ECS Rollout: run-task-wait-minutes reached'
          })
        )
        // The answer shows the stop requested, the task not yet stopped.
        expect(answer.task).toMatchObject({
          lastStatus: 'RUNNING',
          desiredStatus: 'STOPPED',
          stopCode: 'UserInitiated',
          stoppedReason: 'ECS Rollout: run-task-wait-minutes reached'
        })
        const { task } = await untilStopped(harness, first?.taskArn ?? '')
        expect(task.containers?.map((c) => c.exitCode)).toEqual([0, 0])

        // By task id, with no reason.
        const id = second?.taskArn?.split('/').pop() ?? ''
        const stopped = await harness.ecs.send(new StopTaskCommand({ cluster: 'prod', task: id }))
        expect(stopped.task?.stoppedReason).toBe('Task stopped by user')
        // Stopping it again changes nothing.
        const again = await harness.ecs.send(new StopTaskCommand({ cluster: 'prod', task: id }))
        expect(again.task?.stoppedReason).toBe('Task stopped by user')

        const missing = await errorOf(
          harness.ecs.send(new StopTaskCommand({ cluster: 'prod', task: '0'.repeat(32) }))
        )
        expect(missing).toEqual({
          name: 'InvalidParameterException',
          message: 'The referenced task was not found.'
        })
        expect(harness.emulator.mutatingCalls().map((c) => c.operation)).toEqual([
          'RegisterTaskDefinition',
          'RunTask',
          'RunTask',
          'StopTask',
          'StopTask',
          'StopTask',
          'StopTask'
        ])
      }
    )
  })

  it('checks the request as ECS does', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      await register(harness)
      await register(harness, {
        ...loggingDefinition('1.1.0'),
        family: 'bridge',
        networkMode: 'bridge',
        requiresCompatibilities: ['EC2']
      })
      const cases: [Partial<RunTaskCommandInput>, string, string][] = [
        [{ taskDefinition: 'absent' }, 'ClientException', 'Unable to describe task definition.'],
        [{ taskDefinition: 'migrate:9' }, 'ClientException', 'Unable to describe task definition.'],
        [{ taskDefinition: '' }, 'InvalidParameterException', 'Task Definition can not be blank.'],
        [
          { networkConfiguration: undefined },
          'InvalidParameterException',
          "Network Configuration must be provided when networkMode 'awsvpc' is specified."
        ],
        [
          { taskDefinition: 'bridge', launchType: 'EC2' },
          'InvalidParameterException',
          'Network Configuration is not valid for the given networkMode of this task definition.'
        ],
        [
          { taskDefinition: 'bridge', launchType: 'EC2', networkConfiguration: undefined },
          'InvalidParameterException',
          'No Container Instances were found in your cluster.'
        ],
        [
          { taskDefinition: 'bridge', networkConfiguration: undefined },
          'InvalidParameterException',
          'Task definition does not support launch_type FARGATE.'
        ],
        [
          { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
          'InvalidParameterException',
          'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
        ],
        [
          { networkConfiguration: { awsvpcConfiguration: { subnets: [] } } },
          'InvalidParameterException',
          'subnets can not be empty.'
        ],
        [
          {
            launchType: 'EC2',
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: ['subnet-0123456789abcdef0'],
                assignPublicIp: 'ENABLED'
              }
            }
          },
          'InvalidParameterException',
          'Assign public IP is not supported for this launch type.'
        ],
        [
          { overrides: { containerOverrides: [{ name: 'app', command: ['x'] }] } },
          'InvalidParameterException',
          'Override for container named app is not a container in the TaskDefinition'
        ],
        [{ count: 11 }, 'InvalidParameterException', 'Count must be between 1 and 10.'],
        [{ cluster: 'nope' }, 'ClusterNotFoundException', 'Cluster not found.']
      ]
      for (const [input, name, message] of cases) {
        expect({ input, ...(await errorOf(runTask(harness, input))) }).toEqual({
          input,
          name,
          message
        })
      }

      // A capacity-provider strategy alone runs on Fargate.
      const spot = await runTask(harness, {
        launchType: undefined,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
      })
      expect(spot.tasks?.[0]?.launchType).toBe('FARGATE')

      // Wrong JSON types never reach the handler (the SDK would not send them).
      const wrongType = await harness.raw(
        ECS_TARGET('RunTask'),
        JSON.stringify({ taskDefinition: 'migrate', count: 'one' })
      )
      expect(wrongType.json.__type).toBe('SerializationException')
    })
  })
})
