/**
 * Hostile inputs and answers (issue 15), measured on the bundled action as a process: a 60 MiB
 * task definition file (refused from its size before reading), a flood of 10,000 service events in
 * every DescribeServices answer while watching, and an answer that never ends. Time is real time
 * from spawn to exit; memory is the process's peak resident set (getrusage maxrss).
 */
import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator, type FaultRule } from '../../emulator/index.js'
import { runBundle, type BundleRun } from '../run-bundle.js'
import { median } from './single.js'

export interface HostileOptions {
  bundle: string
  taskDefinition: string
  timeScale: number
}

export interface ProcessFigures {
  wallMs: number[]
  peakRssBytes: number[]
}

export interface HostileResults {
  /** A normal run that fails at once (a missing file): what the process costs by itself. */
  missingFile: ProcessFigures
  hugeFile: ProcessFigures & { fileBytes: number }
  /** A successful rollout, and the same with 10,000 events in every answer while watching. */
  plainRollout: ProcessFigures & { logBytes: number[] }
  flood: ProcessFigures & {
    eventsPerAnswer: number
    logBytes: number[]
    summaryBytes: number[]
    eventLines: number[]
  }
  /** wait-for-minutes 1, every DescribeServices answer endless once the watch began. */
  endless: ProcessFigures & { verdicts: string[]; limitRealMs: number }
}

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0.0'
const HUGE = 60 * 1024 * 1024
const FLOOD = 10_000

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'task-definition': 'task-definition.json',
    'container-name': 'app',
    image: IMAGE,
    cluster: 'prod',
    service: 'web',
    ...extra
  }
}

async function run(
  options: HostileOptions,
  setup: {
    faults?: FaultRule[]
    inputs?: Record<string, string>
    files?: Record<string, string>
    prepare?: (workspace: string) => Promise<void>
  }
): Promise<BundleRun> {
  const emulator = await startEmulator({
    scenario: 'success',
    timeScale: options.timeScale,
    faults: setup.faults ?? []
  })
  try {
    return await runBundle({
      bundle: options.bundle,
      endpoint: emulator.url,
      timeScale: options.timeScale,
      files: setup.files ?? { 'task-definition.json': options.taskDefinition },
      inputs: setup.inputs ?? inputs(),
      peakMemory: true,
      killAfterMs: 120_000,
      ...(setup.prepare !== undefined && { prepare: setup.prepare })
    })
  } finally {
    await emulator.close()
  }
}

function figures(runs: BundleRun[]): ProcessFigures {
  return { wallMs: runs.map((r) => r.wallMs), peakRssBytes: runs.map((r) => r.peakRssBytes ?? 0) }
}

function expect(runs: BundleRun[], what: string, ok: (run: BundleRun) => boolean): void {
  const bad = runs.find((r) => !ok(r))
  if (bad !== undefined) throw new Error(`${what}: unexpected outcome\n${bad.log}`)
}

async function repeat(times: number, once: () => Promise<BundleRun>): Promise<BundleRun[]> {
  const runs: BundleRun[] = []
  for (let i = 0; i < times; i++) runs.push(await once())
  return runs
}

export async function hostileRuns(options: HostileOptions, runs = 5): Promise<HostileResults> {
  // Rollouts take seconds each: fewer of them.
  const rollouts = Math.min(runs, 3)
  const missing = await repeat(runs, () =>
    run(options, { files: {}, inputs: inputs({ 'task-definition': 'missing.json' }) })
  )
  expect(missing, 'missing file', (r) => r.code === 1)

  const huge = await repeat(runs, () =>
    run(options, {
      files: {},
      prepare: async (workspace) => {
        const path = join(workspace, 'task-definition.json')
        await writeFile(path, '')
        await truncate(path, HUGE)
      }
    })
  )
  expect(huge, '60 MiB file', (r) => r.code === 1 && r.log.includes('which is 60.0 MiB'))

  const plain = await repeat(rollouts, () => run(options, {}))
  expect(plain, 'plain rollout', (r) => r.outputs.verdict === 'succeeded')

  const flood = await repeat(rollouts, () =>
    run(options, {
      faults: [
        {
          kind: 'event-flood',
          operations: ['DescribeServices'],
          afterCall: 'UpdateService',
          count: FLOOD
        }
      ]
    })
  )
  expect(flood, 'flood', (r) => r.outputs.verdict === 'succeeded')

  const endless = await repeat(rollouts, () =>
    run(options, {
      inputs: inputs({ 'wait-for-minutes': '1' }),
      faults: [
        { kind: 'endless', operations: ['DescribeServices'], afterCall: 'UpdateService', after: 1 }
      ]
    })
  )
  expect(endless, 'endless', (r) => r.outputs.verdict === 'timed-out')

  return {
    missingFile: figures(missing),
    hugeFile: { ...figures(huge), fileBytes: HUGE },
    plainRollout: { ...figures(plain), logBytes: plain.map((r) => r.log.length) },
    flood: {
      ...figures(flood),
      eventsPerAnswer: FLOOD,
      logBytes: flood.map((r) => Buffer.byteLength(r.log)),
      summaryBytes: flood.map((r) => Buffer.byteLength(r.summary)),
      eventLines: flood.map(
        (r) => r.log.split('\n').filter((l) => l.includes('flood event')).length
      )
    },
    endless: {
      ...figures(endless),
      verdicts: endless.map((r) => r.outputs.verdict ?? 'none'),
      // wait-for-minutes 1 plus the minute, which is at least 5 real seconds (run/time-limit.ts).
      limitRealMs: (60_000 + Math.max(60_000, 5_000 * options.timeScale)) / options.timeScale
    }
  }
}

const ms = (values: number[]): string => `${Math.round(median(values))} ms`
const mib = (values: number[]): string => `${(Math.max(...values) / 2 ** 20).toFixed(0)} MiB`
const kb = (values: number[]): string => `${(Math.max(...values) / 1000).toFixed(1)} KB`

/** Table rows: measure, result, budget. */
export function hostileRows(r: HostileResults): [string, string, string][] {
  return [
    [
      'a failing run by itself (missing file): time / peak memory',
      `${ms(r.missingFile.wallMs)} / ${mib(r.missingFile.peakRssBytes)}`,
      ''
    ],
    [
      'a 60 MiB task definition refused: time / peak memory',
      `${ms(r.hugeFile.wallMs)} / ${mib(r.hugeFile.peakRssBytes)}`,
      '< 1000 ms / < 100 MiB'
    ],
    [
      'a rollout: time / peak memory / log',
      `${ms(r.plainRollout.wallMs)} / ${mib(r.plainRollout.peakRssBytes)} / ${kb(r.plainRollout.logBytes)}`,
      ''
    ],
    [
      `the same with ${r.flood.eventsPerAnswer} events in every answer: time / peak memory / log / summary`,
      `${ms(r.flood.wallMs)} / ${mib(r.flood.peakRssBytes)} / ${kb(r.flood.logBytes)} / ${kb(r.flood.summaryBytes)}`,
      'bounded'
    ],
    [
      'answers that never end, wait-for-minutes 1: time to the timed-out verdict',
      `${ms(r.endless.wallMs)} (${r.endless.verdicts.join(', ')})`,
      `≤ ${Math.round(r.endless.limitRealMs)} ms (the limit, real time)`
    ]
  ]
}
