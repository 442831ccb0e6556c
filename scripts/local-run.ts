/**
 * What `npm run local` does: run the bundled action once on this machine the way the runner runs a
 * step, with the inputs and environment of a .env file, optionally against an emulator it starts.
 * @github/local-action stubs @actions/core with its own copy and runs the TypeScript sources; this
 * runs dist/index.js itself, with the real @actions/core 3, file commands and exit code.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

import { startEmulator, type Emulator } from '../emulator/index.js'
import { isScenarioName } from '../emulator/scenarios.js'
import { inputVariable, parseActionMetadata } from './docs-tables.js'
import { parseOutputFile, renderWorkflowCommand } from './runner-files.js'

/** The value of an AWS_ENDPOINT_URL_* variable that asks for an emulator started here. */
export const EMULATOR = 'emulator'

/** The endpoints `--emulator` sets: every AWS service the action calls. */
const SERVICE_ENDPOINTS = [
  'AWS_ENDPOINT_URL_ECS',
  'AWS_ENDPOINT_URL_ECR',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_ENDPOINT_URL_CODEDEPLOY',
  'AWS_ENDPOINT_URL_EVENTBRIDGE',
  'AWS_ENDPOINT_URL_SCHEDULER'
] as const

const ENDPOINT = /^AWS_ENDPOINT_URL(?:_[A-Z0-9_]+)?$/
const DEFAULT_TIME_SCALE = 60
// The dummies CI uses too: the SDK insists on signing, the emulator ignores signatures.
const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAEMULATOREXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'emulator-secret-not-real'
}

/**
 * A .env file: `KEY=value` lines, `#` comments, an optional `export `, values optionally in single
 * quotes (taken as they are) or double quotes (`\n` is a newline). No inline comments: a `#` in an
 * unquoted value is part of it. Keys may hold `-`, as input names do (INPUT_TASK-DEFINITION).
 */
export function parseEnvFile(text: string, file = '.env'): Record<string, string> {
  const env: Record<string, string> = {}
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line)
    if (!match) throw new Error(`${file}:${index + 1}: expected KEY=value, got "${line}"`)
    const [, key = '', value = ''] = match
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      const inner = value.slice(1, -1)
      env[key] = quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"') : inner
    } else env[key] = value
  })
  return env
}

export interface LocalOptions {
  /** The project root: action.yml, and the default workspace. */
  root: string
  /** The bundled action to run. */
  bundle: string
  /** The variables of the .env file (they win over `baseEnv`). */
  fileEnv: Record<string, string>
  /** The environment the step inherits, as a runner's job does (default: none). */
  baseEnv?: NodeJS.ProcessEnv
  /** Start the emulator and point every AWS service at it, whatever the endpoints say. */
  emulator?: boolean
  /** Emulator scenario; default ECS_ROLLOUT_EMULATOR_SCENARIO, else success. */
  scenario?: string
  /** Where the log goes, line by line (default console.log). */
  print?: (line: string) => void
}

export interface LocalRun {
  code: number | null
  outputs: Record<string, string>
  summary: string
  /** The emulator's URL when one was started. */
  emulatorUrl?: string
}

/** Starts the emulator when asked to; the variables that said "emulator" then point at it. */
async function maybeStartEmulator(
  env: Record<string, string | undefined>,
  options: LocalOptions
): Promise<Emulator | undefined> {
  const asked = Object.keys(env).filter((key) => ENDPOINT.test(key) && env[key] === EMULATOR)
  if (!options.emulator && asked.length === 0) return undefined
  const scenario = options.scenario ?? env.ECS_ROLLOUT_EMULATOR_SCENARIO ?? 'success'
  if (!isScenarioName(scenario)) {
    throw new Error(`Unknown emulator scenario "${scenario}" (see npm run emulator -- --help).`)
  }
  const scale = env.ECS_ROLLOUT_TIME_SCALE ?? String(DEFAULT_TIME_SCALE)
  const timeScale = Number(scale)
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new Error(`ECS_ROLLOUT_TIME_SCALE must be a positive number, got "${scale}".`)
  }
  const emulator = await startEmulator({ scenario, timeScale })
  for (const key of options.emulator ? [...SERVICE_ENDPOINTS, ...asked] : asked) {
    env[key] = emulator.url
  }
  // The action honours ECS_ROLLOUT_TIME_SCALE only with an endpoint override; match the emulator.
  env.ECS_ROLLOUT_TIME_SCALE = String(timeScale)
  env.AWS_REGION ??= 'us-east-1'
  // Never sign emulator requests with the shell's real credentials: the .env's, or dummies.
  env.AWS_ACCESS_KEY_ID = options.fileEnv.AWS_ACCESS_KEY_ID ?? DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID
  env.AWS_SECRET_ACCESS_KEY =
    options.fileEnv.AWS_SECRET_ACCESS_KEY ?? DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY
  delete env.AWS_SESSION_TOKEN
  delete env.AWS_PROFILE
  options.print?.(
    `Started the ECS emulator on ${emulator.url} (scenario ${scenario}, time ${String(timeScale)}× faster).`
  )
  return emulator
}

/** Shows a line as the Actions log would: commands rendered, values added with add-mask hidden. */
function logLine(masks: string[], line: string): string | undefined {
  const mask = /^::add-mask::(.*)$/.exec(line)
  if (mask?.[1]) {
    masks.push(mask[1])
    return undefined
  }
  const shown = renderWorkflowCommand(line)
  return shown === undefined
    ? undefined
    : masks.reduce((text, secret) => text.split(secret).join('***'), shown)
}

/** Runs the action once and reports its exit code, outputs and job summary. */
export async function runLocal(options: LocalOptions): Promise<LocalRun> {
  const print =
    options.print ??
    ((line: string) => {
      console.log(line)
    })
  const env: Record<string, string | undefined> = { ...options.baseEnv, ...options.fileEnv }
  // The runner gives every input its action.yml default when the workflow does not set it.
  const metadata = parseActionMetadata(await readFile(join(options.root, 'action.yml'), 'utf8'))
  for (const input of metadata.inputs) {
    const variable = inputVariable(input.name)
    if (input.default !== undefined) env[variable] ??= input.default
  }

  const emulator = await maybeStartEmulator(env, { ...options, print })
  let files: string | undefined
  try {
    files = await mkdtemp(join(tmpdir(), 'ecs-rollout-local-'))
    const workspace = (env.GITHUB_WORKSPACE ??= options.root)
    const output = (env.GITHUB_OUTPUT = join(files, 'output'))
    const summary = (env.GITHUB_STEP_SUMMARY = join(files, 'summary'))
    env.RUNNER_TEMP = join(files, 'temp')
    // The SDK warns that this machine's Node is older than the runner's node24; the step would not.
    env.NODE_NO_WARNINGS ??= '1'
    // The runner creates both files before a step starts; @actions/core refuses to write otherwise.
    await writeFile(output, '')
    await writeFile(summary, '')
    await mkdir(env.RUNNER_TEMP)

    const masks: string[] = []
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [options.bundle], {
        env,
        cwd: workspace,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          const shown = logLine(masks, line)
          if (shown !== undefined) print(shown)
        })
      }
      child.on('error', reject)
      child.on('close', resolve)
    })
    return {
      code,
      outputs: parseOutputFile(await readFile(output, 'utf8')),
      summary: await readFile(summary, 'utf8'),
      ...(emulator && { emulatorUrl: emulator.url })
    }
  } finally {
    await emulator?.close()
    if (files !== undefined) await rm(files, { recursive: true, force: true })
  }
}
