import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { advicePlugin } from '../../src/aws/client-config.js'
import { DeadlineHandler } from '../../src/aws/deadline.js'
import { classifyError, describeAwsError } from '../../src/aws/errors.js'
import { TimeLimitReached } from '../../src/clock.js'

/** How the test server answers each request, in order; the last one repeats. */
type Answer = 'ok' | 'trickle' | 'endless' | 'invalid' | 'huge'

const OK = JSON.stringify({
  services: [{ serviceName: 'web', status: 'ACTIVE', events: [{ id: 'e1', message: 'steady' }] }],
  failures: []
})

let server: Server
let url = ''
let plan: Answer[] = []
let requests = 0
const timers = new Set<NodeJS.Timeout>()

function answer(kind: Answer, response: ServerResponse): void {
  const json = { 'content-type': 'application/x-amz-json-1.1' }
  switch (kind) {
    case 'ok':
      response.writeHead(200, json).end(OK)
      return
    case 'invalid':
      // Cut inside a string: "Unterminated string in JSON".
      response.writeHead(200, json).end(OK.slice(0, OK.indexOf('steady') + 3))
      return
    case 'huge':
      response.writeHead(200, json).end(JSON.stringify({ services: [], pad: 'x'.repeat(4096) }))
      return
    case 'trickle':
    case 'endless': {
      // The headers at once, then one byte every 20 ms: never silent long enough for a socket timeout.
      response.writeHead(200, json)
      let sent = 0
      const body = kind === 'trickle' ? OK : ' '.repeat(1_000_000)
      const timer = setInterval(() => {
        if (sent >= body.length || response.destroyed) {
          clearInterval(timer)
          timers.delete(timer)
          response.end()
          return
        }
        response.write(body[sent++] ?? '')
      }, 20)
      timers.add(timer)
      response.once('close', () => {
        clearInterval(timer)
        timers.delete(timer)
      })
    }
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume()
    request.once('end', () => {
      const kind = plan[Math.min(requests, plan.length - 1)] ?? 'ok'
      requests++
      answer(kind, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const timer of timers) clearInterval(timer)
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  requests = 0
})

function client(options: { attempts: number; stop?: AbortSignal; maxAnswerBytes?: number }) {
  const ecs = new ECSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: options.attempts,
    requestHandler: new DeadlineHandler(
      { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
      {
        deadlineMs: 300,
        maxAnswerBytes: options.maxAnswerBytes ?? 1024 * 1024,
        stop: () => options.stop
      }
    )
  })
  ecs.middlewareStack.use(advicePlugin())
  return ecs
}

const describeWeb = new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail')
}

describe('a deadline on the whole exchange', () => {
  it('an answer that trickles past the deadline is cut and retried like a timeout', async () => {
    plan = ['trickle', 'ok']
    const ecs = client({ attempts: 2 })
    const started = performance.now()
    const { services } = await ecs.send(describeWeb)
    expect(services?.[0]?.serviceName).toBe('web')
    expect(requests).toBe(2)
    expect(performance.now() - started).toBeLessThan(2_000)
    ecs.destroy()
  })

  it('a body that never ends fails each attempt at the deadline with a TimeoutError', async () => {
    plan = ['endless']
    const ecs = client({ attempts: 2 })
    const started = performance.now()
    const error = await failure(ecs.send(describeWeb))
    expect(error.name).toBe('TimeoutError')
    expect(error.message).toBe('no complete answer within 300 ms (connection, headers and body)')
    expect(classifyError(error)).toBe('transient')
    expect(requests).toBe(2)
    expect(performance.now() - started).toBeLessThan(3_000)
    ecs.destroy()
  })

  it('the stop signal cuts a call in flight at once, is not retried, and refuses later calls', async () => {
    plan = ['endless']
    const stop = new AbortController()
    const ecs = client({ attempts: 5, stop: stop.signal })
    const started = performance.now()
    setTimeout(() => {
      stop.abort(new TimeLimitReached('the step reached its time limit'))
    }, 100)
    const error = await failure(ecs.send(describeWeb))
    expect(error.name).toBe('TimeLimitReached')
    expect(performance.now() - started).toBeLessThan(280)
    expect(requests).toBe(1)
    const later = await failure(ecs.send(describeWeb))
    expect(later.name).toBe('TimeLimitReached')
    expect(requests).toBe(1)
    ecs.destroy()
  })
})

describe('answers that cannot be read', () => {
  it('invalid JSON: named plainly, transient, with no SDK internals in the message', async () => {
    plan = ['invalid']
    const ecs = client({ attempts: 3 })
    const error = await failure(ecs.send(describeWeb))
    // Not retried by the SDK: the watch tries again at its next poll.
    expect(requests).toBe(1)
    expect(error.name).toBe('MalformedAnswer')
    expect(error.message).toMatch(
      /^DescribeServices got an answer that is not valid JSON \(HTTP 200\): Unterminated string in JSON at position \d+/
    )
    expect(classifyError(error)).toBe('transient')
    for (const text of [error.message, describeAwsError('Poll', error), String(error)]) {
      expect(text).not.toMatch(/\$response|\{error\}|Deserialization error/)
    }
    ecs.destroy()
  })

  it('an answer larger than any AWS sends is not buffered whole', async () => {
    plan = ['huge']
    const ecs = client({ attempts: 2, maxAnswerBytes: 1024 })
    const error = await failure(ecs.send(describeWeb))
    expect(error.name).toBe('MalformedAnswer')
    expect(error.message).toBe(
      'DescribeServices got an answer too large to read: the answer exceeded 1024 bytes'
    )
    expect(classifyError(error)).toBe('transient')
    ecs.destroy()
  })
})
