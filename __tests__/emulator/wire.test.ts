import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'

import { AUTHORIZATION, ECS_TARGET, startHarness, START, type Harness } from './harness.js'

describe('emulator wire protocol (awsJson1_1)', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness({ scenario: 'success' })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('answers with the awsJson1_1 content type, a request id and epoch-second timestamps', async () => {
    const response = await harness.raw(
      ECS_TARGET('DescribeServices'),
      '{"cluster":"prod","services":["web"]}'
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    const [service] = response.json.services as Record<string, unknown>[]
    expect(typeof service?.createdAt).toBe('number')
    // Seeded 30 days before the emulator started, in seconds, not milliseconds.
    expect(service?.createdAt).toBe(START / 1000 - 30 * 86400)
  })

  it('rejects an unknown target with UnknownOperationException', async () => {
    const unknownOperation = await harness.raw(ECS_TARGET('DeleteEverything'), '{}')
    expect(unknownOperation.status).toBe(400)
    expect(unknownOperation.json.__type).toBe('UnknownOperationException')
    const unknownService = await harness.raw('DynamoDB_20120810.ListTables', '{}')
    expect(unknownService.json.__type).toBe('UnknownOperationException')
  })

  it('requires a SigV4 Authorization header scoped to the right service', async () => {
    const missing = await harness.raw(ECS_TARGET('DescribeServices'), '{"services":["web"]}', {
      authorization: ''
    })
    expect(missing.status).toBe(400)
    expect(missing.json.__type).toBe('MissingAuthenticationTokenException')
    const wrongScope = await harness.raw(ECS_TARGET('DescribeServices'), '{"services":["web"]}', {
      authorization: AUTHORIZATION('ecr')
    })
    expect(wrongScope.status).toBe(403)
    expect(wrongScope.json.__type).toBe('InvalidSignatureException')
  })

  it('answers malformed JSON and wrong member types with SerializationException', async () => {
    const malformed = await harness.raw(ECS_TARGET('DescribeServices'), '{"services": [')
    expect(malformed.status).toBe(400)
    expect(malformed.json.__type).toBe('SerializationException')

    const numberForString = await harness.raw(
      ECS_TARGET('DescribeServices'),
      '{"cluster":42,"services":["web"]}'
    )
    expect(numberForString.json).toEqual({
      __type: 'SerializationException',
      Message:
        'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'
    })
    const stringForList = await harness.raw(ECS_TARGET('DescribeServices'), '{"services":"web"}')
    expect(stringForList.json.Message).toBe('Expected list or null')
    const stringForBoolean = await harness.raw(
      ECS_TARGET('UpdateService'),
      '{"cluster":"prod","service":"web","forceNewDeployment":"yes"}'
    )
    expect(stringForBoolean.json.Message).toBe("'yes' can not be converted to an Boolean")
    const objectForInteger = await harness.raw(
      ECS_TARGET('UpdateService'),
      '{"cluster":"prod","service":"web","desiredCount":{}}'
    )
    expect(objectForInteger.json.Message).toBe(
      'Start of structure or map found where not expected.'
    )
    // Both UpdateService calls were recorded as failed, and nothing was deployed.
    expect(harness.emulator.mutatingCalls().map((call) => call.error)).toEqual([
      'SerializationException',
      'SerializationException'
    ])
    expect((await harness.service()).deployments).toHaveLength(1)
  })

  it('takes the region from the credential scope and builds ARNs in it', async () => {
    const ecs = new ECSClient({
      endpoint: harness.emulator.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
    })
    try {
      const output = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
      )
      expect(output.services?.[0]?.serviceArn).toBe(
        'arn:aws:ecs:eu-west-1:123456789012:service/prod/web'
      )
      expect(output.services?.[0]?.taskDefinition).toBe(
        'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1'
      )
    } finally {
      ecs.destroy()
    }
  })

  it('records calls with virtual and real time', async () => {
    harness.advance(10)
    await harness.service()
    const last = harness.emulator.calls.at(-1)
    expect(last).toMatchObject({
      service: 'ecs',
      operation: 'DescribeServices',
      input: { cluster: 'prod', services: ['web'] }
    })
    expect(last?.realTime).toBe(START + 10_000)
    expect(last?.virtualTime).toBe(START + 10_000)
    expect(last?.error).toBeUndefined()
  })

  it('switches scenario through the control endpoint', async () => {
    const switched = await fetch(`${harness.emulator.url}/__emulator/scenario`, {
      method: 'POST',
      body: JSON.stringify({ name: 'circuit-breaker-no-rollback' })
    })
    expect(switched.status).toBe(200)
    const service = await harness.service()
    expect(service.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: false
    })
    const unknown = await fetch(`${harness.emulator.url}/__emulator/scenario`, {
      method: 'POST',
      body: JSON.stringify({ name: 'chaos' })
    })
    expect(unknown.status).toBe(400)
    const current = (await (await fetch(`${harness.emulator.url}/__emulator/scenario`)).json()) as {
      scenario: string
    }
    expect(current.scenario).toBe('circuit-breaker-no-rollback')
    expect(harness.emulator.timeline.map((entry) => entry.what)).toContain(
      'scenario circuit-breaker-no-rollback'
    )
  })
})

describe('emulator time compression', () => {
  it('runs virtual time timeScale times faster than the injected clock', async () => {
    const harness = await startHarness({ scenario: 'success', timeScale: 60 })
    try {
      harness.advance(120) // 120 virtual seconds = 2 real seconds
      await harness.service()
      const call = harness.emulator.calls.at(-1)
      expect(call?.realTime).toBe(START + 2_000)
      expect(call?.virtualTime).toBe(START + 120_000)
    } finally {
      await harness.close()
    }
  })
})
