// `npm run emulator -- --scenario circuit-breaker-rollback --time-scale 60`
// Starts the emulator, prints the environment to point the action (or the AWS CLI) at it (ECS,
// ECR and CloudWatch Logs), and logs one line per request. Ctrl-C stops it.

import { parseArgs } from 'node:util'

import {
  scenarioNames,
  scenarios,
  startEmulatorWithHooks,
  type RecordedCall,
  type ScenarioName
} from './index.js'
import { isScenarioName } from './scenarios.js'

const DEFAULT_PORT = 4566
const DEFAULT_TIME_SCALE = 60

const width = Math.max(...scenarioNames.map((name) => name.length))
const usage = `usage: emulator [--scenario <name>] [--port <n>] [--host <addr>] [--time-scale <n>] [--deny-logs] [--reword-texts]

  --deny-logs     every CloudWatch Logs read answers AccessDeniedException
  --reword-texts  ECS free texts (reasons, events) keep only their ids and numbers

scenarios:
${scenarioNames.map((name) => `  ${name.padEnd(width)}  ${scenarios[name].summary}`).join('\n')}`

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'success' },
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
  if (!isScenarioName(values.scenario)) fail(`unknown scenario ${values.scenario}`)
  const scenario: ScenarioName = values.scenario
  const timeScale = numberOption(values['time-scale'], 'time-scale', DEFAULT_TIME_SCALE)
  if (timeScale === 0) fail('--time-scale must be positive')

  const emulator = await startEmulatorWithHooks(
    {
      scenario,
      timeScale,
      port: numberOption(values.port, 'port', DEFAULT_PORT),
      host: values.host,
      denyLogs: values['deny-logs'],
      rewordTexts: values['reword-texts']
    },
    {
      onCall: (call) => {
        console.log(describe(call))
      },
      onScenario: (name) => {
        console.log(`scenario switched to ${name} (applies to deployments created from now on)`)
      }
    }
  ).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      fail(
        `port ${values.port ?? String(DEFAULT_PORT)} is in use (LocalStack?); pick another with --port`
      )
    }
    throw error
  })
  console.log(
    `ECS/ECR/CloudWatch Logs/CodeDeploy/EventBridge/Scheduler emulator listening on ${emulator.url}`
  )
  console.log(`scenario ${scenario}, virtual time runs ${timeScale}× real time`)
  if (values['deny-logs']) console.log('CloudWatch Logs reads are denied (--deny-logs)')
  if (values['reword-texts'])
    console.log('ECS free texts keep only ids and numbers (--reword-texts)')
  console.log('\nUse it with:')
  console.log(`  export AWS_ENDPOINT_URL_ECS=${emulator.url}`)
  console.log(`  export AWS_ENDPOINT_URL_ECR=${emulator.url}`)
  for (const service of ['CLOUDWATCH_LOGS', 'CODEDEPLOY', 'EVENTBRIDGE', 'SCHEDULER']) {
    console.log(`  export AWS_ENDPOINT_URL_${service}=${emulator.url}`)
  }
  console.log('  export AWS_REGION=us-east-1')
  console.log('  export AWS_ACCESS_KEY_ID=AKIAEMULATOR0000000')
  console.log('  export AWS_SECRET_ACCESS_KEY=emulator-secret')
  console.log(
    `\nSwitch scenario: curl -X POST ${emulator.url}/__emulator/scenario -d '{"name":"circuit-breaker-rollback"}'`
  )
  console.log(`Timeline:        curl ${emulator.url}/__emulator/timeline\n`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping`)
    emulator.close().then(
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
