/**
 * AWS faults, end to end: the bundled action against an emulator that throttles, answers 500 and
 * 503, resets connections (before and after the operation ran), answers too slowly, and lets the
 * credentials expire mid-wait. Transient faults never become a verdict; mutating calls are never
 * repeated blindly; expired credentials fail at once with what to do.
 */
import { ECSClient, ListTaskDefinitionsCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CaseRuns,
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  type DeployOptions
} from '../../__fixtures__/e2e.js'
import type { ActionRun } from '../../__fixtures__/run-action.js'
import type { Emulator, FaultRule, RecordedCall, ScenarioName } from '../../emulator/index.js'

interface Case {
  scenario?: ScenarioName
  faults: FaultRule[]
  inputs?: Record<string, string>
}

interface Result {
  run: ActionRun
  calls: RecordedCall[]
  mutating: RecordedCall[]
  /** The family's revisions, as ListTaskDefinitions shows them after the run. */
  revisions: string[]
  /** The service's deployments after the run, newest first. */
  deployments: string[]
}

const CASES: Record<string, Case> = {
  throttle: { faults: [{ kind: 'throttle', every: 3 }] },
  'throttle-mutating': {
    faults: [
      { kind: 'throttle', operations: ['RegisterTaskDefinition'], times: 1 },
      { kind: 'throttle', operations: ['UpdateService'], times: 1 }
    ]
  },
  'http-500': { faults: [{ kind: 'http-500', every: 3 }] },
  'http-503': { faults: [{ kind: 'http-503', every: 3 }] },
  'connection-reset': { faults: [{ kind: 'connection-reset', every: 4 }] },
  slow: { faults: [{ kind: 'slow', operations: ['DescribeServices'], after: 1, times: 1 }] },
  'reset-after-register': {
    faults: [
      { kind: 'connection-reset', operations: ['RegisterTaskDefinition'], ran: true, times: 1 }
    ]
  },
  'slow-register': {
    faults: [{ kind: 'slow', operations: ['RegisterTaskDefinition'], times: 1 }]
  },
  '500-before-register': {
    faults: [{ kind: 'http-500', operations: ['RegisterTaskDefinition'], times: 1 }]
  },
  // The lost revision cannot be read in time (five 500s use up the SDK's attempts), so the call is
  // repeated: the stray revision is named afterwards.
  stray: {
    faults: [
      { kind: 'connection-reset', operations: ['RegisterTaskDefinition'], ran: true, times: 1 },
      {
        kind: 'http-500',
        operations: ['DescribeTaskDefinition'],
        afterCall: 'RegisterTaskDefinition',
        times: 5
      }
    ]
  },
  'reset-after-update': {
    faults: [{ kind: 'connection-reset', operations: ['UpdateService'], ran: true, times: 1 }]
  },
  '503-before-update': {
    faults: [{ kind: 'http-503', operations: ['UpdateService'], times: 1 }]
  },
  // The session ends 30 virtual seconds after UpdateService, a minute before the rollout completes.
  'expired-token': {
    faults: [{ kind: 'expired-token', afterCall: 'UpdateService', afterVirtualSeconds: 30 }]
  },
  // Two 500s on the service check: max-retries 2 gives up, max-retries 3 gets through.
  'max-retries-2': {
    faults: [{ kind: 'http-500', operations: ['DescribeServices'], times: 2 }],
    inputs: { 'max-retries': '2' }
  },
  'max-retries-3': {
    faults: [{ kind: 'http-500', operations: ['DescribeServices'], times: 2 }],
    inputs: { 'max-retries': '3' }
  },
  'max-retries-1-register': {
    faults: [{ kind: 'throttle', operations: ['RegisterTaskDefinition'], times: 1 }],
    inputs: { 'max-retries': '1' }
  }
}

const BATCH = 7

async function afterRun(emulator: Emulator): Promise<Pick<Result, 'revisions' | 'deployments'>> {
  const client = new ECSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCHECK', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
  try {
    // The faults apply to these reads too: a refused read is simply asked again.
    const retry = async <T>(read: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await read()
        } catch (error) {
          if (attempt >= 10) throw error
        }
      }
    }
    const listed = await retry(() =>
      client.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))
    )
    const described = await retry(() =>
      client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    )
    return {
      revisions: (listed.taskDefinitionArns ?? []).map((arn) => arn.split('/')[1] ?? arn),
      deployments: (described.services?.[0]?.deployments ?? []).map(
        (d) => `${d.status ?? ''} ${d.taskDefinition?.split('/')[1] ?? ''}`
      )
    }
  } finally {
    client.destroy()
  }
}

const runs = new CaseRuns<Result>()

// Each case is its own process and emulator, BATCH at a time.
beforeAll(
  () =>
    runs.runAll(Object.keys(CASES), BATCH, async (name) => {
      const c = CASES[name]
      if (c === undefined) throw new Error(`no case ${name}`)
      const options: DeployOptions = {
        inputs: { ...DEPLOY, ...c.inputs },
        emulator: { faults: c.faults }
      }
      const run = await deploy(c.scenario ?? 'success', options)
      const calls = [...run.emulator.calls]
      const mutating = run.emulator.mutatingCalls()
      // Expired credentials stay expired: then there is nothing to read.
      const state = await afterRun(run.emulator).catch(() => ({ revisions: [], deployments: [] }))
      return { run, calls, mutating, ...state }
    }),
  240_000
)

afterAll(closeEmulators)

const result = (name: string): Result => runs.get(name)

const failed = (calls: RecordedCall[], operation?: string): RecordedCall[] =>
  calls.filter(
    (c) => c.error !== undefined && (operation === undefined || c.operation === operation)
  )

/** Succeeded, with exactly one new revision and one new deployment on it, as ECS shows after the run. */
function expectOneCleanRollout(r: Result): void {
  expectExit(r.run, 0)
  expect(r.run.outputs.verdict).toBe('succeeded')
  expect(r.revisions).toEqual(['web:1', 'web:2'])
  expect(r.deployments).toEqual(['PRIMARY web:2'])
}

describe('transient faults never become a verdict', () => {
  it.each(['throttle', 'http-500', 'http-503', 'connection-reset'])(
    '%s on a share of all calls: retried, and the rollout succeeds',
    (name) => {
      const r = result(name)
      expectOneCleanRollout(r)
      // The faults really happened, reads and writes alike.
      expect(failed(r.calls).length).toBeGreaterThanOrEqual(3)
      expect(r.run.log).not.toMatch(/::error/)
    }
  )

  it('throttled RegisterTaskDefinition and UpdateService: the SDK retries refusals, once each', () => {
    const r = result('throttle-mutating')
    expectOneCleanRollout(r)
    expect(r.mutating.map((c) => [c.operation, c.error])).toEqual([
      ['RegisterTaskDefinition', 'ThrottlingException'],
      ['RegisterTaskDefinition', undefined],
      ['UpdateService', 'ThrottlingException'],
      ['UpdateService', undefined]
    ])
    // A refusal needs no lookup: nothing says an answer was lost.
    expect(r.run.log).not.toContain('answer was lost')
  })

  it('slow answers: the request timeout turns them into retries, and the watch goes on', () => {
    const r = result('slow')
    expectOneCleanRollout(r)
    expect(failed(r.calls, 'DescribeServices').map((c) => c.error)).toEqual(['SlowAnswerLost'])
  })
})

describe('mutating calls are never repeated blindly', () => {
  it.each(['reset-after-register', 'slow-register'])(
    '%s: the revision the lost answer made is found and reused; exactly one new revision',
    (name) => {
      const r = result(name)
      expectOneCleanRollout(r)
      expect(r.mutating.map((c) => c.operation)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService'
      ])
      expect(r.run.log).toContain(
        'web:2 has this content and was registered during this run: the call took effect, only its answer was lost. Reusing web:2'
      )
      expect(r.run.outputs['task-definition-arn']).toMatch(/:task-definition\/web:2$/)
    }
  )

  it('a 500 before RegisterTaskDefinition ran: nothing found, registered again, still one revision', () => {
    const r = result('500-before-register')
    expectOneCleanRollout(r)
    expect(r.mutating.map((c) => [c.operation, c.error])).toEqual([
      ['RegisterTaskDefinition', 'ServerException'],
      ['RegisterTaskDefinition', undefined],
      ['UpdateService', undefined]
    ])
    expect(r.run.log).toContain(
      'No revision of web with this content was registered during this run: registering again.'
    )
    expect(r.run.log).not.toContain('was also registered by this run')
  })

  it('a lost revision that could not be found: registered again, and the stray one is named', () => {
    const r = result('stray')
    expectExit(r.run, 0)
    expect(r.run.outputs.verdict).toBe('succeeded')
    expect(r.revisions).toEqual(['web:1', 'web:2', 'web:3'])
    expect(r.deployments).toEqual(['PRIMARY web:3'])
    expect(r.run.log).toContain('Could not read web:2 to look for a revision this run registered')
    const strays = r.run.log
      .split('\n')
      .filter((l) => l.includes('was also registered by this run'))
    expect(strays).toHaveLength(1)
    expect(strays[0]).toMatch(
      /^::warning::web:2 \(\S+web:2\) was also registered by this run, by an attempt whose answer was lost: it has the same content as web:3 and nothing runs it\./
    )
  })

  it('a reset after UpdateService ran: the new deployment is pinned, not started twice', () => {
    const r = result('reset-after-update')
    expectOneCleanRollout(r)
    expect(r.mutating.map((c) => [c.operation, c.error])).toEqual([
      ['RegisterTaskDefinition', undefined],
      ['UpdateService', 'ConnectionReset']
    ])
    expect(r.run.log).toMatch(
      /Service web already has a new PRIMARY deployment ecs-svc\/\d+ on \S+web:2: the update took effect/
    )
    expect(r.run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
    expect(r.run.log).toContain(`Started deployment ${r.run.outputs['deployment-id'] ?? '?'}`)
  })

  it('a 503 before UpdateService ran: the service shows no update, so it is called again', () => {
    const r = result('503-before-update')
    expectOneCleanRollout(r)
    expect(r.mutating.map((c) => [c.operation, c.error])).toEqual([
      ['RegisterTaskDefinition', undefined],
      ['UpdateService', 'ServiceUnavailable'],
      ['UpdateService', undefined]
    ])
    expect(r.run.log).toContain(
      'Service web does not show the update: calling UpdateService again.'
    )
  })
})

describe('expired credentials', () => {
  it('fail at once, and the last words point at the role session duration', () => {
    const r = result('expired-token')
    expectExit(r.run, 1)
    const expired = failed(r.calls).filter((c) => c.error === 'ExpiredTokenException')
    // No retry of a permanent error: the first expired answer ends the watch.
    expect(expired.length).toBeGreaterThanOrEqual(1)
    expect(expired.length).toBeLessThanOrEqual(2)
    const last = r.calls.at(-1)
    expect(last?.error).toBe('ExpiredTokenException')
    const [error] = errorLines(r.run.log)
    expect(error).toContain(
      'ExpiredTokenException: The security token included in the request is expired.'
    )
    expect(error).toContain('role-duration-seconds in aws-actions/configure-aws-credentials')
    // Nothing was changed after the credentials expired.
    expect(r.mutating.map((c) => c.operation)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
  })
})

describe('max-retries', () => {
  it('sets the SDK attempts of reads: 2 attempts give up on two 500s, 3 get through', () => {
    const two = result('max-retries-2')
    expectExit(two.run, 1)
    expect(two.calls.map((c) => [c.operation, c.error])).toEqual([
      ['DescribeServices', 'ServerException'],
      ['DescribeServices', 'ServerException']
    ])
    expect(errorLines(two.run.log)[0]).toContain('DescribeServices failed: ServerException')

    const three = result('max-retries-3')
    expectOneCleanRollout(three)
    expect(three.calls.slice(0, 3).map((c) => [c.operation, c.error])).toEqual([
      ['DescribeServices', 'ServerException'],
      ['DescribeServices', 'ServerException'],
      ['DescribeServices', undefined]
    ])
  })

  it('max-retries 1: a throttled RegisterTaskDefinition is not retried by the SDK, but by the action', () => {
    const r = result('max-retries-1-register')
    expectOneCleanRollout(r)
    expect(r.mutating.map((c) => [c.operation, c.error])).toEqual([
      ['RegisterTaskDefinition', 'ThrottlingException'],
      ['RegisterTaskDefinition', undefined],
      ['UpdateService', undefined]
    ])
  })
})
