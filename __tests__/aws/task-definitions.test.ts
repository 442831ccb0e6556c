import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  DeregisterTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand
} from '@aws-sdk/client-ecs'
import { taskDefinitionsAdapter } from '../../src/aws/task-definitions.js'

const ecsMock = mockClient(ECSClient)
const port = taskDefinitionsAdapter(new ECSClient({ region: 'us-east-1' }))
const ARN = (name: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}`

beforeEach(() => {
  ecsMock.reset()
})

describe('task definitions adapter', () => {
  it('lists every page of the ACTIVE revisions, newest first, of that family only', async () => {
    ecsMock
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({ taskDefinitionArns: [ARN('web:9'), ARN('web:8')], nextToken: 'page2' })
      .resolvesOnce({ taskDefinitionArns: [ARN('web-api:3'), ARN('web:2')] })
    expect(await port.listActiveRevisions('web')).toEqual([
      ARN('web:9'),
      ARN('web:8'),
      ARN('web:2')
    ])
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input)).toEqual([
      { familyPrefix: 'web', status: 'ACTIVE', sort: 'DESC' },
      { familyPrefix: 'web', status: 'ACTIVE', sort: 'DESC', nextToken: 'page2' }
    ])
  })

  it('deregisters by ARN', async () => {
    ecsMock.on(DeregisterTaskDefinitionCommand).resolves({})
    await port.deregister(ARN('web:2'))
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: ARN('web:2')
    })
  })
})
