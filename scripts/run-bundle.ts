import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile } from './runner-files.js'

export interface BundleRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** stdout and stderr, interleaved as the runner would show them. */
  log: string
  outputs: Record<string, string>
  summary: string
  /** Real milliseconds from spawn to exit. */
  wallMs: number
  /** Real epoch milliseconds the process started and exited. */
  startedAt: number
  exitedAt: number
  /** The process's peak resident memory (getrusage maxrss), when `peakMemory` asked for it. */
  peakRssBytes?: number
}

export interface RunBundleOptions {
  /** Path of the bundled action (dist/index.js). */
  bundle: string
  /** The emulator's URL, for every AWS_ENDPOINT_URL_* the action uses. */
  endpoint: string
  inputs: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files: Record<string, string>
  timeScale: number
  /** More environment for the process (the GitHub context, GITHUB_API_URL). */
  env?: Record<string, string>
  /** Called once the process is running, e.g. to send it a signal. */
  onStart?: (child: { kill(signal: NodeJS.Signals): boolean }) => void
  /** A hung action is killed after this long (real milliseconds); default never. */
  killAfterMs?: number
  /** Prepares the workspace beyond `files` (links, large files); its parent is the run's own folder. */
  prepare?: (workspace: string) => Promise<void>
  /** Measure the process's peak resident memory (`peakRssBytes`). */
  peakMemory?: boolean
}

/**
 * Loaded before the action (node --import): writes the peak resident memory when it exits. VmHWM,
 * the peak of this process's own memory since exec; getrusage's maxrss outlives exec on Linux, so
 * it would report the spawning process's size when that was larger (a jest worker).
 */
const PEAK_MEMORY_HOOK = `data:text/javascript,${encodeURIComponent(
  "import{readFileSync,writeFileSync}from'node:fs';process.on('exit',()=>{let peak=process.resourceUsage().maxRSS*1024;try{const m=/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status','utf8'));if(m)peak=Number(m[1])*1024}catch{}writeFileSync(process.env.ECS_ROLLOUT_PEAK_FILE,String(peak))})"
)}`

/** Runs the bundled action once, as the runner does: INPUT_* variables and the two command files. */
export async function runBundle(options: RunBundleOptions): Promise<BundleRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-rollout-bench-'))
  try {
    const workspace = join(dir, 'workspace')
    await mkdir(workspace, { recursive: true })
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    for (const [path, content] of Object.entries(options.files)) {
      await mkdir(join(workspace, path, '..'), { recursive: true })
      await writeFile(join(workspace, path), content)
    }
    await options.prepare?.(workspace)
    const peakFile = join(dir, 'peak-rss')
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
      AWS_ENDPOINT_URL_EVENTBRIDGE: options.endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: options.endpoint,
      ECS_ROLLOUT_TIME_SCALE: String(options.timeScale),
      NODE_NO_WARNINGS: '1',
      ...(options.peakMemory === true && { ECS_ROLLOUT_PEAK_FILE: peakFile }),
      ...options.env
    }
    for (const [name, value] of Object.entries(options.inputs)) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    const startedAt = Date.now()
    const { code, signal, log } = await new Promise<{
      code: number | null
      signal: NodeJS.Signals | null
      log: string
    }>((resolve, reject) => {
      const args = options.peakMemory === true ? ['--import', PEAK_MEMORY_HOOK] : []
      const child = spawn(process.execPath, [...args, options.bundle], {
        env,
        cwd: workspace,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      const guard =
        options.killAfterMs === undefined
          ? undefined
          : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
      child.on('error', reject)
      child.on('close', (exitCode, exitSignal) => {
        clearTimeout(guard)
        resolve({ code: exitCode, signal: exitSignal, log: text })
      })
      options.onStart?.(child)
    })
    const exitedAt = Date.now()
    const peak = options.peakMemory === true ? await readFile(peakFile, 'utf8').catch(() => '') : ''
    return {
      ...(peak !== '' && { peakRssBytes: Number(peak) }),
      code,
      signal,
      log,
      outputs: parseOutputFile(await readFile(join(dir, 'output'), 'utf8')),
      summary: await readFile(join(dir, 'summary'), 'utf8'),
      wallMs: exitedAt - startedAt,
      startedAt,
      exitedAt
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
