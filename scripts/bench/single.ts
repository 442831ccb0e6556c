/**
 * Measurements of one action run at a time against its own emulator: cold start, how soon a verdict
 * follows ECS's own terminal transition, how fast a missing image fails, and how many calls a watch
 * makes per minute.
 */
import type { Emulator, RecordedCall, ScenarioName } from '../../emulator/index.js'
import { startEmulator } from '../../emulator/index.js'
import { runBundle, type BundleRun } from '../run-bundle.js'

export interface SingleOptions {
  bundle: string
  taskDefinition: string
  timeScale: number
}

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
export const POLL_INTERVAL_SECONDS = 5

function inputs(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'task-definition': 'task-definition.json',
    'container-name': 'app',
    image: `${IMAGE}:${tag}`,
    cluster: 'prod',
    service: 'web',
    'poll-interval-seconds': String(POLL_INTERVAL_SECONDS),
    ...extra
  }
}

async function once(
  options: SingleOptions,
  scenario: ScenarioName,
  runInputs: Record<string, string>,
  extraServices: string[] = []
): Promise<{ run: BundleRun; emulator: Emulator }> {
  const emulator = await startEmulator({
    scenario,
    timeScale: options.timeScale,
    ...(extraServices.length > 0 && { extraServices: extraServices.map((name) => ({ name })) })
  })
  try {
    const run = await runBundle({
      bundle: options.bundle,
      endpoint: emulator.url,
      timeScale: options.timeScale,
      files: { 'task-definition.json': options.taskDefinition },
      inputs: runInputs
    })
    return { run, emulator }
  } finally {
    await emulator.close()
  }
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Process start to the first AWS request, in real milliseconds. */
export async function coldStart(options: SingleOptions, runs: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const { run, emulator } = await once(options, 'success', inputs('2.0.0', { 'dry-run': 'true' }))
    const first = emulator.calls[0]
    if (first === undefined) throw new Error(`cold start: no AWS request was made\n${run.log}`)
    times.push(first.realTime - run.startedAt)
  }
  return times
}

export interface Detection {
  /** Real milliseconds from ECS's terminal transition to the action's exit. */
  realMs: number[]
  /** The same in the action's (virtual) time, to compare with the poll interval. */
  virtualMs: number[]
  verdicts: string[]
}

/**
 * How long after ECS knew the outcome the action exited: success (the service deployment turned
 * SUCCESSFUL) and rollback (the circuit breaker asked for ROLLBACK_REQUESTED).
 */
export async function detection(
  options: SingleOptions,
  kind: 'success' | 'rollback',
  runs: number
): Promise<Detection> {
  const scenario: ScenarioName = kind === 'success' ? 'success' : 'circuit-breaker-rollback'
  const marker = kind === 'success' ? 'SUCCESSFUL' : 'ROLLBACK_REQUESTED'
  const result: Detection = { realMs: [], virtualMs: [], verdicts: [] }
  // Side by side: each run waits on its own emulator, so they do not compete for much CPU.
  const finished = await Promise.all(
    Array.from({ length: runs }, () => once(options, scenario, inputs('2.0.0')))
  )
  for (const { run, emulator } of finished) {
    const ours = run.outputs['service-deployment-arn'] ?? 'unknown'
    const transition = emulator.timeline.find(
      (t) => t.what.startsWith(`service-deployment ${marker} `) && t.what.includes(ours)
    )
    if (transition === undefined) throw new Error(`detection: no ${marker} for ${ours}\n${run.log}`)
    const realMs = run.exitedAt - transition.realTime
    result.realMs.push(realMs)
    result.virtualMs.push(realMs * options.timeScale)
    result.verdicts.push(run.outputs.verdict ?? 'none')
  }
  return result
}

/** Process start to exit when the image is not in ECR, in real milliseconds; nothing may change. */
export async function missingImage(options: SingleOptions, runs: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const { run, emulator } = await once(options, 'success', inputs('9.9.9-missing'))
    if (run.code !== 1 || emulator.mutatingCalls().length > 0)
      throw new Error(`missing image: expected a failure before any change\n${run.log}`)
    times.push(run.wallMs)
  }
  return times
}

/**
 * ECS calls during a long watch (slow-success, about 9 minutes) of `services` services at once: the
 * most in any 60 virtual seconds, and per service on average. Throttling buckets are per account and
 * Region, shared with every deploy and tool there, so this is what the action costs the account.
 */
export async function callsPerMinute(
  options: SingleOptions,
  services = 1
): Promise<{
  services: number
  most: number
  average: number
  perServiceAverage: number
  watchedMinutes: number
}> {
  const extra = Array.from({ length: services - 1 }, (_, i) => `web${i + 2}`)
  const { run, emulator } = await once(
    options,
    'slow-success',
    inputs('2.0.0', { service: ['web', ...extra].join('\n') }),
    extra
  )
  if (run.outputs.verdict !== 'succeeded') throw new Error(`calls per minute: ${run.log}`)
  // From the first UpdateService: the watch, not the checks before it.
  const calls = emulator.calls.filter((c: RecordedCall) => c.service === 'ecs')
  const start = calls.find((c) => c.operation === 'UpdateService')?.virtualTime ?? 0
  const times = calls
    .map((c) => c.virtualTime)
    .filter((t) => t >= start)
    .sort((a, b) => a - b)
  let most = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 60_000) first++
    most = Math.max(most, last - first + 1)
  }
  const spanMinutes = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 60_000
  const average = spanMinutes > 0 ? times.length / spanMinutes : times.length
  return {
    services,
    most,
    average,
    perServiceAverage: average / services,
    watchedMinutes: spanMinutes
  }
}
