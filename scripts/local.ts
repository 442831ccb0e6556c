/**
 * `npm run local [-- --env-file .env] [--emulator] [--scenario <name>]`: runs dist/index.js once
 * with the inputs and environment of .env (see .env.example), starting the ECS emulator when an
 * AWS_ENDPOINT_URL_* says "emulator" or --emulator asks, then prints the outputs and job summary.
 * Exits with the action's exit code.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import { parseEnvFile, runLocal } from './local-run.js'

// Compiled to .build/scripts/local.js, two levels below the project root.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const USAGE = `usage: npm run local -- [--env-file <path>] [--emulator] [--scenario <name>] [--bundle <path>]

  --env-file   variables and INPUT_* for the step (default .env, else .env.example)
  --emulator   start the ECS emulator and point every AWS endpoint at it
  --scenario   what the emulator's next deployment does (default success)
  --bundle     the action to run (default dist/index.js)`

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'env-file': { type: 'string' },
      emulator: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      bundle: { type: 'string', default: resolve(ROOT, 'dist/index.js') },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  let envFile = values['env-file'] ?? resolve(ROOT, '.env')
  if (values['env-file'] === undefined && !existsSync(envFile)) {
    envFile = resolve(ROOT, '.env.example')
    console.log(`No .env yet: using .env.example (cp .env.example .env to change the inputs).`)
  }
  // Ctrl-C reaches the action too (same process group): it reports cancelled, then we print.
  process.on('SIGINT', () => undefined)

  const run = await runLocal({
    root: ROOT,
    bundle: values.bundle,
    fileEnv: parseEnvFile(await readFile(envFile, 'utf8'), envFile),
    baseEnv: process.env,
    emulator: values.emulator,
    ...(values.scenario !== undefined && { scenario: values.scenario })
  })

  console.log(bold(`\nOutputs (exit code ${String(run.code)}):`))
  const outputs = Object.entries(run.outputs)
  if (outputs.length === 0) console.log('  (none)')
  for (const [name, value] of outputs) console.log(`  ${name} = ${value}`)
  console.log(bold('\nJob summary (GITHUB_STEP_SUMMARY):'))
  console.log(run.summary.trim() === '' ? '  (empty)' : run.summary.trimEnd())
  process.exitCode = run.code ?? 1
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
