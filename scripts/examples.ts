/**
 * `npm run examples [-- <name>…] [--jobs <n>]`: runs every example under examples/ (each folder
 * with a steps.yml and a scenario.json) with the bundled action against the emulator, and checks
 * that each step ends as the docs say. Examples run side by side, the steps of one in order
 * against one emulator. Exits 1 when any example fails. Run `npm run build` first after changing
 * src/: it is dist/index.js that runs.
 */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import {
  passed,
  runExample,
  SCENARIO_FILE,
  STEPS_FILE,
  type ExampleReport
} from './examples/run.js'

// Compiled to .build/scripts/examples.js, two levels below the project root.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const EXAMPLES = join(ROOT, 'examples')
/** As the end-to-end tests: a 30-minute rollout takes 9 s. */
const TIME_SCALE = 200
const LOG_TAIL = 40

const USAGE = `usage: npm run examples -- [<name>…] [--jobs <n>] [--verbose]

  <name>     run only these examples (folders of examples/); default all
  --jobs     how many examples run at once (default 3)
  --verbose  print every step's outputs and the end of its log, passed or not`

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

async function exampleNames(): Promise<string[]> {
  const entries = await readdir(EXAMPLES, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, STEPS_FILE)))
    .map((entry) => entry.name)
    .sort()
}

function print(report: ExampleReport, verbose: boolean): void {
  const ok = passed(report)
  const count = `${report.steps.length} step${report.steps.length === 1 ? '' : 's'}`
  console.log(`${ok ? '✓' : '✗'} ${report.name} (${count}, ${seconds(report.ms)})`)
  if (report.error !== undefined) console.log(`    ${report.error}`)
  for (const step of report.steps) {
    if (step.problems.length === 0 && !verbose) {
      if (!ok) console.log(`    ✓ ${step.name}`)
      continue
    }
    console.log(`    ${step.problems.length === 0 ? '✓' : '✗'} ${step.name}`)
    for (const problem of step.problems) console.log(`        ${problem}`)
    if (verbose) {
      for (const [name, value] of Object.entries(step.outputs ?? {})) {
        console.log(`        ${name} = ${value}`)
      }
    }
    if (step.log !== undefined && (verbose || step.problems.length > 0)) {
      const lines = step.log.trimEnd().split('\n')
      console.log(`      last ${Math.min(LOG_TAIL, lines.length)} lines of its log:`)
      for (const line of lines.slice(-LOG_TAIL)) console.log(`        | ${line}`)
    }
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      jobs: { type: 'string', default: '3' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const jobs = Number(values.jobs)
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number ≥ 1`)
  const all = await exampleNames()
  const unknown = positionals.filter((name) => !all.includes(name))
  if (unknown.length > 0) {
    throw new Error(`No example ${unknown.join(', ')} (examples: ${all.join(', ')}).`)
  }
  const names = positionals.length > 0 ? positionals : all
  const bundle = join(ROOT, 'dist/index.js')
  console.log(
    bold(
      `Running ${names.length} examples (${STEPS_FILE} + ${SCENARIO_FILE}) with dist/index.js against the emulator, ${jobs} at a time, ${cpus().length} CPUs …`
    )
  )
  const started = Date.now()
  const reports: ExampleReport[] = []
  const queue = [...names]
  await Promise.all(
    Array.from({ length: Math.min(jobs, names.length) }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const report = await runExample({
          dir: join(EXAMPLES, name),
          name,
          bundle,
          timeScale: TIME_SCALE
        })
        print(report, values.verbose)
        reports.push(report)
      }
    })
  )
  const failed = reports.filter((report) => !passed(report)).map((report) => report.name)
  const steps = reports.reduce((sum, report) => sum + report.steps.length, 0)
  const took = seconds(Date.now() - started)
  if (failed.length === 0) {
    console.log(bold(`\nAll ${reports.length} examples passed (${steps} steps) in ${took}.`))
  } else {
    console.log(
      bold(
        `\n${failed.length} of ${reports.length} examples failed: ${failed.join(', ')} (${took}).`
      )
    )
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
