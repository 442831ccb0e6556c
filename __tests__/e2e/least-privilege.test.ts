/**
 * Least privilege: each deploy mode passes under exactly the policy files it documents (policies/),
 * enforced by the emulator as IAM would; and taking any one action out of one of those files either
 * fails the step with an error naming that permission (before any change, where the call comes
 * first), or degrades with a line naming it while the outcome stays the same.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  closeEmulators,
  deploy,
  DEPLOY,
  errorLines,
  expectExit,
  FILES,
  GITHUB_ENV,
  warningLines
} from '../../__fixtures__/e2e.js'
import { runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import type {
  EmulatorOptions,
  PolicyDocument,
  PolicyStatement,
  ScenarioName
} from '../../emulator/index.js'

afterAll(closeEmulators)

const POLICY_FILES = [
  'core',
  'service-deployments',
  'stopped-tasks',
  'logs',
  'ecr',
  'run-task',
  'codedeploy',
  'deregister'
] as const
type PolicyFile = (typeof POLICY_FILES)[number]

const readPolicy = (name: PolicyFile): PolicyDocument =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../policies/${name}.json`, import.meta.url)), 'utf8')
  ) as PolicyDocument

const statementsOf = (document: PolicyDocument): PolicyStatement[] =>
  Array.isArray(document.Statement)
    ? [...(document.Statement as PolicyStatement[])]
    : [document.Statement as PolicyStatement]

const actionsOf = (statement: PolicyStatement): string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action]

/** The union of the files, with `remove.action` taken out of `remove.file` only. */
function policyOf(
  files: readonly PolicyFile[],
  remove?: { file: PolicyFile; action: string }
): PolicyDocument {
  const Statement = files.flatMap((file) =>
    statementsOf(readPolicy(file)).flatMap((statement): PolicyStatement[] => {
      if (file !== remove?.file) return [statement]
      const left = actionsOf(statement).filter((action) => action !== remove.action)
      return left.length === 0 ? [] : [{ ...statement, Action: left }]
    })
  )
  return { Version: '2012-10-17', Statement }
}

// The GitHub context makes the action tag the revision it registers, as on a real runner.
const APPSPEC = readFileSync(
  fileURLToPath(new URL('../../examples/appspec.yaml', import.meta.url)),
  'utf8'
)
const IMAGE_1_1 = DEPLOY.image?.replace('2.0.0', '1.1.0') ?? ''
const RUN_TASK = {
  ...DEPLOY,
  'run-task': 'true',
  'run-task-command': 'npm run migrate',
  'run-task-subnets': 'subnet-0123456789abcdef0',
  'run-task-security-groups': 'sg-0123456789abcdef0',
  'run-task-tags': '[{"key":"purpose","value":"migrate"}]'
}

interface Mode {
  /** The policy files the README documents for this mode. */
  files: readonly PolicyFile[]
  scenario: ScenarioName
  inputs: Record<string, string>
  deployFiles?: Record<string, string>
  emulator?: Partial<EmulatorOptions>
  /** Runs once with these inputs on the same emulator before the run under test. */
  before?: Record<string, string>
  /** What the run gives under the full policy. */
  code: 0 | 1
  verdict: string
  /** The calls denied under the mode's files: optional ones the mode leaves out (default none). */
  denies?: readonly string[]
}

const OPTIONAL: readonly PolicyFile[] = ['service-deployments', 'stopped-tasks', 'logs', 'ecr']
/** What a successful deploy asks of the optional files; without them these are denied. */
const OPTIONAL_CALLS = ['DescribeImages', 'DescribeServiceDeployments']

const MODES = {
  deploy: {
    files: ['core', ...OPTIONAL],
    scenario: 'success',
    inputs: DEPLOY,
    code: 0,
    verdict: 'succeeded'
  },
  'core only': {
    files: ['core'],
    scenario: 'success',
    inputs: DEPLOY,
    code: 0,
    verdict: 'succeeded',
    denies: OPTIONAL_CALLS
  },
  'failed rollout': {
    files: ['core', ...OPTIONAL],
    scenario: 'circuit-breaker-rollback',
    inputs: DEPLOY,
    code: 1,
    verdict: 'rolled-back'
  },
  'rollback-on-failure': {
    files: ['core', ...OPTIONAL],
    scenario: 'stall',
    inputs: { ...DEPLOY, 'rollback-on-failure': 'true', 'wait-for-minutes': '2' },
    code: 1,
    verdict: 'timed-out'
  },
  // Without the other optional files: run-task.json must grant what the gate needs by itself.
  'run-task': {
    files: ['core', 'run-task', 'logs'],
    scenario: 'success',
    inputs: RUN_TASK,
    code: 0,
    verdict: 'succeeded',
    denies: OPTIONAL_CALLS
  },
  codedeploy: {
    files: ['core', 'codedeploy', ...OPTIONAL],
    scenario: 'success',
    inputs: DEPLOY,
    deployFiles: { ...FILES, 'appspec.yaml': APPSPEC },
    emulator: { codeDeploy: { outcome: 'success' } },
    code: 0,
    verdict: 'succeeded'
  },
  'deregister-previous': {
    files: ['core', 'deregister', ...OPTIONAL],
    scenario: 'success',
    before: { ...DEPLOY, image: IMAGE_1_1 },
    inputs: { ...DEPLOY, 'deregister-previous': '1' },
    code: 0,
    verdict: 'succeeded'
  }
} satisfies Record<string, Mode>
type ModeName = keyof typeof MODES

/** Faster than the other e2e tests: these runs only need to reach their outcome. */
const FAST = 600

async function runMode(
  mode: Mode,
  policy: PolicyDocument
): Promise<ActionRun & { emulator: Awaited<ReturnType<typeof deploy>>['emulator'] }> {
  const options = {
    env: GITHUB_ENV,
    ...(mode.deployFiles !== undefined && { files: mode.deployFiles }),
    emulator: { timeScale: FAST, ...mode.emulator, policy }
  }
  if (mode.before === undefined) return deploy(mode.scenario, { ...options, inputs: mode.inputs })
  const first = await deploy(mode.scenario, { ...options, inputs: mode.before })
  expectExit(first, 0)
  const run = await runAction({
    endpoint: first.emulator.url,
    inputs: mode.inputs,
    files: mode.deployFiles ?? FILES,
    timeScale: FAST,
    env: GITHUB_ENV
  })
  return { ...run, emulator: first.emulator }
}

/** Runs the jobs at most `size` at a time: each is a node process and an emulator. */
async function inBatches<T>(jobs: (() => Promise<T>)[], size = 8): Promise<T[]> {
  const results: T[] = []
  for (let start = 0; start < jobs.length; start += size) {
    results.push(...(await Promise.all(jobs.slice(start, start + size).map((job) => job()))))
  }
  return results
}

type ModeRun = Awaited<ReturnType<typeof runMode>>
const baselines = new Map<ModeName, ModeRun>()

beforeAll(async () => {
  const names = Object.keys(MODES) as ModeName[]
  const runs = await inBatches(
    names.map(
      (name) => async () => [name, await runMode(MODES[name], policyOf(MODES[name].files))] as const
    )
  )
  for (const [name, run] of runs) baselines.set(name, run)
}, 120_000)

describe('each mode under exactly its documented policy', () => {
  it('passes, and no call is denied', () => {
    for (const [name, run] of baselines) {
      const mode: Mode = MODES[name]
      const denied = new Set(
        run.emulator.calls
          .filter((call) => call.error === 'AccessDeniedException')
          .map((call) => call.operation)
      )
      expect({ name, denied: [...denied].sort() }).toEqual({ name, denied: mode.denies ?? [] })
      expect({ name, code: run.code, verdict: run.outputs.verdict }).toEqual({
        name,
        code: mode.code,
        verdict: mode.verdict
      })
    }
    expect([...baselines.keys()].sort()).toEqual(Object.keys(MODES).sort())
  })
})

/**
 * What removing one action does. `fails`: the step fails with an ::error:: naming the permission,
 * and none of `unchanged` (calls that change something) succeeded. `warns`: a ::warning:: names it
 * and the outcome is the mode's (a documented fallback, or detail given up). `unused`: the mode never makes the call, so its run under the full policy
 * already shows what removing it does: nothing.
 */
type Expected =
  { kind: 'fails'; unchanged: readonly string[] } | { kind: 'warns' } | { kind: 'unused' }

interface Removal {
  file: PolicyFile
  action: string
  mode: ModeName
  expected: Expected
}

const CHANGES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'RunTask',
  'CreateDeployment',
  'DeregisterTaskDefinition',
  'StopServiceDeployment'
]
const fails = (...unchanged: string[]): Expected => ({ kind: 'fails', unchanged })
const WARNS: Expected = { kind: 'warns' }
const UNUSED: Expected = { kind: 'unused' }

const REMOVALS: Removal[] = [
  // core: every deploy needs these; all but UpdateService fail before anything changed.
  { file: 'core', action: 'ecs:DescribeServices', mode: 'deploy', expected: fails(...CHANGES) },
  {
    file: 'core',
    action: 'ecs:RegisterTaskDefinition',
    mode: 'deploy',
    expected: fails(...CHANGES)
  },
  // Tagging on creation: without it the revision is registered without its provenance tags.
  { file: 'core', action: 'ecs:TagResource', mode: 'deploy', expected: WARNS },
  { file: 'core', action: 'iam:PassRole', mode: 'deploy', expected: fails(...CHANGES) },
  { file: 'core', action: 'ecs:UpdateService', mode: 'deploy', expected: fails() },
  // Reuses an identical revision and shows the diff; a task definition file does without.
  { file: 'core', action: 'ecs:DescribeTaskDefinition', mode: 'deploy', expected: WARNS },
  // The service-deployments API: the watch falls back to the service's deployments list.
  {
    file: 'service-deployments',
    action: 'ecs:DescribeServiceDeployments',
    mode: 'deploy',
    expected: WARNS
  },
  // Only used when UpdateService does not name currentServiceDeployment.
  {
    file: 'service-deployments',
    action: 'ecs:ListServiceDeployments',
    mode: 'deploy',
    expected: UNUSED
  },
  // Tells whether a listed service deployment targets our revision: without it, deployments[].
  {
    file: 'service-deployments',
    action: 'ecs:DescribeServiceRevisions',
    mode: 'deploy',
    expected: WARNS
  },
  // rollback-on-failure falls back to an UpdateService to the previous revision.
  {
    file: 'service-deployments',
    action: 'ecs:StopServiceDeployment',
    mode: 'rollback-on-failure',
    expected: WARNS
  },
  { file: 'stopped-tasks', action: 'ecs:ListTasks', mode: 'failed rollout', expected: WARNS },
  { file: 'stopped-tasks', action: 'ecs:DescribeTasks', mode: 'failed rollout', expected: WARNS },
  // The failure report says it could not read the log.
  { file: 'logs', action: 'logs:GetLogEvents', mode: 'failed rollout', expected: WARNS },
  { file: 'logs', action: 'logs:GetLogEvents', mode: 'run-task', expected: WARNS },
  { file: 'ecr', action: 'ecr:DescribeImages', mode: 'deploy', expected: WARNS },
  // Read only for a repository that does not exist: the one a pull through cache creates.
  { file: 'ecr', action: 'ecr:DescribePullThroughCacheRules', mode: 'deploy', expected: UNUSED },
  // run-task: the gate fails before the service is touched.
  ...['ecs:RunTask', 'ecs:TagResource', 'ecs:DescribeTasks'].map((action): Removal => ({
    file: 'run-task',
    action,
    mode: 'run-task',
    expected: fails('UpdateService')
  })),
  // Only when the gate has to stop a task it gave up on.
  { file: 'run-task', action: 'ecs:StopTask', mode: 'run-task', expected: UNUSED },
  // CodeDeploy blue/green: CreateDeployment and the permissions it depends on.
  {
    file: 'codedeploy',
    action: 'codedeploy:GetDeploymentGroup',
    mode: 'codedeploy',
    expected: fails('CreateDeployment')
  },
  ...[
    'codedeploy:CreateDeployment',
    'codedeploy:GetDeploymentConfig',
    'codedeploy:RegisterApplicationRevision',
    'codedeploy:GetApplicationRevision'
  ].map((action): Removal => ({
    file: 'codedeploy',
    action,
    mode: 'codedeploy',
    expected: fails('CreateDeployment')
  })),
  { file: 'codedeploy', action: 'codedeploy:GetDeployment', mode: 'codedeploy', expected: fails() },
  // The lifecycle events are detail: the watch gives them up with one warning.
  ...['codedeploy:ListDeploymentTargets', 'codedeploy:BatchGetDeploymentTargets'].map(
    (action): Removal => ({ file: 'codedeploy', action, mode: 'codedeploy', expected: WARNS })
  ),
  // Only to stop a deployment that failed without rolling back, with rollback-on-failure.
  { file: 'codedeploy', action: 'codedeploy:StopDeployment', mode: 'codedeploy', expected: UNUSED },
  // Housekeeping never fails a deploy.
  ...['ecs:ListTaskDefinitions', 'ecs:DeregisterTaskDefinition'].map((action): Removal => ({
    file: 'deregister',
    action,
    mode: 'deregister-previous',
    expected: WARNS
  }))
]

function check(removal: Removal, run: ModeRun): void {
  const mode: Mode = MODES[removal.mode]
  const { action, expected } = removal
  const [, operation = ''] = action.split(':')
  const named = (line: string): boolean => line.includes(`perform: ${action} on resource`)
  const label = `${removal.file} without ${action} (${removal.mode})`
  const outcome = { label, code: run.code, verdict: run.outputs.verdict }
  const sameOutcome = { label, code: mode.code, verdict: mode.verdict }
  switch (expected.kind) {
    case 'fails': {
      expect({ label, code: run.code }).toEqual({ label, code: 1 })
      expect({ label, named: errorLines(run.log).some(named) }).toEqual({ label, named: true })
      const changed = run.emulator
        .mutatingCalls()
        .filter((call) => expected.unchanged.includes(call.operation) && call.error === undefined)
        .map((call) => call.operation)
      expect({ label, changed }).toEqual({ label, changed: [] })
      break
    }
    case 'warns':
      expect(outcome).toEqual(sameOutcome)
      expect({ label, named: warningLines(run.log).some(named) }).toEqual({ label, named: true })
      break
    case 'unused': {
      expect(outcome).toEqual(sameOutcome)
      const called = run.emulator.calls.some((call) => call.operation === operation)
      expect({ label, called }).toEqual({ label, called: false })
    }
  }
}

describe('removing one action from a documented policy', () => {
  it('fails naming the permission, or degrades with a line naming it', async () => {
    const runs = await inBatches(
      REMOVALS.map((removal) => async () => {
        const mode: Mode = MODES[removal.mode]
        const baseline = baselines.get(removal.mode)
        if (removal.expected.kind === 'unused' && baseline !== undefined)
          return { removal, run: baseline }
        return { removal, run: await runMode(mode, policyOf(mode.files, removal)) }
      })
    )
    const problems = runs.flatMap(({ removal, run }) => {
      try {
        check(removal, run)
        return []
      } catch (error) {
        const lines = run.log.split('\n').filter((line) => line.includes(removal.action))
        return [[(error as Error).message, ...lines].join('\n')]
      }
    })
    expect(problems).toEqual([])
    // Every action of every file is covered.
    const covered = new Set(REMOVALS.map((removal) => `${removal.file} ${removal.action}`))
    const documented = POLICY_FILES.flatMap((file) =>
      statementsOf(readPolicy(file))
        .flatMap(actionsOf)
        .map((action) => `${file} ${action}`)
    )
    expect(documented.filter((entry) => !covered.has(entry))).toEqual([])
  }, 240_000)
})
