/**
 * Secrets and output hygiene, end to end: the bundled action deploys with secrets in its inputs,
 * its task definition file and its environment, against an emulator whose every event, stopped
 * reason, container reason and log line is hostile. The whole log and the whole summary must hold
 * no secret (the runner's ::add-mask:: lines aside), no workflow command the runner would run other
 * than the action's own, and no raw HTML or Markdown from ECS.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ScenarioName } from '../../emulator/index.js'
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github.js'
import {
  closeEmulators,
  deploy,
  DEPLOY,
  expectExit,
  GITHUB_ENV,
  TASK_DEFINITION
} from '../../__fixtures__/e2e.js'
import type { ActionRun } from '../../__fixtures__/run-action.js'
import { runnerCommands } from '../report/runner-commands.js'

const fakes: FakeGitHub[] = []
afterEach(async () => {
  await closeEmulators()
  await Promise.all(fakes.splice(0).map((f) => f.close()))
})

const TOKEN = 'ghs_hygieneTokenValue0123456789'
const INPUT_SECRETS = {
  password: 's3cr3t-Pa55word!',
  apiToken: 'tok_live_9f8e7d6c5b4a',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hygiene-db-url-Xy12Ab'
}
/** Not masked (see secret-values.ts): the action must simply never print them. */
const NEVER_PRINTED = {
  bareParameter: '/prod/hygiene/bare-parameter-name',
  fileEnvValue: 'file-env-Value-9x7q',
  fileSecretArn: 'arn:aws:ssm:us-east-1:123456789012:parameter/hygiene-file-secret',
  fileEnvFile: 'arn:aws:s3:::hygiene-bucket/hygiene-app.env'
}
const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIAHYGIENE000000001',
  AWS_SECRET_ACCESS_KEY: 'hygiene/Secret+Access+Key/0123456789abcdef',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjHygieneSessionToken0123456789'
}

const taskDefinition = (() => {
  const td = JSON.parse(TASK_DEFINITION) as {
    containerDefinitions: Record<string, unknown>[]
  }
  const [app] = td.containerDefinitions
  if (app === undefined) throw new Error('the example has no container')
  app.environment = [
    { name: 'FEATURE_FLAGS', value: '' },
    { name: 'FILE_SECRET', value: NEVER_PRINTED.fileEnvValue }
  ]
  app.secrets = [{ name: 'FILE_DB', valueFrom: NEVER_PRINTED.fileSecretArn }]
  app.environmentFiles = [{ type: 's3', value: NEVER_PRINTED.fileEnvFile }]
  return JSON.stringify(td, null, 2)
})()

const inputs = (more: Record<string, string>): Record<string, string> => ({
  ...DEPLOY,
  'environment-variables': [
    `DB_PASSWORD=${INPUT_SECRETS.password}`,
    `API_TOKEN=${INPUT_SECRETS.apiToken}`,
    'PORT=8080',
    'DEBUG=true'
  ].join('\n'),
  secrets: [`DB_URL=${INPUT_SECRETS.secretArn}`, `API_KEY=${NEVER_PRINTED.bareParameter}`].join(
    '\n'
  ),
  'github-token': TOKEN,
  ...more
})

async function hostileDeploy(
  scenario: ScenarioName,
  more: Record<string, string>,
  github?: FakeGitHub
): Promise<ActionRun> {
  return deploy(scenario, {
    inputs: inputs(more),
    files: { '.aws/task-definition.json': taskDefinition },
    emulator: { hostileTexts: true },
    env: {
      ...AWS,
      ...GITHUB_ENV,
      ...(github !== undefined && { GITHUB_API_URL: github.url })
    }
  })
}

/** Every way the action could leak what it was given. */
const masked = [...Object.values(INPUT_SECRETS), ...Object.values(AWS), TOKEN]
const secrets = [...masked, ...Object.values(NEVER_PRINTED)]

function expectHygiene(run: ActionRun, mustMask: readonly string[]): void {
  const lines = run.log.split(/\r\n|\r|\n/)
  for (const secret of secrets) {
    const leaks = lines.filter((l) => l.includes(secret) && !l.startsWith('::add-mask::'))
    expect({ secret, leaks }).toEqual({ secret, leaks: [] })
    expect({ secret, inSummary: run.summary.includes(secret) }).toEqual({
      secret,
      inSummary: false
    })
  }
  const commands = runnerCommands(run.log)
  const masks = commands.filter((c) => c.command === 'add-mask').map((c) => c.data)
  for (const secret of mustMask) expect(masks).toContain(secret)
  // Nothing masks what the hostile texts tried to mask ("x" would blank every x in the log).
  expect(masks.filter((m) => m.length < 4)).toEqual([])

  // Only the action's own commands run: annotations, groups, masks, and stop-commands fences.
  const tokens = new Set(
    commands.filter((c) => c.command === 'stop-commands').map((c) => c.data.toLowerCase())
  )
  const injected = commands.filter(
    (c) =>
      !tokens.has(c.command.toLowerCase()) &&
      (![
        'error',
        'warning',
        'notice',
        'debug',
        'group',
        'endgroup',
        'add-mask',
        'stop-commands'
      ].includes(c.command) ||
        c.data === 'pwned' ||
        c.data === 'x' ||
        c.data === 'pwned-token' ||
        c.line.includes('##['))
  )
  expect(injected.map((c) => c.line)).toEqual([])
  for (const token of tokens) expect(token).toMatch(/^ecs-rollout-[0-9a-f]{32}$/)

  // The summary: escaped, and one HTML block (no blank line lets Markdown loose).
  const summary = run.summary.replace(/href="[^"]*"/g, '')
  for (const raw of ['<img', '**x**', '| a |', '[link](', '`tick`', '\r']) {
    expect({ raw, found: summary.includes(raw) }).toEqual({ raw, found: false })
  }
  expect(
    run.summary
      .trimEnd()
      .split('\n')
      .filter((l) => l.trim() === '')
  ).toEqual([])
}

describe('secrets and output hygiene', () => {
  it('success, circuit-breaker rollback and dry run: no secret, no injected command, no raw HTML', async () => {
    const github = await startFakeGitHub({ token: TOKEN })
    fakes.push(github)
    const deployment = {
      'github-deployment': 'true',
      environment: 'production'
    }
    const [success, rollback, dryRun] = await Promise.all([
      hostileDeploy('success', deployment, github),
      hostileDeploy('circuit-breaker-rollback', deployment, github),
      hostileDeploy('success', { 'dry-run': 'true' })
    ])
    expectExit(success, 0)
    expectExit(rollback, 1)
    expectExit(dryRun, 0)
    expectHygiene(success, masked)
    expectHygiene(rollback, masked)
    // Without github-deployment the token is not used, so not masked either; it is never printed.
    expectHygiene(
      dryRun,
      masked.filter((m) => m !== TOKEN)
    )

    // The hostile texts did reach the action: events and log lines in the log, fenced ...
    expect(rollback.log).toMatch(/event: .*::error::pwned/)
    expect(rollback.log).toMatch(/^::set-output name=x::y $/m)
    expect(rollback.log).toMatch(/^::error::pwned Error: DATABASE_URL is not set/m)
    expect(rollback.log).toMatch(/^::stop-commands::ecs-rollout-[0-9a-f]{32}$/m)
    // ... stopped reasons and log lines in the summary, escaped.
    expect(rollback.summary).toContain('Essential container in task exited ::error::pwned')
    expect(rollback.summary).toMatch(/app exit 1: Error ::error::pwned/)
    expect(rollback.summary).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(rollback.summary).toMatch(/<pre><code>[^]*::error::pwned Starting server/)
    // The verdict annotation is the action's own, with the hostile text inside its data.
    const errors = runnerCommands(rollback.log).filter((c) => c.command === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.properties.title).toBe('ECS Rollout: rolled-back')
    // The diff ran (dry run) and shows the new environment values only as ***.
    expect(dryRun.log).toMatch(/^\+\s*"value": "\*\*\*"/m)
    expect(dryRun.log).not.toContain('8080"')
    // The check can fail: without its fences, this very log would run the injected commands.
    const unfenced = rollback.log
      .split('\n')
      .filter((l) => !/^::(stop-commands::)?ecs-rollout-[0-9a-f]{32}(::)?$/.test(l))
      .join('\n')
    expect(runnerCommands(unfenced).map((c) => c.command)).toEqual(
      expect.arrayContaining(['set-output', 'add-mask', 'stop-commands'])
    )
  }, 30_000)
})
