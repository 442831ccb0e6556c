import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from '../scripts/runner-files.js'

/** The bundle under test: dist/, or another build named by ECS_ROLLOUT_ACTION (parallel work). */
export const ACTION =
  process.env.ECS_ROLLOUT_ACTION ?? fileURLToPath(new URL('../dist/index.js', import.meta.url))

export interface ActionRun {
  code: number | null
  /** stdout and stderr, interleaved as the runner would show them. */
  log: string
  outputs: Record<string, string>
  summary: string
}

export interface RunActionOptions {
  /** Emulator URL for AWS_ENDPOINT_URL_ECS/ECR. */
  endpoint: string
  inputs: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>
  timeScale?: number
  /** More environment for the process (the GitHub context, GITHUB_API_URL). */
  env?: Record<string, string>
  /** Called once the process is running, e.g. to send it a signal. */
  onStart?: (child: { kill(signal: NodeJS.Signals): boolean }) => void
}

/** Runs the bundled action the way the runner does: INPUT_* variables and the two command files. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-rollout-e2e-'))
  try {
    const workspace = join(dir, 'workspace')
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    await mkdir(workspace, { recursive: true })
    for (const [path, content] of Object.entries(options.files ?? {})) {
      await mkdir(join(workspace, path, '..'), { recursive: true })
      await writeFile(join(workspace, path), content)
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAEMULATOREXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-not-real',
      AWS_ENDPOINT_URL_ECS: options.endpoint,
      AWS_ENDPOINT_URL_ECR: options.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: options.endpoint,
      AWS_ENDPOINT_URL_CODEDEPLOY: options.endpoint,
      ECS_ROLLOUT_TIME_SCALE: String(options.timeScale ?? 200),
      NODE_NO_WARNINGS: '1',
      ...options.env
    }
    for (const [name, value] of Object.entries(options.inputs)) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    const { code, log } = await spawnNode(env, workspace, options.onStart)
    return {
      code,
      log,
      outputs: parseOutputFile(await readFile(join(dir, 'output'), 'utf8')),
      summary: await readFile(join(dir, 'summary'), 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function spawnNode(
  env: Record<string, string>,
  cwd: string,
  onStart: RunActionOptions['onStart']
): Promise<{ code: number | null; log: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ACTION], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
    // A hung action must fail its test, not the whole suite.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(guard)
      resolvePromise({ code, log })
    })
    onStart?.(child)
  })
}
