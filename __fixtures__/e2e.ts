import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  startEmulatorWithHooks,
  type Emulator,
  type EmulatorOptions,
  type ScenarioName
} from '../emulator/index.js'
import type { RecordedCall } from '../emulator/index.js'
import { runAction, type ActionRun } from './run-action.js'

export const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0.0'
// The example users see is the one the tests deploy.
export const TASK_DEFINITION = readFileSync(
  fileURLToPath(new URL('../examples/task-definition.json', import.meta.url)),
  'utf8'
)
export const FILES = { '.aws/task-definition.json': TASK_DEFINITION }
export const DEPLOY: Record<string, string> = {
  'task-definition': '.aws/task-definition.json',
  'container-name': 'app',
  image: IMAGE,
  service: 'web',
  cluster: 'prod'
}
export const TIME_SCALE = 200

/** The workflow context of a run in GitHub Actions, for tags and deployment statuses. */
export const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1'
}

const running = new Set<Emulator>()

/** For afterEach: closes every emulator a test started. */
export async function closeEmulators(): Promise<void> {
  await Promise.all([...running].map((e) => e.close()))
  running.clear()
}

/**
 * The results of many end-to-end cases, each its own process and emulator, run `batch` at a time
 * (the emulators of a batch closed before the next) in a `beforeAll`; `get(name)` in the tests.
 */
export class CaseRuns<T> {
  private readonly results = new Map<string, T>()

  async runAll(
    names: readonly string[],
    batch: number,
    runOne: (name: string) => Promise<T>
  ): Promise<void> {
    for (let i = 0; i < names.length; i += batch) {
      await Promise.all(
        names.slice(i, i + batch).map(async (name) => {
          this.results.set(name, await runOne(name))
        })
      )
      await closeEmulators()
    }
  }

  get(name: string): T {
    const found = this.results.get(name)
    if (found === undefined) throw new Error(`case "${name}" did not run`)
    return found
  }
}

export interface DeployOptions {
  inputs?: Record<string, string>
  files?: Record<string, string>
  emulator?: Partial<EmulatorOptions>
  env?: Record<string, string>
  /** Sees every ECS call as the emulator answers it, with a handle on the action's process. */
  onCall?: (call: RecordedCall, action: { kill(signal: NodeJS.Signals): boolean }) => void
  /** Prepares the workspace beyond `files`: links, large files (run-bundle.ts). */
  prepare?: (workspace: string) => Promise<void>
  /** Measures the action's peak resident memory (`peakRssBytes`). */
  peakMemory?: boolean
}

/** Starts the emulator with a scenario and runs the bundled action against it. */
export async function deploy(
  scenario: ScenarioName,
  options: DeployOptions = {}
): Promise<ActionRun & { emulator: Emulator }> {
  let action: { kill(signal: NodeJS.Signals): boolean } | undefined
  const emulator = await startEmulatorWithHooks(
    { scenario, timeScale: TIME_SCALE, ...options.emulator },
    { onCall: (call) => action && options.onCall?.(call, action) }
  )
  running.add(emulator)
  const run = await runAction({
    endpoint: emulator.url,
    inputs: options.inputs ?? DEPLOY,
    files: options.files ?? FILES,
    timeScale: options.emulator?.timeScale ?? TIME_SCALE,
    ...(options.env !== undefined && { env: options.env }),
    ...(options.prepare !== undefined && { prepare: options.prepare }),
    ...(options.peakMemory !== undefined && { peakMemory: options.peakMemory }),
    onStart: (child) => (action = child)
  })
  return { ...run, emulator }
}

/** Runs the action once more against an emulator a test already started. */
export function runAgain(
  emulator: Emulator,
  inputs: Record<string, string> = DEPLOY
): Promise<ActionRun> {
  return runAction({ endpoint: emulator.url, inputs, files: FILES, timeScale: TIME_SCALE })
}

/** Shows the action's log when the exit code is not the one expected. */
export function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code)
    throw new Error(`expected exit code ${code}, got ${String(run.code)}. Log:\n${run.log}`)
}

export const operations = (emulator: Emulator): string[] =>
  emulator.mutatingCalls().map((c) => c.operation)
export const errorLines = (log: string): string[] =>
  log.split('\n').filter((l) => l.startsWith('::error'))
export const warningLines = (log: string): string[] =>
  log.split('\n').filter((l) => l.startsWith('::warning'))
