import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'

import { ECS_TARGET, fargateDefinition, IMAGE, startHarness, type Harness } from './harness.js'

describe('RegisterTaskDefinition and DescribeTaskDefinition', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness({ scenario: 'success' })
  })
  afterAll(async () => {
    await harness.close()
  })

  const register = (input: RegisterTaskDefinitionCommandInput) =>
    harness.ecs.send(new RegisterTaskDefinitionCommand(input))

  it('registers the next revision and echoes it back with the defaults ECS fills in', async () => {
    const output = await register({
      ...fargateDefinition('1.1.0'),
      tags: [{ key: 'team', value: 'web' }]
    })
    const definition = output.taskDefinition
    expect(definition?.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    )
    expect(definition).toMatchObject({
      family: 'web',
      revision: 2,
      status: 'ACTIVE',
      cpu: '256',
      memory: '512'
    })
    expect(definition?.compatibilities).toEqual(['EC2', 'FARGATE'])
    expect(definition?.registeredAt).toBeInstanceOf(Date)
    expect(definition?.registeredBy).toBe('arn:aws:iam::123456789012:user/AKIDTEST')
    expect(definition?.containerDefinitions?.[0]).toMatchObject({
      name: 'app',
      image: IMAGE('1.1.0'),
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]
    })
    expect(output.tags).toEqual([{ key: 'team', value: 'web' }])
    expect(harness.emulator.mutatingCalls().map((call) => call.operation)).toEqual([
      'RegisterTaskDefinition'
    ])
  })

  it('describes by family (latest ACTIVE), family:revision and ARN; tags only when asked', async () => {
    const byFamily = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })
    )
    expect(byFamily.taskDefinition?.revision).toBe(2)
    expect(byFamily.tags).toBeUndefined()
    const byRevision = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] })
    )
    expect(byRevision.taskDefinition?.containerDefinitions?.[0]?.image).toBe(IMAGE('1.0.0'))
    expect(byRevision.tags).toEqual([])
    const byArn = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
        include: ['TAGS']
      })
    )
    expect(byArn.tags).toEqual([{ key: 'team', value: 'web' }])
  })

  it('answers an unknown or blank task definition as ECS does', async () => {
    await expect(
      harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:99' }))
    ).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.'
    })
    await expect(
      harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))
    ).rejects.toMatchObject({ name: 'ClientException' })
    await expect(
      harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: '' }))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Task Definition can not be blank.'
    })
  })

  const container = { name: 'app', image: IMAGE('1.1.0') }
  const rejections: [string, RegisterTaskDefinitionCommandInput, string, string][] = [
    [
      'a missing family',
      { ...fargateDefinition('1.1.0'), family: undefined },
      'ClientException',
      'Family can not be blank.'
    ],
    [
      'a family with a dot',
      { ...fargateDefinition('1.1.0'), family: 'web.v2' },
      'ClientException',
      'Family contains invalid characters.'
    ],
    [
      'a 256-character family',
      { ...fargateDefinition('1.1.0'), family: 'f'.repeat(256) },
      'ClientException',
      'Family contains invalid characters.'
    ],
    [
      'missing containerDefinitions',
      { ...fargateDefinition('1.1.0'), containerDefinitions: undefined },
      'ClientException',
      'Container list cannot be empty.'
    ],
    [
      'an empty container list',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [] },
      'ClientException',
      'Container list cannot be empty.'
    ],
    [
      'duplicate container names',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [container, container] },
      'ClientException',
      'Container names must be unique within a Task Definition.'
    ],
    [
      'a container without a name',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [{ image: IMAGE('1.1.0') }] },
      'ClientException',
      'Container.name should not be null or empty.'
    ],
    [
      'a container name with a space',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [{ ...container, name: 'my app' }] },
      'ClientException',
      'Container.name contains invalid characters.'
    ],
    [
      'a container without an image',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [{ name: 'app' }] },
      'ClientException',
      'Container.image should not be null or empty.'
    ],
    [
      'an image with a space',
      { ...fargateDefinition('1.1.0'), containerDefinitions: [{ ...container, image: 'web: 1' }] },
      'ClientException',
      'Container.image contains invalid characters.'
    ],
    [
      'eleven containers',
      {
        ...fargateDefinition('1.1.0'),
        containerDefinitions: Array.from({ length: 11 }, (_, index) => ({
          ...container,
          name: `c${index}`
        }))
      },
      'ClientException',
      'Too many containers.'
    ],
    [
      'Fargate with bridge networking',
      { ...fargateDefinition('1.1.0'), networkMode: 'bridge' },
      'ClientException',
      "Fargate only supports network mode 'awsvpc'."
    ],
    [
      'Fargate without task cpu',
      { ...fargateDefinition('1.1.0'), cpu: undefined },
      'ClientException',
      "Fargate requires that 'cpu' be defined at the task level."
    ],
    [
      'EC2 without any memory setting',
      { family: 'worker', containerDefinitions: [container] },
      'ClientException',
      "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified."
    ]
  ]
  it.each(rejections)('rejects %s', async (_, input, name, message) => {
    await expect(register(input)).rejects.toMatchObject({
      name,
      message,
      $metadata: { httpStatusCode: 400 }
    })
  })

  it('registered nothing for the rejected requests', async () => {
    const latest = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })
    )
    expect(latest.taskDefinition?.revision).toBe(2)
    await expect(
      harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker' }))
    ).rejects.toMatchObject({ name: 'ClientException' })
  })

  it('rejects wrong JSON types before any ECS validation', async () => {
    const response = await harness.raw(
      ECS_TARGET('RegisterTaskDefinition'),
      JSON.stringify({
        family: 'web',
        containerDefinitions: [{ name: 'app', image: IMAGE('1.1.0'), memory: '512' }]
      })
    )
    expect(response.status).toBe(400)
    expect(response.json).toEqual({
      __type: 'SerializationException',
      Message: 'class java.lang.String can not be converted to an Integer'
    })
  })
})
