import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { sameTaskDefinition } from '../../src/task-definition/index.js'

const file: RegisterTaskDefinitionCommandInput = {
  family: 'web',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: 'web:2',
      portMappings: [{ containerPort: 8080 }],
      environment: [{ name: 'A', value: '' }]
    }
  ]
}

// What DescribeTaskDefinition returns for `file` once normalized: ECS's defaults filled in, keys reordered.
const described: RegisterTaskDefinitionCommandInput = {
  memory: '512',
  cpu: '256',
  family: 'web',
  networkMode: 'awsvpc',
  volumes: [],
  placementConstraints: [],
  containerDefinitions: [
    {
      image: 'web:2',
      name: 'app',
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      environment: [{ name: 'A', value: '' }],
      mountPoints: [],
      volumesFrom: [],
      systemControls: []
    }
  ],
  tags: [{ key: 'team', value: 'payments' }]
}

const withContainer = (change: object): RegisterTaskDefinitionCommandInput => ({
  ...file,
  containerDefinitions: [{ ...file.containerDefinitions?.[0], ...change }]
})

describe('sameTaskDefinition', () => {
  it('sees through the defaults ECS fills in and the order of keys', () => {
    expect(sameTaskDefinition(file, described)).toBe(true)
  })

  it.each<[string, RegisterTaskDefinitionCommandInput]>([
    ['a new image', withContainer({ image: 'web:3' })],
    ['an env value', withContainer({ environment: [{ name: 'A', value: 'x' }] })],
    ['a removed env variable', withContainer({ environment: [] })],
    ['a non-default cpu', withContainer({ cpu: 128 })],
    ['a non-essential container', withContainer({ essential: false })],
    ['a udp port', withContainer({ portMappings: [{ containerPort: 8080, protocol: 'udp' }] })],
    ['a task role', { ...file, taskRoleArn: 'arn:aws:iam::123456789012:role/web' }],
    ['different tags', { ...file, tags: [{ key: 'team', value: 'search' }] }]
  ])('sees %s as a change', (_name, changed) => {
    expect(sameTaskDefinition(changed, described)).toBe(false)
  })

  it('sees a task role removed from the file as a change', () => {
    expect(
      sameTaskDefinition(file, { ...described, taskRoleArn: 'arn:aws:iam::123456789012:role/web' })
    ).toBe(false)
  })
})
