import { describe, expect, it } from '@jest/globals'
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ListTaskDefinitionsCommandInput
} from '@aws-sdk/client-ecs'

import { ECS_TARGET, fargateDefinition, START, withHarness, type Harness } from './harness.js'

const ARN = (family: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`

const errorOf = async (promise: Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await promise
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message }
  }
  throw new Error('expected the call to fail')
}

async function registerMany(harness: Harness, families: string[]): Promise<void> {
  for (const family of families) {
    await harness.ecs.send(
      new RegisterTaskDefinitionCommand({ ...fargateDefinition('1.1.0'), family })
    )
  }
}

const deregister = (harness: Harness, taskDefinition: string) =>
  harness.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }))

async function listAll(
  harness: Harness,
  input: ListTaskDefinitionsCommandInput
): Promise<{ arns: string[]; pages: number }> {
  const arns: string[] = []
  let pages = 0
  let nextToken: string | undefined
  do {
    const page = await harness.ecs.send(new ListTaskDefinitionsCommand({ ...input, nextToken }))
    pages++
    arns.push(...(page.taskDefinitionArns ?? []))
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return { arns, pages }
}

describe('DeregisterTaskDefinition', () => {
  it('marks the revision INACTIVE with deregisteredAt; UpdateService refuses it, a service on it still scales', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      await registerMany(harness, ['web', 'web'])
      harness.advance(30)
      const { taskDefinition } = await deregister(harness, 'web:2')
      expect(taskDefinition).toMatchObject({
        taskDefinitionArn: ARN('web', 2),
        revision: 2,
        status: 'INACTIVE'
      })
      expect(taskDefinition?.deregisteredAt?.getTime()).toBe(START + 30_000)
      const described = await harness.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: ARN('web', 2) })
      )
      expect(described.taskDefinition).toMatchObject({ status: 'INACTIVE' })
      expect(described.taskDefinition?.deregisteredAt?.getTime()).toBe(START + 30_000)
      expect(
        (await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:3' })))
          .taskDefinition?.deregisteredAt
      ).toBeUndefined()

      expect(
        await errorOf(
          harness.ecs.send(
            new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
          )
        )
      ).toEqual({ name: 'ClientException', message: 'TaskDefinition is inactive' })

      // By ARN too, and the revision the service runs: it keeps running and can still scale.
      await deregister(harness, ARN('web', 1))
      const scaled = await harness.ecs.send(
        new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 })
      )
      expect(scaled.service).toMatchObject({ taskDefinition: ARN('web', 1), desiredCount: 3 })
      // Again: nothing changes.
      harness.advance(30)
      const again = await deregister(harness, 'web:2')
      expect(again.taskDefinition?.deregisteredAt?.getTime()).toBe(START + 30_000)
      expect(
        harness.emulator
          .mutatingCalls()
          .filter((call) => call.operation === 'DeregisterTaskDefinition')
      ).toHaveLength(3)
    })
  })

  it('needs a revision and an existing one', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      expect(await errorOf(deregister(harness, 'web'))).toEqual({
        name: 'ClientException',
        message: 'Revision is missing.'
      })
      expect((await errorOf(deregister(harness, 'web:9'))).name).toBe('ClientException')
      expect((await errorOf(deregister(harness, 'web:x'))).name).toBe('ClientException')
      expect((await errorOf(deregister(harness, 'nope:1'))).name).toBe('ClientException')
      expect((await errorOf(deregister(harness, ''))).name).toBe('InvalidParameterException')
      const raw = await harness.raw(
        ECS_TARGET('DeregisterTaskDefinition'),
        JSON.stringify({ taskDefinition: 1 })
      )
      expect(raw.json.__type).toBe('SerializationException')
      const still = await harness.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' })
      )
      expect(still.taskDefinition?.status).toBe('ACTIVE')
    })
  })
})

describe('ListTaskDefinitions', () => {
  it('filters by the full family name and status, sorts ASC or DESC, and pages', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      // web:1 is seeded; web:2..web:5, web-api:1, api:1.
      await registerMany(harness, ['web', 'web-api', 'web', 'api', 'web', 'web'])
      await deregister(harness, 'web:3')

      expect((await listAll(harness, {})).arns).toEqual([
        ARN('api', 1),
        ARN('web', 1),
        ARN('web', 2),
        ARN('web', 4),
        ARN('web', 5),
        ARN('web-api', 1)
      ])
      expect((await listAll(harness, { familyPrefix: 'web', sort: 'DESC' })).arns).toEqual([
        ARN('web', 5),
        ARN('web', 4),
        ARN('web', 2),
        ARN('web', 1)
      ])
      expect((await listAll(harness, { familyPrefix: 'we' })).arns).toEqual([])
      expect((await listAll(harness, { status: 'INACTIVE' })).arns).toEqual([ARN('web', 3)])
      expect((await listAll(harness, { status: 'DELETE_IN_PROGRESS' })).arns).toEqual([])

      const paged = await listAll(harness, { familyPrefix: 'web', maxResults: 3 })
      expect(paged).toEqual({
        arns: [ARN('web', 1), ARN('web', 2), ARN('web', 4), ARN('web', 5)],
        pages: 2
      })
    })
  })

  it('rejects a bad status, sort or maxResults', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const list = (input: ListTaskDefinitionsCommandInput) =>
        harness.ecs.send(new ListTaskDefinitionsCommand(input))
      expect(await errorOf(list({ status: 'GONE' as 'ACTIVE' }))).toEqual({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'GONE' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE, DELETE_IN_PROGRESS]"
      })
      expect((await errorOf(list({ sort: 'UP' as 'ASC' }))).name).toBe('InvalidParameterException')
      expect((await errorOf(list({ maxResults: 0 }))).message).toBe(
        'maxResults must be between 1 and 100.'
      )
      expect((await errorOf(list({ maxResults: 101 }))).name).toBe('InvalidParameterException')
    })
  })
})
