import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand
} from '@aws-sdk/client-ecs'
import { tasksAdapter } from '../../src/aws/tasks.js'

const ecsMock = mockClient(ECSClient)
const tasks = tasksAdapter(new ECSClient({ region: 'us-east-1' }))

beforeEach(() => {
  ecsMock.reset()
})

describe('tasks adapter', () => {
  it('sends RunTask with count 1 and only the members that are set', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:task/1' }], failures: [] })
    const base = {
      cluster: 'prod',
      taskDefinition: 'arn:td:7',
      startedBy: 'GitHub-Actions',
      containerOverrides: [],
      tags: []
    }
    expect(await tasks.runTask({ ...base, launchType: 'FARGATE' })).toEqual({
      tasks: [{ taskArn: 'arn:task/1' }],
      failures: []
    })
    await tasks.runTask({
      ...base,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      containerOverrides: [{ name: 'migrate', command: ['npm', 'run', 'migrate'] }],
      network: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
      tags: [{ key: 'purpose', value: 'migration' }],
      enableECSManagedTags: true
    })
    expect(ecsMock.commandCalls(RunTaskCommand).map((call) => call.args[0].input)).toEqual([
      {
        cluster: 'prod',
        taskDefinition: 'arn:td:7',
        count: 1,
        startedBy: 'GitHub-Actions',
        launchType: 'FARGATE'
      },
      {
        cluster: 'prod',
        taskDefinition: 'arn:td:7',
        count: 1,
        startedBy: 'GitHub-Actions',
        overrides: {
          containerOverrides: [{ name: 'migrate', command: ['npm', 'run', 'migrate'] }]
        },
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-1'],
            securityGroups: ['sg-1'],
            assignPublicIp: 'DISABLED'
          }
        },
        tags: [{ key: 'purpose', value: 'migration' }],
        enableECSManagedTags: true
      }
    ])
  })

  it('never sends a launch type beside a capacity-provider strategy', async () => {
    ecsMock.on(RunTaskCommand).resolves({})
    await tasks.runTask({
      cluster: 'prod',
      taskDefinition: 'arn:td:7',
      startedBy: 'x',
      containerOverrides: [],
      tags: [],
      launchType: 'FARGATE',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }]
    })
    const input = ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input
    expect(input?.launchType).toBeUndefined()
    expect(input?.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE' }])
  })

  it('describes and stops tasks', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: 'arn:task/1' }] })
    ecsMock
      .on(StopTaskCommand)
      .resolves({ task: { taskArn: 'arn:task/1', desiredStatus: 'STOPPED' } })
    expect(await tasks.describeTasks({ cluster: 'prod', taskArns: [] })).toEqual([])
    expect(await tasks.describeTasks({ cluster: 'prod', taskArns: ['arn:task/1'] })).toEqual([
      { taskArn: 'arn:task/1' }
    ])
    expect(
      await tasks.stopTask({ cluster: 'prod', task: 'arn:task/1', reason: 'ECS Rollout: why' })
    ).toEqual({ taskArn: 'arn:task/1', desiredStatus: 'STOPPED' })
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', tasks: ['arn:task/1'] }
    ])
    expect(ecsMock.commandCalls(StopTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      task: 'arn:task/1',
      reason: 'ECS Rollout: why'
    })
  })
})
