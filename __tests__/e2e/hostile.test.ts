/**
 * Hostile files, hostile answers and calls that never finish (issue 15), end to end: the bundled
 * action against an emulator whose answers trickle, never end, are not JSON or flood the events,
 * and against workspaces with links out of them, huge files and files nested 10,000 levels deep.
 */
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CaseRuns,
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  FILES,
  TASK_DEFINITION,
  TIME_SCALE,
  warningLines,
  type DeployOptions
} from '../../__fixtures__/e2e.js'
import type { ActionRun } from '../../__fixtures__/run-action.js'
import type { FaultRule, RecordedCall } from '../../emulator/index.js'

interface Case {
  faults?: FaultRule[]
  inputs?: Record<string, string>
  files?: Record<string, string>
  prepare?: DeployOptions['prepare']
}

interface Result {
  run: ActionRun
  calls: RecordedCall[]
  mutating: string[]
}

/** What a file from outside the workspace holds: must never be printed. */
const SECRET = 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const SDK_INTERNALS = /\$response|\{error\}|Deserialization error/

/** A secret beside the workspace, as on a runner ($HOME/.aws/credentials). */
async function plantSecret(workspace: string): Promise<string> {
  const outside = join(workspace, '..', 'home', '.aws')
  await mkdir(outside, { recursive: true })
  await writeFile(join(outside, 'credentials'), `{"family": "${SECRET}"}\n`)
  return outside
}

const CASES: Record<string, Case> = {
  // Calls that never finish, and answers that cannot be read.
  trickle: {
    faults: [{ kind: 'trickle', operations: ['DescribeServices'], after: 2, times: 2 }]
  },
  // The watch reads the service once, then every DescribeServices answer never ends.
  'endless-watch': {
    faults: [
      { kind: 'endless', operations: ['DescribeServices'], afterCall: 'UpdateService', after: 1 }
    ],
    inputs: { 'wait-for-minutes': '1' }
  },
  'endless-preflight': {
    faults: [{ kind: 'endless', operations: ['DescribeServices'] }],
    inputs: { 'wait-for-minutes': '1' }
  },
  'invalid-json-once': {
    faults: [{ kind: 'invalid-json', operations: ['DescribeServices'], after: 3, times: 1 }]
  },
  'invalid-json-always': {
    faults: [
      {
        kind: 'invalid-json',
        operations: [
          'DescribeServices',
          'DescribeServiceDeployments',
          'ListServiceDeployments',
          'DescribeServiceRevisions'
        ],
        afterCall: 'UpdateService'
      }
    ]
  },
  flood: {
    faults: [{ kind: 'event-flood', operations: ['DescribeServices'], afterCall: 'UpdateService' }]
  },
  // Files a pull request could plant.
  'link-out': {
    files: {},
    prepare: async (workspace) => {
      const outside = await plantSecret(workspace)
      await mkdir(join(workspace, '.aws'), { recursive: true })
      await symlink(join(outside, 'credentials'), join(workspace, '.aws', 'task-definition.json'))
    }
  },
  'linked-folder': {
    files: {},
    prepare: async (workspace) => {
      const outside = await plantSecret(workspace)
      await symlink(outside, join(workspace, '.aws'))
    },
    inputs: { 'task-definition': '.aws/credentials' }
  },
  'appspec-link-out': {
    prepare: async (workspace) => {
      const outside = await plantSecret(workspace)
      await symlink(join(outside, 'credentials'), join(workspace, 'appspec.yaml'))
    },
    inputs: { 'codedeploy-appspec': 'appspec.yaml' }
  },
  'huge-file': {
    files: {},
    prepare: async (workspace) => {
      await mkdir(join(workspace, '.aws'), { recursive: true })
      const path = join(workspace, '.aws', 'task-definition.json')
      await writeFile(path, '')
      await truncate(path, 60 * 1024 * 1024)
    }
  },
  'deep-json': {
    files: { '.aws/task-definition.json': '['.repeat(10_000) + ']'.repeat(10_000) }
  },
  'yaml-tag': {
    files: {
      '.aws/task-definition.yaml':
        'family: web\ncontainerDefinitions:\n  - name: app\n    image: !!js/function "function () { return process.env }"\n'
    },
    inputs: { 'task-definition': '.aws/task-definition.yaml' }
  },
  'duplicate-key': {
    files: {
      '.aws/task-definition.json': TASK_DEFINITION.replace(
        '"family": "web",',
        '"family": "web",\n  "family": "api",'
      )
    }
  }
}

const BATCH = 7
const runs = new CaseRuns<Result>()

beforeAll(
  () =>
    runs.runAll(Object.keys(CASES), BATCH, async (name) => {
      const c = CASES[name] ?? {}
      const run = await deploy('success', {
        inputs: { ...DEPLOY, ...c.inputs },
        files: c.files ?? FILES,
        emulator: { faults: c.faults ?? [] },
        peakMemory: true,
        ...(c.prepare !== undefined && { prepare: c.prepare })
      })
      return {
        run,
        calls: [...run.emulator.calls],
        mutating: run.emulator.mutatingCalls().map((call) => call.operation)
      }
    }),
  240_000
)

afterAll(closeEmulators)

const result = (name: string): Result => runs.get(name)

/** Everything the step showed: the log, the summary and the outputs. */
const shown = (run: ActionRun): string =>
  [run.log, run.summary, ...Object.values(run.outputs)].join('\n')

const errors = (calls: RecordedCall[], error: string): number =>
  calls.filter((call) => call.error === error).length

describe('calls that never finish', () => {
  it('an answer that trickles is cut at the deadline and asked again: the rollout succeeds', () => {
    const r = result('trickle')
    expectExit(r.run, 0)
    expect(r.run.outputs.verdict).toBe('succeeded')
    expect(errors(r.calls, 'TrickledAnswer')).toBe(2)
    expect(r.mutating).toEqual(['RegisterTaskDefinition', 'UpdateService'])
  })

  it('a body that never ends while watching: timed-out at the time limit, with what was known', () => {
    const r = result('endless-watch')
    expectExit(r.run, 1)
    expect(r.run.outputs.verdict).toBe('timed-out')
    expect(r.run.outputs.reason).toMatch(
      /^Deployment ecs-svc\/\d+ did not finish within 1 minute: \d\/2 new tasks running.*\. The step stopped at its time limit of 2 min \(wait-for-minutes 1, plus one minute\)\.$/
    )
    expect(errorLines(r.run.log)).toHaveLength(1)
    expect(r.run.log).toContain(
      '::warning::The step stopped at its time limit of 2 min (wait-for-minutes 1, plus one minute). It stops waiting for AWS and reports what it knows.'
    )
    expect(errors(r.calls, 'EndlessAnswer')).toBeGreaterThanOrEqual(1)
    // The limit, in the action's compressed time: wait-for-minutes plus a minute that is at least
    // 5 real seconds (time-limit.ts). Without it, each endless answer is asked five times over.
    expect(r.run.wallMs).toBeLessThan((60_000 + 5_000 * TIME_SCALE) / TIME_SCALE + 3_000)
  })

  it('a body that never ends before anything changed: timed-out, nothing deployed', () => {
    const r = result('endless-preflight')
    expectExit(r.run, 1)
    expect(r.run.outputs.verdict).toBe('timed-out')
    expect(r.run.outputs.reason).toBe(
      'No service was updated. The step stopped at its time limit of 2 min (wait-for-minutes 1, plus one minute).'
    )
    expect(r.mutating).toEqual([])
    expect(r.run.summary).toContain('timed-out')
  })
})

describe('answers that cannot be read', () => {
  it('one invalid answer while watching: one warning, read again, and the rollout succeeds', () => {
    const r = result('invalid-json-once')
    expectExit(r.run, 0)
    expect(r.run.outputs.verdict).toBe('succeeded')
    expect(errors(r.calls, 'InvalidJson')).toBe(1)
    const warned = warningLines(r.run.log).filter((line) => line.includes('not valid JSON'))
    expect(warned).toHaveLength(1)
    expect(warned[0]).toMatch(
      /^::warning::Poll failed: MalformedAnswer: DescribeServices got an answer that is not valid JSON \(HTTP 200\): Unterminated string in JSON at position \d+ Retrying with backoff within the deadline\.$/
    )
    expect(shown(r.run)).not.toMatch(SDK_INTERNALS)
  })

  it('invalid answers again and again: the run stops saying so, without SDK internals', () => {
    const r = result('invalid-json-always')
    expectExit(r.run, 1)
    expect(errorLines(r.run.log)[0]).toMatch(
      /^::error::AWS sent 5 answers in a row that could not be read; the last: \w+ got an answer that is not valid JSON \(HTTP 200\): Unterminated string in JSON at position \d+\. Check AWS_ENDPOINT_URL\* and any proxy between the runner and AWS\.$/
    )
    // One warning for the kind, the rest only noted.
    expect(warningLines(r.run.log).filter((line) => line.includes('not valid JSON'))).toHaveLength(
      1
    )
    expect(shown(r.run)).not.toMatch(SDK_INTERNALS)
  })
})

describe('a flood of service events', () => {
  it('10,000 events in every answer: at most 20 printed a poll, a bounded log and summary', () => {
    const r = result('flood')
    expectExit(r.run, 0)
    expect(r.run.outputs.verdict).toBe('succeeded')
    const lines = r.run.log.split('\n')
    const notShown = lines.filter((line) => /… \d+ more service events not shown$/.test(line))
    expect(notShown.length).toBeGreaterThanOrEqual(1)
    // Each answer kept the newest 100 (as ECS does): 20 shown, 80 not.
    for (const line of notShown) expect(line).toMatch(/… 80 more service events not shown$/)
    const floodLines = lines.filter((line) => line.includes('flood event'))
    expect(floodLines.length).toBeLessThanOrEqual(20 * notShown.length)
    expect(r.run.log.length).toBeLessThan(150_000)
    expect(r.run.summary.length).toBeLessThan(50_000)
    expect(r.run.peakRssBytes).toBeLessThan(300 * 1024 * 1024)
  })
})

describe('files a pull request could plant', () => {
  it.each([
    ['link-out', 'task-definition', '.aws/task-definition.json'],
    ['linked-folder', 'task-definition', '.aws/credentials'],
    ['appspec-link-out', 'codedeploy-appspec', 'appspec.yaml']
  ])(
    '%s: refused before any AWS call, naming the input, never showing the target',
    (name, input, value) => {
      const r = result(name)
      expectExit(r.run, 1)
      expect(errorLines(r.run.log)).toEqual([
        `::error::Input "${input}" names "${value}", which resolves outside the workspace through a symbolic link; a file input must be a file inside GITHUB_WORKSPACE (a link is followed only while it stays inside). A pull request can add such a link: check where it points before running this workflow on it`
      ])
      expect(r.calls).toEqual([])
      expect(shown(r.run)).not.toContain(SECRET)
    }
  )

  it('a 60 MiB file: refused from its size, in well under a second and little memory', () => {
    const r = result('huge-file')
    expectExit(r.run, 1)
    expect(errorLines(r.run.log)).toEqual([
      '::error::Input "task-definition" names ".aws/task-definition.json", which is 60.0 MiB; a file input may be at most 1.0 MiB (ECS accepts a task definition of at most 64 KiB)'
    ])
    expect(r.calls).toEqual([])
    // The whole process, Node's own start included.
    expect(r.run.wallMs).toBeLessThan(5_000)
    expect(r.run.peakRssBytes).toBeLessThan(100 * 1024 * 1024)
  })

  it.each([
    [
      'deep-json',
      'task-definition file .aws/task-definition.json nests lists and objects more than 64 levels deep (at line 1 column 65); a task definition is about 8 levels deep, so this is not one'
    ],
    [
      'yaml-tag',
      'task-definition file .aws/task-definition.yaml uses the YAML tag !!js/function at line 4 column 26; only the YAML core schema is accepted (strings, numbers, booleans, null, lists and mappings, with or without !!str, !!int, … tags): remove the tag'
    ],
    [
      'duplicate-key',
      'task-definition file .aws/task-definition.json has the key family twice, at line 2 column 3 and at line 3 column 3; keys must be unique (a JSON parser would silently keep only the last one): remove the one you did not mean'
    ]
  ])('%s: refused before any AWS call, naming the input, the file and where', (name, message) => {
    const r = result(name)
    expectExit(r.run, 1)
    expect(errorLines(r.run.log)).toEqual([`::error::${message}`])
    expect(r.calls).toEqual([])
    expect(r.run.log).not.toContain('Maximum call stack size exceeded')
  })
})
