// `npm run emulator -- --scenario circuit-breaker-rollback --time-scale 60`
// `npm run emulator -- --scenario-file examples/blue-green/scenario.json`
// Starts the emulator (and one more per account a scenario file names), prints the environment to
// point the action (or the AWS CLI) at it, and logs one line per request. Ctrl-C stops it.

import { parseArgs } from 'node:util'

import {
  scenarioNames,
  scenarios,
  startEmulatorWithHooks,
  type Emulator,
  type EmulatorOptions,
  type RecordedCall,
  type ScenarioName
} from './index.js'
import { loadScenarioFile, ScenarioFileError, type ScenarioFile } from './scenario-file.js'
import { isScenarioName } from './scenarios.js'

const DEFAULT_PORT = 4566
const DEFAULT_TIME_SCALE = 60

const width = Math.max(...scenarioNames.map((name) => name.length))
const usage = `usage: emulator [--scenario <name>] [--scenario-file <path>] [--port <n>] [--host <addr>]
                [--time-scale <n>] [--deny-logs] [--reword-texts]

  --scenario       what deployments do (default success, or the scenario file's)
  --scenario-file  a JSON file of startEmulator options: scenario, extraServices, codeDeploy,
                   runTasks, eventBridge, scheduler, faults, policy, accounts, … (format:
                   examples/README.md); the other flags win over it
  --port           the main account's port (default ${DEFAULT_PORT}); each other account takes the next
  --time-scale     virtual seconds per real second (default the file's timeScale, else ${DEFAULT_TIME_SCALE})
  --deny-logs      every CloudWatch Logs read answers AccessDeniedException
  --reword-texts   ECS free texts (reasons, events) keep only their ids and numbers

scenarios:
${scenarioNames.map((name) => `  ${name.padEnd(width)}  ${scenarios[name].summary}`).join('\n')}`

function fail(message: string, showUsage = true): never {
  console.error(showUsage ? `${message}\n${usage}` : message)
  process.exit(2)
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) fail(`--${name} must be a non-negative number`)
  return parsed
}

function describe(call: RecordedCall): string {
  const time = new Date(call.virtualTime).toISOString().slice(11, 19)
  const outcome = call.error ?? 'ok'
  return `[virtual ${time}] ${call.service.toUpperCase()} ${call.operation} → ${outcome}`
}

/** The scenario file of --scenario-file, checked; exits with its error naming the field. */
function scenarioFile(path: string | undefined): ScenarioFile | undefined {
  if (path === undefined) return undefined
  try {
    return loadScenarioFile(path)
  } catch (error) {
    if (error instanceof ScenarioFileError) {
      fail(`${error.message}\n(the format: examples/README.md)`, false)
    }
    throw error
  }
}

/** What a scenario file sets beside the scenario, for the banner. */
function fileSummary(options: EmulatorOptions): string {
  const set = Object.keys(options).filter((key) => key !== 'scenario')
  return set.length === 0 ? '' : ` with ${set.join(', ')}`
}

function printEnvironment(url: string): void {
  console.log('\nUse it with:')
  for (const service of [
    'ECS',
    'ECR',
    'CLOUDWATCH_LOGS',
    'CODEDEPLOY',
    'EVENTBRIDGE',
    'SCHEDULER'
  ]) {
    console.log(`  export AWS_ENDPOINT_URL_${service}=${url}`)
  }
  console.log('  export AWS_REGION=us-east-1')
  console.log('  export AWS_ACCESS_KEY_ID=AKIAEMULATOR0000000')
  console.log('  export AWS_SECRET_ACCESS_KEY=emulator-secret')
}

async function start(options: EmulatorOptions, label: string): Promise<Emulator> {
  const prefix = label === '' ? '' : `[${label}] `
  return startEmulatorWithHooks(options, {
    onCall: (call) => {
      console.log(`${prefix}${describe(call)}`)
    },
    onScenario: (name) => {
      console.log(
        `${prefix}scenario switched to ${name} (applies to deployments created from now on)`
      )
    }
  }).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      fail(`port ${String(options.port)} is in use (LocalStack?); pick another with --port`)
    }
    throw error
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      'scenario-file': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'time-scale': { type: 'string' },
      'deny-logs': { type: 'boolean', default: false },
      'reword-texts': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(usage)
    return
  }
  const file = scenarioFile(values['scenario-file'])
  const base: EmulatorOptions = file?.emulator ?? { scenario: 'success' }
  const wanted = values.scenario ?? base.scenario
  if (!isScenarioName(wanted)) fail(`unknown scenario ${wanted}`)
  const scenario: ScenarioName = wanted
  const timeScale = numberOption(
    values['time-scale'],
    'time-scale',
    file?.timeScale ?? DEFAULT_TIME_SCALE
  )
  if (timeScale === 0) fail('--time-scale must be positive')
  const port = numberOption(values.port, 'port', DEFAULT_PORT)
  // The flags win over the file; a flag left out keeps what the file says.
  const flags: Partial<EmulatorOptions> = {
    timeScale,
    host: values.host,
    ...(values['deny-logs'] && { denyLogs: true }),
    ...(values['reword-texts'] && { rewordTexts: true })
  }

  const emulator = await start({ ...base, ...flags, scenario, port }, '')
  const accounts: [string, Emulator][] = []
  for (const [index, [name, options]] of Object.entries(file?.accounts ?? {}).entries()) {
    const own = { ...options, ...flags, port: port === 0 ? 0 : port + index + 1 }
    accounts.push([name, await start(own, name)])
  }
  console.log(
    `ECS/ECR/CloudWatch Logs/CodeDeploy/EventBridge/Scheduler emulator listening on ${emulator.url}`
  )
  if (file !== undefined) {
    console.log(
      `scenario file ${values['scenario-file'] ?? ''}${file.description ? `: ${file.description}` : ''}`
    )
  }
  console.log(`scenario ${scenario}${fileSummary(base)}, virtual time runs ${timeScale}× real time`)
  if (values['deny-logs']) console.log('CloudWatch Logs reads are denied (--deny-logs)')
  if (values['reword-texts'])
    console.log('ECS free texts keep only ids and numbers (--reword-texts)')
  for (const [name, other] of accounts) {
    const options = file?.accounts[name]
    console.log(
      `account ${name}: another emulator on ${other.url} (scenario ${options?.scenario ?? 'success'}${options ? fileSummary(options) : ''}); point a job's AWS_ENDPOINT_URL_* at it to deploy there`
    )
  }
  printEnvironment(emulator.url)
  console.log(
    `\nSwitch scenario: curl -X POST ${emulator.url}/__emulator/scenario -d '{"name":"circuit-breaker-rollback"}'`
  )
  console.log(`Timeline:        curl ${emulator.url}/__emulator/timeline\n`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping`)
    Promise.all([emulator, ...accounts.map(([, other]) => other)].map((e) => e.close())).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => {
    stop('SIGINT')
  })
  process.on('SIGTERM', () => {
    stop('SIGTERM')
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
