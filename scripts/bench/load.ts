/**
 * The load run: many deployments at once against one emulator, with some answers throttled. Every
 * verdict must be the right one, no process may crash, and no deployment may make more ECS calls in
 * a minute than the watch's budget allows.
 */
import { readFile } from 'node:fs/promises'
import type { RecordedCall, ScenarioName } from '../../emulator/index.js'
import { startEmulator } from '../../emulator/index.js'
import { runBundle, type BundleRun } from '../run-bundle.js'

export interface LoadOptions {
  bundle: string
  taskDefinitionPath: string
  deployments: number
  /** Share of all answers that are ThrottlingException. */
  throttleShare: number
  timeScale: number
}

export interface LoadResult {
  deployments: number
  wallSeconds: number
  right: number
  wrong: { service: string; expected: string; got: string }[]
  crashed: number
  requests: number
  throttled: number
  /** The most ECS calls one deployment made in any 60 virtual seconds, and the budget. */
  maxCallsPerMinute: number
  budgetPerMinute: number
  verdicts: Record<string, number>
}

/** Of every ten services: eight roll out, one is rolled back by the breaker, one fails without it. */
function scenarioOf(index: number): { scenario: ScenarioName; expected: string } {
  if (index % 10 === 3) return { scenario: 'circuit-breaker-rollback', expected: 'rolled-back' }
  if (index % 10 === 7) return { scenario: 'circuit-breaker-no-rollback', expected: 'failed' }
  return { scenario: 'success', expected: 'succeeded' }
}

const WATCH_BUDGET = 40
// Calls a run makes outside the watch, in its first minute: describe service and revisions, ECR,
// register, update, and finding the service deployment.
const SETUP_CALLS = 10

export async function loadRun(options: LoadOptions): Promise<LoadResult> {
  const names = Array.from({ length: options.deployments }, (_, i) =>
    i === 0 ? 'web' : `svc-${String(i).padStart(2, '0')}`
  )
  const emulator = await startEmulator({
    scenario: 'success',
    timeScale: options.timeScale,
    extraServices: names
      .slice(1)
      .map((name, i) => ({ name, scenario: scenarioOf(i + 1).scenario })),
    faults: [{ kind: 'throttle', probability: options.throttleShare, seed: 7 }]
  })
  const taskDefinition = await readFile(options.taskDefinitionPath, 'utf8')
  const started = Date.now()
  try {
    const runs = await Promise.all(
      names.map((service, index): Promise<BundleRun> =>
        runBundle({
          bundle: options.bundle,
          endpoint: emulator.url,
          timeScale: options.timeScale,
          files: { 'task-definition.json': taskDefinition },
          // One access key per run, so the emulator's record tells the runs' calls apart.
          env: { AWS_ACCESS_KEY_ID: `AKIALOAD${String(index).padStart(4, '0')}` },
          inputs: {
            'task-definition': 'task-definition.json',
            'container-name': 'app',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0.0',
            cluster: 'prod',
            service
          }
        })
      )
    )
    const wallSeconds = (Date.now() - started) / 1000
    const wrong: LoadResult['wrong'] = []
    const verdicts: Record<string, number> = {}
    let crashed = 0
    runs.forEach((run, index) => {
      const expected = scenarioOf(index).expected
      const got = run.outputs.verdict ?? `no verdict (exit ${String(run.code)})`
      verdicts[got] = (verdicts[got] ?? 0) + 1
      if (got !== expected) wrong.push({ service: names[index] ?? '?', expected, got })
      const exitedCleanly = run.code === (expected === 'succeeded' ? 0 : 1)
      // A crash is node's own: an unhandled error or a signal. Stack traces in the app's log lines
      // (shown for a failed rollout) are the app's, not ours.
      const nodeCrash = /^(Unhandled|node:internal)|dist\/index\.js:\d+/m
      if (!exitedCleanly || run.signal !== null || nodeCrash.test(run.log)) crashed++
    })
    const calls = emulator.calls.filter((c) => c.service === 'ecs')
    return {
      deployments: names.length,
      wallSeconds,
      right: names.length - wrong.length,
      wrong,
      crashed,
      requests: emulator.calls.length,
      throttled: emulator.calls.filter((c) => c.error === 'ThrottlingException').length,
      maxCallsPerMinute: busiestMinute(calls),
      budgetPerMinute: WATCH_BUDGET + SETUP_CALLS,
      verdicts
    }
  } finally {
    await emulator.close()
  }
}

/** The most calls one client made within any 60 virtual seconds. */
function busiestMinute(calls: readonly RecordedCall[]): number {
  const byClient = new Map<string, number[]>()
  for (const call of calls) {
    const key = call.accessKeyId ?? 'unknown'
    const times = byClient.get(key) ?? []
    times.push(call.virtualTime)
    byClient.set(key, times)
  }
  let most = 0
  for (const times of byClient.values()) {
    times.sort((a, b) => a - b)
    let first = 0
    for (let last = 0; last < times.length; last++) {
      while ((times[last] ?? 0) - (times[first] ?? 0) >= 60_000) first++
      most = Math.max(most, last - first + 1)
    }
  }
  return most
}
