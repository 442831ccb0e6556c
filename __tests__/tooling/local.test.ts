import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ACTION } from '../../__fixtures__/run-action.js'
import { parseEnvFile, runLocal } from '../../scripts/local-run.js'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const scratch = mkdtempSync(join(tmpdir(), 'ecs-rollout-local-test-'))
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
})

describe('parseEnvFile', () => {
  it('reads KEY=value lines, skipping comments, with quotes and export', () => {
    const text = [
      '# a comment',
      '',
      'INPUT_TASK-DEFINITION=examples/task-definition.json',
      'export AWS_REGION = eu-west-1',
      "SINGLE='a \\n # b'",
      'DOUBLE="line 1\\nline 2"',
      'HASH=a#b',
      'EMPTY='
    ].join('\n')
    expect(parseEnvFile(text)).toEqual({
      'INPUT_TASK-DEFINITION': 'examples/task-definition.json',
      AWS_REGION: 'eu-west-1',
      SINGLE: 'a \\n # b',
      DOUBLE: 'line 1\nline 2',
      HASH: 'a#b',
      EMPTY: ''
    })
  })

  it('names the file and line of a line it cannot read', () => {
    expect(() => parseEnvFile('A=1\nnot a variable\n', '.env')).toThrow(
      '.env:2: expected KEY=value, got "not a variable"'
    )
  })

  it('reads .env.example', () => {
    const env = parseEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8'))
    expect(env).toMatchObject({ AWS_ENDPOINT_URL_ECS: 'emulator', INPUT_SERVICE: 'web' })
  })
})

/** Stands in for dist/index.js: reports the environment it was given and uses the file commands. */
const FAKE_ACTION = `import { appendFileSync } from 'node:fs'
const env = process.env
const seen = {
  endpoint: env.AWS_ENDPOINT_URL_ECS,
  ecr: env.AWS_ENDPOINT_URL_ECR ?? '',
  cluster: env.INPUT_CLUSTER,
  service: env.INPUT_SERVICE,
  key: env.AWS_ACCESS_KEY_ID,
  profile: env.AWS_PROFILE ?? '',
  scale: env.ECS_ROLLOUT_TIME_SCALE,
  workspace: env.GITHUB_WORKSPACE,
  cwd: process.cwd()
}
for (const [name, value] of Object.entries(seen)) {
  appendFileSync(env.GITHUB_OUTPUT, name + '<<EOF\\n' + value + '\\nEOF\\n')
}
appendFileSync(env.GITHUB_STEP_SUMMARY, '## fake summary\\n')
console.log('::add-mask::s3cr3t')
console.log('the value s3cr3t stays hidden')
console.log('::error title=x::went wrong')
process.exit(3)
`

describe('runLocal', () => {
  it('runs the bundle as the runner would: .env over the shell, defaults, emulator, masks', async () => {
    const bundle = join(scratch, 'fake-action.mjs')
    writeFileSync(bundle, FAKE_ACTION)
    const lines: string[] = []
    const run = await runLocal({
      root: ROOT,
      bundle,
      fileEnv: { INPUT_SERVICE: 'api', AWS_ENDPOINT_URL_ECS: 'emulator' },
      baseEnv: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'AKIAREALSHELLKEY',
        AWS_PROFILE: 'production',
        ECS_ROLLOUT_TIME_SCALE: '500'
      },
      print: (line) => lines.push(line)
    })
    expect(run.code).toBe(3)
    expect(run.emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(run.outputs).toEqual({
      endpoint: run.emulatorUrl,
      // Only the endpoints that said "emulator" move without --emulator.
      ecr: '',
      cluster: 'default',
      service: 'api',
      // The shell's credentials and profile never reach the emulator.
      key: 'AKIAEMULATOREXAMPLE',
      profile: '',
      scale: '500',
      workspace: ROOT,
      cwd: ROOT
    })
    expect(run.summary).toBe('## fake summary\n')
    expect(lines.slice(1)).toEqual(['the value *** stays hidden', 'Error: went wrong'])
    expect(lines[0]).toContain('Started the ECS emulator on http://127.0.0.1:')
  })

  it('starts no emulator and keeps the shell credentials when nothing asks for one', async () => {
    const bundle = join(scratch, 'fake-action.mjs')
    writeFileSync(bundle, FAKE_ACTION)
    const run = await runLocal({
      root: ROOT,
      bundle,
      fileEnv: { AWS_ENDPOINT_URL_ECS: 'http://127.0.0.1:1' },
      baseEnv: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'AKIASHELL' },
      print: () => undefined
    })
    expect(run.emulatorUrl).toBeUndefined()
    expect(run.outputs).toMatchObject({ endpoint: 'http://127.0.0.1:1', key: 'AKIASHELL' })
  })

  it('refuses an unknown emulator scenario before running anything', async () => {
    await expect(
      runLocal({
        root: ROOT,
        bundle: join(scratch, 'never-run.mjs'),
        fileEnv: {},
        emulator: true,
        scenario: 'no-such-scenario',
        print: () => undefined
      })
    ).rejects.toThrow('Unknown emulator scenario "no-such-scenario"')
  })

  it('deploys with the values of .env.example against the emulator it starts', async () => {
    const lines: string[] = []
    const run = await runLocal({
      root: ROOT,
      bundle: ACTION,
      fileEnv: parseEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8')),
      baseEnv: { PATH: process.env.PATH },
      print: (line) => lines.push(line)
    })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      verdict: 'succeeded',
      'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    })
    expect(run.summary).toContain('ECS Rollout: succeeded')
    expect(lines.join('\n')).not.toContain('emulator-secret-not-real')
  }, 30_000)
})
