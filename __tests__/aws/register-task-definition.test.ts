import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { registerTaskDefinition } from '../../src/aws/register-task-definition.js'

const ARN = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${String(revision)}`

const rendered = (image: string, tags: Tag[] = []): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image }],
  ...(tags.length > 0 && { tags })
})

const awsError = (name: string, status: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } })
const reset = (): Error =>
  Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })

/**
 * A family in ECS: revisions registered so far, with their tags. `register` answers with a script
 * of outcomes: 'ok', or an error thrown before ('refuse') or after ('lose') the revision is made.
 */
function fakeEcs(options: {
  script: ('ok' | 'lose' | Error)[]
  existing?: number
  describeFails?: number
}) {
  const clock = new FakeClock()
  const revisions: { taskDefinition: TaskDefinition; tags: Tag[] }[] = []
  for (let r = 1; r <= (options.existing ?? 1); r++) {
    revisions.push({
      taskDefinition: {
        ...rendered('web:old'),
        taskDefinitionArn: ARN(r),
        revision: r,
        registeredAt: new Date(clock.now() - 86_400_000)
      },
      tags: []
    })
  }
  const calls: string[] = []
  let describeFails = options.describeFails ?? 0
  const make = (input: RegisterTaskDefinitionCommandInput): TaskDefinition => {
    const revision = revisions.length + 1
    const { tags, ...content } = input
    const taskDefinition = {
      ...content,
      taskDefinitionArn: ARN(revision),
      revision,
      registeredAt: new Date(clock.now())
    } as TaskDefinition
    revisions.push({ taskDefinition, tags: tags ?? [] })
    return taskDefinition
  }
  const ecs = {
    registerTaskDefinition: (input: RegisterTaskDefinitionCommandInput) => {
      calls.push('register')
      const next = options.script.shift() ?? 'ok'
      if (next === 'ok') return Promise.resolve(make(input))
      if (next === 'lose') {
        make(input)
        return Promise.reject(reset())
      }
      return Promise.reject(next)
    },
    describeTaskDefinition: (reference: string) => {
      calls.push(`describe ${reference}`)
      if (describeFails > 0) {
        describeFails--
        return Promise.reject(awsError('ServerException', 500))
      }
      const [, revision] = reference.split(':')
      const found = revision === undefined ? revisions.at(-1) : revisions[Number(revision) - 1]
      if (found === undefined) return Promise.reject(awsError('ClientException', 400))
      return Promise.resolve(found)
    }
  }
  const lines: string[] = []
  const log = {
    info: (line: string) => lines.push(line),
    warning: (line: string) => lines.push(`warning: ${line}`)
  }
  return { ecs, clock, calls, lines, log, revisions }
}

const run = (fake: ReturnType<typeof fakeEcs>, input = rendered('web:2')) =>
  registerTaskDefinition({
    ecs: fake.ecs,
    taskDefinition: input,
    latestBefore: ARN(fake.revisions.length),
    clock: fake.clock,
    log: fake.log,
    random: () => 0.5
  })

describe('registerTaskDefinition', () => {
  it('registers once when ECS answers', async () => {
    const fake = fakeEcs({ script: ['ok'] })
    expect((await run(fake)).taskDefinitionArn).toBe(ARN(2))
    expect(fake.calls).toEqual(['register'])
    expect(fake.lines).toEqual([`Registered web:2 (${ARN(2)}).`])
  })

  it('after a lost answer, reuses the revision the call made and registers nothing more', async () => {
    const fake = fakeEcs({ script: ['lose'] })
    expect((await run(fake)).taskDefinitionArn).toBe(ARN(2))
    expect(fake.calls).toEqual(['register', 'describe web:2', 'describe web:3'])
    expect(fake.revisions).toHaveLength(2)
    expect(fake.lines[0]).toMatch(
      /^warning: RegisterTaskDefinition failed: TimeoutError: socket hang up\. The revision may have been registered/
    )
    expect(fake.lines[1]).toContain('Reusing web:2')
    // No wait: the revision was found at once.
    expect(fake.clock.sleeps).toEqual([])
  })

  it('after a 5xx with nothing registered, registers again after a backoff', async () => {
    const fake = fakeEcs({ script: [awsError('ServerException', 500), 'ok'] })
    expect((await run(fake)).taskDefinitionArn).toBe(ARN(2))
    // Then a look for strays: none, web:2 is the one returned.
    expect(fake.calls).toEqual([
      'register',
      'describe web:2',
      'register',
      'describe web:2',
      'describe web:3'
    ])
    expect(fake.lines.filter((l) => l.includes('also registered'))).toEqual([])
    expect(fake.clock.sleeps).toEqual([1_500])
    expect(fake.lines).toContain(
      'No revision of web with this content was registered during this run: registering again.'
    )
  })

  it('a revision with other content, or another run’s tags, is not ours', async () => {
    const tags = [{ key: 'github:run-id', value: '7' }]
    const fake = fakeEcs({ script: [awsError('ServerException', 500), 'ok'] })
    // Another run registered the same image between our baseline and our call.
    fake.revisions.push({
      taskDefinition: {
        ...rendered('web:2'),
        taskDefinitionArn: ARN(2),
        revision: 2,
        registeredAt: new Date(fake.clock.now())
      },
      tags: [{ key: 'github:run-id', value: '6' }]
    })
    const registered = await registerTaskDefinition({
      ecs: fake.ecs,
      taskDefinition: rendered('web:2', tags),
      latestBefore: ARN(1),
      clock: fake.clock,
      log: fake.log,
      random: () => 0.5
    })
    expect(registered.taskDefinitionArn).toBe(ARN(3))
  })

  it('names a stray revision a lost answer left when it could not be found in time', async () => {
    // The lookup's reads fail, so the call is repeated: web:2 is left behind.
    const fake = fakeEcs({ script: ['lose', 'ok'], describeFails: 1 })
    expect((await run(fake)).taskDefinitionArn).toBe(ARN(3))
    const warnings = fake.lines.filter((l) => l.startsWith('warning:'))
    expect(warnings.at(-1)).toBe(
      `warning: web:2 (${ARN(2)}) was also registered by this run, by an attempt whose answer was lost: ` +
        'it has the same content as web:3 and nothing runs it. Deregister it, or let deregister-previous remove it.'
    )
  })

  it('fails at once on a permanent error, and after the last attempt on transient ones', async () => {
    const denied = fakeEcs({ script: [awsError('AccessDeniedException', 400)] })
    await expect(run(denied)).rejects.toThrow(
      /^RegisterTaskDefinition failed: AccessDeniedException: .* grant it to the role/
    )
    expect(denied.calls).toEqual(['register'])

    const down = fakeEcs({
      script: [
        awsError('ServerException', 500),
        awsError('ServerException', 500),
        awsError('ServerException', 500)
      ]
    })
    await expect(run(down)).rejects.toThrow(/Gave up after 3 attempts\.$/)
    expect(down.calls.filter((c) => c === 'register')).toHaveLength(3)
  })

  it('retries a throttled call without looking: it was refused, not lost', async () => {
    const fake = fakeEcs({ script: [awsError('ThrottlingException', 400), 'ok'] })
    expect((await run(fake)).taskDefinitionArn).toBe(ARN(2))
    expect(fake.calls).toEqual(['register', 'register'])
  })
})
