import { request as httpRequest } from 'node:http'
import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'

import { createFaultInjector, type FaultRule } from '../../emulator/faults.js'
import type { Emulator } from '../../emulator/index.js'
import {
  AUTHORIZATION,
  ECS_TARGET,
  fargateDefinition,
  withHarness,
  type Harness
} from './harness.js'

const describeServices = new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })

/** The operation and error of every call the emulator recorded. */
const recorded = (emulator: Emulator): [string, string | undefined][] =>
  emulator.calls.map((call) => [call.operation, call.error])

/** Fault decisions for a sequence of operations, on a clock the test moves. */
function decisions(
  rules: FaultRule[],
  operations: string[],
  at: (index: number) => number = () => 0
) {
  let now = 0
  const injector = createFaultInjector(rules, { virtualSeconds: () => now })
  return operations.map((operation, index) => {
    now = at(index)
    return injector.decide({ service: 'ecs', operation })?.kind
  })
}

/** An ECS client that gives up on an answer after `ms` real milliseconds, retrying nothing. */
function impatientClient(harness: Harness, ms: number): ECSClient {
  return new ECSClient({
    endpoint: harness.emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: ms, throwOnRequestTimeout: true }
  })
}

/** The server records a lost answer when it sees the client hang up, a moment after the client does. */
async function recordedCount(emulator: Emulator, count: number): Promise<void> {
  for (let i = 0; i < 200 && emulator.calls.length < count; i++) {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe('fault rules', () => {
  it('every, after and times pick which matching requests fail', () => {
    const ops = Array.from({ length: 8 }, () => 'DescribeServices')
    expect(decisions([{ kind: 'throttle', every: 3 }], ops)).toEqual([
      undefined,
      undefined,
      'throttle',
      undefined,
      undefined,
      'throttle',
      undefined,
      undefined
    ])
    expect(decisions([{ kind: 'http-500', after: 2, times: 2 }], ops)).toEqual([
      undefined,
      undefined,
      'http-500',
      'http-500',
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })

  it('operations and services narrow a rule; other calls do not count toward it', () => {
    const ops = ['DescribeServices', 'UpdateService', 'DescribeServices', 'UpdateService']
    expect(decisions([{ kind: 'connection-reset', operations: ['UpdateService'] }], ops)).toEqual([
      undefined,
      'connection-reset',
      undefined,
      'connection-reset'
    ])
    expect(decisions([{ kind: 'throttle', services: ['ecr'] }], ops)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })

  it('afterVirtualSeconds starts a fault at a moment of virtual time and keeps it on', () => {
    const ops = ['DescribeServices', 'DescribeServices', 'DescribeServices', 'DescribeServices']
    expect(
      decisions([{ kind: 'expired-token', afterVirtualSeconds: 600 }], ops, (i) => i * 300)
    ).toEqual([undefined, undefined, 'expired-token', 'expired-token'])
  })

  it('afterCall starts the rule with the first call of an operation, wherever it comes', () => {
    const ops = ['DescribeServices', 'UpdateService', 'DescribeServices', 'DescribeServices']
    expect(
      decisions(
        [{ kind: 'expired-token', afterCall: 'UpdateService', afterVirtualSeconds: 30 }],
        ops,
        (i) => 100 + i * 20
      )
    ).toEqual([undefined, undefined, undefined, 'expired-token'])
  })

  it('probability is reproducible from its seed, and differs between seeds', () => {
    const ops = Array.from({ length: 40 }, () => 'DescribeServices')
    const run = (seed: number) => decisions([{ kind: 'http-503', probability: 0.5, seed }], ops)
    expect(run(7)).toEqual(run(7))
    expect(run(7)).not.toEqual(run(8))
    const faulted = run(7).filter((kind) => kind !== undefined).length
    expect(faulted).toBeGreaterThan(8)
    expect(faulted).toBeLessThan(32)
  })

  it('several rules at once: each counts on its own, the first listed wins a tie', () => {
    const ops = Array.from({ length: 4 }, () => 'DescribeServices')
    expect(
      decisions(
        [
          { kind: 'throttle', every: 2 },
          { kind: 'http-500', every: 1, after: 1 }
        ],
        ops
      )
    ).toEqual([undefined, 'throttle', 'http-500', 'throttle'])
  })

  it('rejects rules a client could not mean', () => {
    const clock = { virtualSeconds: () => 0 }
    expect(() => createFaultInjector([{ kind: 'boom' as 'slow' }], clock)).toThrow(
      'faults[0].kind must be one of throttle, http-500, http-503, connection-reset, slow, expired-token, trickle, endless, invalid-json, event-flood'
    )
    expect(() => createFaultInjector([{ kind: 'slow', every: 0 }], clock)).toThrow(
      'faults[0].every must be an integer of at least 1, got 0'
    )
    expect(() => createFaultInjector([{ kind: 'slow', probability: 2 }], clock)).toThrow(
      'faults[0].probability must be between 0 and 1'
    )
    expect(() => createFaultInjector([{ kind: 'throttle', ran: true }], clock)).toThrow(
      'a throttle is a refusal, so ran cannot be true'
    )
    expect(() => createFaultInjector([{ kind: 'invalid-json', ran: false }], clock)).toThrow(
      'faults[0]: a invalid-json is a fault of the answer, so the operation runs: ran cannot be false'
    )
    expect(() => createFaultInjector([{ kind: 'trickle', intervalMs: 0 }], clock)).toThrow(
      'faults[0].intervalMs must be an integer of at least 1, got 0'
    )
    expect(() => createFaultInjector([{ kind: 'event-flood', count: -1 }], clock)).toThrow(
      'faults[0].count must be an integer of at least 1, got -1'
    )
  })
})

describe('faults on the wire', () => {
  it('throttle: HTTP 400 ThrottlingException "Rate exceeded", recorded like any failed call', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'throttle', operations: ['DescribeServices'] }] },
      async (harness) => {
        const raw = await harness.raw(
          ECS_TARGET('DescribeServices'),
          JSON.stringify({ cluster: 'prod', services: ['web'] })
        )
        expect(raw.status).toBe(400)
        expect(raw.json).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' })
        await expect(harness.ecs.send(describeServices)).rejects.toMatchObject({
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 }
        })
        await harness.ecs.send(new ListTasksCommand({ cluster: 'prod' }))
        expect(recorded(harness.emulator)).toEqual([
          ['DescribeServices', 'ThrottlingException'],
          ['DescribeServices', 'ThrottlingException'],
          ['ListTasks', undefined]
        ])
      }
    )
  })

  it('http-500: ServerException, a fault the SDK sees as the server’s', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'http-500', times: 1 }] },
      async (harness) => {
        await expect(harness.ecs.send(describeServices)).rejects.toMatchObject({
          name: 'ServerException',
          message: 'Service Unavailable. Please try again later.',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 }
        })
        // times: 1, so the next call goes through.
        await expect(harness.ecs.send(describeServices)).resolves.toBeDefined()
      }
    )
  })

  it('http-503: an HTML outage page without __type; the SDK reports the status', async () => {
    await withHarness({ scenario: 'success', faults: [{ kind: 'http-503' }] }, async (harness) => {
      const raw = await fetch(`${harness.emulator.url}/`, {
        method: 'POST',
        headers: {
          'x-amz-target': ECS_TARGET('DescribeServices'),
          authorization: AUTHORIZATION('ecs')
        },
        body: JSON.stringify({ cluster: 'prod', services: ['web'] })
      })
      expect(raw.status).toBe(503)
      expect(raw.headers.get('content-type')).toBe('text/html')
      expect(await raw.text()).toContain('Service Unavailable')
      await expect(harness.ecs.send(describeServices)).rejects.toMatchObject({
        $metadata: { httpStatusCode: 503 }
      })
      expect(harness.emulator.calls.map((c) => c.error)).toEqual([
        'ServiceUnavailable',
        'ServiceUnavailable'
      ])
    })
  })

  it('connection-reset before the operation: no answer, and nothing changed', async () => {
    await withHarness(
      {
        scenario: 'success',
        faults: [{ kind: 'connection-reset', operations: ['UpdateService'] }]
      },
      async (harness) => {
        const before = await harness.service()
        await expect(
          harness.ecs.send(
            new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true })
          )
        ).rejects.toThrow(/socket hang up|ECONNRESET/)
        const after = await harness.service()
        expect(after.deployments?.map((d) => d.id)).toEqual(before.deployments?.map((d) => d.id))
        expect(harness.emulator.mutatingCalls().map((c) => c.error)).toEqual(['ConnectionReset'])
      }
    )
  })

  it('connection-reset after the operation ran: the client saw an error, the revision exists', async () => {
    await withHarness(
      {
        scenario: 'success',
        faults: [{ kind: 'connection-reset', operations: ['RegisterTaskDefinition'], ran: true }]
      },
      async (harness) => {
        await expect(
          harness.ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition('2.0.0')))
        ).rejects.toThrow(/socket hang up|ECONNRESET/)
        const listed = await harness.ecs.send(
          new ListTaskDefinitionsCommand({ familyPrefix: 'web' })
        )
        expect(listed.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual([
          'web:1',
          'web:2'
        ])
        expect(recorded(harness.emulator)[0]).toEqual(['RegisterTaskDefinition', 'ConnectionReset'])
      }
    )
  })

  it('slow: a client with a request timeout gives up; the operation still ran, the answer was lost', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'slow', operations: ['RegisterTaskDefinition'] }] },
      async (harness) => {
        const client = impatientClient(harness, 50)
        try {
          await expect(
            client.send(new RegisterTaskDefinitionCommand(fargateDefinition('2.0.0')))
          ).rejects.toMatchObject({ name: 'TimeoutError' })
        } finally {
          client.destroy()
        }
        await recordedCount(harness.emulator, 1)
        expect(recorded(harness.emulator)).toEqual([['RegisterTaskDefinition', 'SlowAnswerLost']])
        const listed = await harness.ecs.send(
          new ListTaskDefinitionsCommand({ familyPrefix: 'web' })
        )
        expect(listed.taskDefinitionArns).toHaveLength(2)
      }
    )
  })

  it('slow with delayMs: a patient client gets the late answer', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'slow', delayMs: 20, times: 1 }] },
      async (harness) => {
        const output = await harness.ecs.send(describeServices)
        expect(output.services?.[0]?.serviceName).toBe('web')
        expect(recorded(harness.emulator)).toEqual([['DescribeServices', undefined]])
      }
    )
  })

  it('expired-token: from a virtual moment on, every call is HTTP 400 ExpiredTokenException', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'expired-token', afterVirtualSeconds: 3600 }] },
      async (harness) => {
        await expect(harness.ecs.send(describeServices)).resolves.toBeDefined()
        harness.advance(3599)
        await expect(harness.ecs.send(describeServices)).resolves.toBeDefined()
        harness.advance(1)
        const raw = await harness.raw(
          ECS_TARGET('DescribeServices'),
          JSON.stringify({ cluster: 'prod', services: ['web'] })
        )
        expect(raw.status).toBe(400)
        expect(raw.json).toEqual({
          __type: 'ExpiredTokenException',
          message: 'The security token included in the request is expired'
        })
        await expect(harness.ecs.send(describeServices)).rejects.toMatchObject({
          name: 'ExpiredTokenException'
        })
      }
    )
  })
})

/** A raw DescribeServices, read as it arrives: each piece, until the end or `stopAfter` bytes. */
function describeRaw(
  harness: Harness,
  stopAfter = Infinity
): Promise<{ status: number; length?: string; pieces: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ cluster: 'prod', services: ['web'] })
    const request = httpRequest(
      harness.emulator.url,
      {
        method: 'POST',
        headers: {
          'x-amz-target': ECS_TARGET('DescribeServices'),
          authorization: AUTHORIZATION('ecs'),
          'content-length': Buffer.byteLength(body)
        }
      },
      (response) => {
        let pieces = 0
        let text = ''
        const done = (): void => {
          resolve({
            status: response.statusCode ?? 0,
            ...(response.headers['content-length'] !== undefined && {
              length: response.headers['content-length']
            }),
            pieces,
            text
          })
        }
        response.on('data', (chunk: Buffer) => {
          pieces++
          text += chunk.toString()
          if (text.length >= stopAfter) {
            request.destroy()
            done()
          }
        })
        response.on('end', done)
      }
    )
    // Once the answer was resolved, the error of a request destroyed on purpose changes nothing.
    request.on('error', reject)
    request.end(body)
  })
}

describe('hostile answers on the wire', () => {
  it('trickle: the whole answer, a few bytes at a time; a patient client reads it', async () => {
    await withHarness(
      {
        scenario: 'success',
        faults: [{ kind: 'trickle', times: 1, intervalMs: 1, chunkBytes: 64 }]
      },
      async (harness) => {
        const started = performance.now()
        const { status, pieces, text } = await describeRaw(harness)
        expect(status).toBe(200)
        expect(pieces).toBeGreaterThan(10)
        const answer = JSON.parse(text) as { services: { serviceName: string }[] }
        expect(answer.services[0]?.serviceName).toBe('web')
        expect(performance.now() - started).toBeGreaterThan(pieces / 2)
        // The next one is plain.
        await expect(harness.ecs.send(describeServices)).resolves.toBeDefined()
        expect(recorded(harness.emulator)).toEqual([
          ['DescribeServices', 'TrickledAnswer'],
          ['DescribeServices', undefined]
        ])
      }
    )
  })

  it('endless: the headers, then a body that never ends until the client hangs up', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'endless', intervalMs: 5 }] },
      async (harness) => {
        const answer = await describeRaw(harness, 20)
        expect(answer.status).toBe(200)
        // Chunked, without a length: nothing says where it ends.
        expect(answer.length).toBeUndefined()
        expect(answer.text.trim()).toBe('')
        expect(answer.pieces).toBeGreaterThanOrEqual(2)
        expect(recorded(harness.emulator)).toEqual([['DescribeServices', 'EndlessAnswer']])
        // The emulator stops writing once the client hung up: nothing is left running.
        await recordedCount(harness.emulator, 1)
      }
    )
  })

  it('invalid-json: HTTP 200 with the answer cut inside a string; the operation ran', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'invalid-json', operations: ['DescribeServices'] }] },
      async (harness) => {
        const { status, text } = await describeRaw(harness)
        expect(status).toBe(200)
        expect(() => {
          JSON.parse(text)
        }).toThrow(/Unterminated string in JSON/)
        expect(text).toMatch(/^\{"services":\[\{/)
        await expect(harness.ecs.send(describeServices)).rejects.toMatchObject({
          name: 'SyntaxError',
          $metadata: { httpStatusCode: 200 }
        })
        expect(recorded(harness.emulator)).toEqual([
          ['DescribeServices', 'InvalidJson'],
          ['DescribeServices', 'InvalidJson']
        ])
      }
    )
  })

  it('event-flood: DescribeServices gains count new events, newest first, new ids each answer', async () => {
    await withHarness(
      { scenario: 'success', faults: [{ kind: 'event-flood', count: 10_000 }] },
      async (harness) => {
        const own = (await withoutFlood(harness)).events
        const first = await harness.service()
        const second = await harness.service()
        expect(first.events).toHaveLength(10_000 + own.length)
        expect(first.events?.[0]?.message).toBe(
          '(service web) flood event 10000 of 10000 in answer 2.'
        )
        // The service's own events come last: they are older.
        expect(first.events?.slice(10_000)).toEqual(own)
        const ids = new Set([...(first.events ?? []), ...(second.events ?? [])].map((e) => e.id))
        expect(ids.size).toBe(2 * 10_000 + own.length)
        // Other operations are answered as usual; the flood is a valid answer, not an error.
        await harness.ecs.send(new ListTasksCommand({ cluster: 'prod' }))
        expect(recorded(harness.emulator).every(([, error]) => error === undefined)).toBe(true)
      }
    )
  })
})

/** The service as an unfaulted emulator in the same state shows it. */
async function withoutFlood(harness: Harness) {
  const client = new ECSClient({
    endpoint: harness.emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
  try {
    const output = await client.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
    )
    const events = output.services?.[0]?.events ?? []
    return { events: events.filter((e) => !(e.id ?? '').startsWith('flood-')) }
  } finally {
    client.destroy()
  }
}
