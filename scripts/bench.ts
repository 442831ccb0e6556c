/**
 * `npm run bench`: measures the bundled action against the emulator and prints a table. Run from
 * the project root after `npm run build`. The results go to .build/bench/results.json; only
 * `npm run bench -- --record` writes the tracked bench/results.json. `-- --hostile` measures only
 * hostile inputs and answers (scripts/bench/hostile.ts), in seconds rather than minutes.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { coldStartFloors, FLOORS } from './bench/floor.js'
import { hostileRows, hostileRuns } from './bench/hostile.js'
import { loadRun } from './bench/load.js'
import {
  callsPerMinute,
  coldStart,
  detection,
  median,
  missingImage,
  POLL_INTERVAL_SECONDS
} from './bench/single.js'

const TIME_SCALE = 10
const DETECTION_TIME_SCALE = 2
const COLD_RUNS = 20

async function bundleBytes(dir: string): Promise<{ indexJs: number; total: number }> {
  let total = 0
  // JavaScript only: the licence file and package.json are not loaded.
  for (const name of await readdir(dir)) {
    if (name.endsWith('.js')) total += (await stat(`${dir}/${name}`)).size
  }
  return { indexJs: (await stat(`${dir}/index.js`)).size, total }
}

const ms = (value: number): string => `${Math.round(value)} ms`
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`

// Compiled to .build/scripts/bench.js, two levels below the project root.
const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url))

const args = new Set(process.argv.slice(2))
const WRITE = args.has('--record')
const ONLY_HOSTILE = args.has('--hostile')

/** Prints the table; writes the results where asked (the tracked file only with --record). */
async function save(
  results: Record<string, unknown>,
  rows: [string, string, string][]
): Promise<void> {
  console.log(`\n| measure | result | budget |\n| --- | --- | --- |`)
  for (const [name, value, budget] of rows) console.log(`| ${name} | ${value} | ${budget} |`)
  const text = JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2) + '\n'
  const path = WRITE ? root('bench/results.json') : root('.build/bench/results.json')
  await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true })
  await writeFile(path, text)
  console.log(
    `\nResults: ${path}${WRITE ? '' : ' (npm run bench -- --record updates bench/results.json)'}`
  )
}

async function main(): Promise<void> {
  const bundle = root('dist/index.js')
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`
  }
  console.log(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`
  )

  const single = {
    bundle,
    taskDefinition: await readFile(root('examples/task-definition.json'), 'utf8'),
    timeScale: TIME_SCALE
  }
  console.log(
    'Hostile inputs and answers: a 60 MiB file, 10,000 events an answer, endless answers …'
  )
  const hostile = await hostileRuns(single)
  if (ONLY_HOSTILE) {
    if (WRITE) {
      // Only this part is new: the rest of the tracked results stays as measured.
      const previous = JSON.parse(await readFile(root('bench/results.json'), 'utf8')) as object
      await save({ ...previous, machine, hostile }, hostileRows(hostile))
    } else await save({ machine, hostile }, hostileRows(hostile))
    return
  }
  const size = await bundleBytes(root('dist'))
  // Single runs vary by ±70 ms on a small machine: 20 runs give a steadier median.
  console.log(`Cold start (${String(COLD_RUNS)} runs) …`)
  const cold = await coldStart(single, COLD_RUNS)
  console.log(
    `Cold start floors: Node alone, + @actions/core, + the ECS client (${String(COLD_RUNS)} runs each) …`
  )
  const floors = await coldStartFloors(root(''), COLD_RUNS)
  console.log('Detection latency (5 successes, 5 rollbacks) …')
  // A gentler time scale here: the process's own exit (~0.1 s) must not be magnified into seconds.
  const gentle = { ...single, timeScale: DETECTION_TIME_SCALE }
  const [success, rollback] = await Promise.all([
    detection(gentle, 'success', 5),
    detection(gentle, 'rollback', 5)
  ])
  console.log('Time to fail for a missing ECR image (5 runs) …')
  const missing = await missingImage(single, 5)
  console.log('API calls per minute during a 9-minute watch, of one service and of ten …')
  const [rate, rate10] = await Promise.all([callsPerMinute(single, 1), callsPerMinute(single, 10)])
  console.log('Load run: 50 deployments at once, 10% of answers throttled …')
  const load = await loadRun({
    bundle,
    taskDefinitionPath: root('examples/task-definition.json'),
    deployments: 50,
    throttleShare: 0.1,
    timeScale: TIME_SCALE
  })
  const pollMs = POLL_INTERVAL_SECONDS * 1000
  const results = {
    bundle: { indexJsBytes: size.indexJs, distBytes: size.total, budgetBytes: 1_500_000 },
    coldStartMs: { median: median(cold), runs: cold, budget: 300 },
    // The same measurement for minimal programs: what no action built on this stack can go below.
    coldStartFloorMs: Object.fromEntries(
      FLOORS.map((floor) => [floor, { median: median(floors[floor]), runs: floors[floor] }])
    ),
    detection: {
      pollIntervalMs: pollMs,
      timeScale: DETECTION_TIME_SCALE,
      success: {
        ...success,
        medianVirtualMs: median(success.virtualMs),
        maxVirtualMs: Math.max(...success.virtualMs)
      },
      rollback: {
        ...rollback,
        medianVirtualMs: median(rollback.virtualMs),
        maxVirtualMs: Math.max(...rollback.virtualMs)
      }
    },
    missingImageMs: { median: median(missing), runs: missing },
    callsPerMinute: { one: rate, ten: rate10 },
    load,
    hostile
  }
  const rows: [string, string, string][] = [
    [
      'bundle size (dist/index.js, all JavaScript in dist/)',
      `${mb(size.indexJs)}, ${mb(size.total)}`,
      '< 1.5 MB'
    ],
    [`cold start, median of ${String(COLD_RUNS)}`, ms(median(cold)), '< 300 ms'],
    [
      'cold start floor: Node alone / + @actions/core / + ECS client call',
      FLOORS.map((floor) => ms(median(floors[floor]))).join(' / '),
      ''
    ],
    [
      'detection after success, median / max',
      `${ms(results.detection.success.medianVirtualMs)} / ${ms(results.detection.success.maxVirtualMs)}`,
      `≤ ${ms(pollMs)} (one poll)`
    ],
    [
      'detection after rollback, median / max',
      `${ms(results.detection.rollback.medianVirtualMs)} / ${ms(results.detection.rollback.maxVirtualMs)}`,
      `≤ ${ms(pollMs)} (one poll)`
    ],
    ['time to fail, missing ECR image', ms(median(missing)), ''],
    [
      'ECS calls per minute per service while watching one service (mean; most in a minute)',
      `${rate.perServiceAverage.toFixed(1)}; ${rate.most}`,
      '≤ 20 on average'
    ],
    [
      'ECS calls per minute per service while watching ten (mean; most in a minute, all ten)',
      `${rate10.perServiceAverage.toFixed(1)}; ${rate10.most}`,
      '≤ 20 on average'
    ],
    ['load: right verdicts', `${load.right}/${load.deployments}`, 'all'],
    ['load: crashed processes', String(load.crashed), '0'],
    ['load: requests (throttled)', `${load.requests} (${load.throttled})`, '~10% throttled'],
    [
      'load: most calls by one run in a minute',
      String(load.maxCallsPerMinute),
      `≤ ${load.budgetPerMinute}`
    ],
    ['load: wall time', `${load.wallSeconds.toFixed(1)} s`, ''],
    ...hostileRows(hostile)
  ]
  await save({ machine, ...results }, rows)
  for (const w of load.wrong)
    console.log(`WRONG: ${w.service} expected ${w.expected}, got ${w.got}`)
  console.log("(detection latencies are in the action's time: real milliseconds × the time scale)")
  const failed =
    load.wrong.length > 0 || load.crashed > 0 || load.maxCallsPerMinute > load.budgetPerMinute
  if (failed) {
    console.error('\nThe load run broke a rule: see above.')
    process.exitCode = 1
  }
}

await main()
