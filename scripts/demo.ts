/**
 * `npm run demo`: start the ECS emulator and run the bundled action twice, the way a workflow would:
 * a good image that rolls out, then a crashing image that the circuit breaker rolls back.
 */
import { spawn } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator, type ScenarioName } from '../emulator/index.js'
import { parseOutputFile, renderWorkflowCommand } from './runner-files.js'

// Compiled to .build/scripts/demo.js, two levels below the project root.
const ACTION = fileURLToPath(new URL('../../dist/index.js', import.meta.url))
const TIME_SCALE = 30
const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'

const EXAMPLE = fileURLToPath(new URL('../../examples/task-definition.json', import.meta.url))

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

async function main(): Promise<void> {
  const emulator = await startEmulator({ scenario: 'success', timeScale: TIME_SCALE })
  const workspace = await mkdtemp(join(tmpdir(), 'ecs-rollout-demo-'))
  try {
    await copyFile(EXAMPLE, join(workspace, 'task-definition.json'))
    console.log(
      bold(`ECS emulator listening on ${emulator.url} (time runs ${TIME_SCALE}x faster).`)
    )
    console.log(
      'Cluster "prod" has service "web" running web:1 with 2 tasks and the circuit breaker on.\n'
    )

    const good = await deploy({
      emulatorUrl: emulator.url,
      workspace,
      tag: '1.1.0',
      scenario: 'success',
      step: 1
    })
    emulator.setScenario('circuit-breaker-rollback')
    const bad = await deploy({
      emulatorUrl: emulator.url,
      workspace,
      tag: '1.2.0',
      scenario: 'circuit-breaker-rollback',
      step: 2
    })

    console.log(bold('\nWhat happened'))
    console.log(
      `  1. web:1.1.0 (healthy)          → exit code ${good}: ${good === 0 ? 'the step passed' : 'UNEXPECTED'}`
    )
    console.log(
      `  2. web:1.2.0 (crashes, exit 1) → exit code ${bad}: ${bad === 1 ? 'the step failed, as it must' : 'UNEXPECTED'}`
    )
    console.log(
      'The stock "services stable" waiter would have passed step 2 once the rollback finished.'
    )
    process.exitCode = good === 0 && bad === 1 ? 0 : 1
  } finally {
    await emulator.close()
    await rm(workspace, { recursive: true, force: true })
  }
}

async function deploy(options: {
  emulatorUrl: string
  workspace: string
  tag: string
  scenario: ScenarioName
  step: number
}): Promise<number | null> {
  const image = `${REPOSITORY}:${options.tag}`
  console.log(
    bold(`\n━━ Step ${options.step}: deploy ${image} (emulator scenario: ${options.scenario}) ━━\n`)
  )
  const inputs: Record<string, string> = {
    'task-definition': 'task-definition.json',
    'container-name': 'app',
    image,
    service: 'web',
    cluster: 'prod'
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: options.workspace,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAEMULATOREXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'emulator-secret-not-real',
    AWS_ENDPOINT_URL_ECS: options.emulatorUrl,
    AWS_ENDPOINT_URL_ECR: options.emulatorUrl,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: options.emulatorUrl,
    ECS_ROLLOUT_TIME_SCALE: String(TIME_SCALE),
    NODE_NO_WARNINGS: '1'
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const outputFile = join(options.workspace, `output-${options.step}`)
  env.GITHUB_OUTPUT = outputFile
  env.GITHUB_STEP_SUMMARY = join(options.workspace, `summary-${options.step}.md`)
  // The runner creates both files before a step starts; @actions/core refuses to write otherwise.
  await writeFile(outputFile, '')
  await writeFile(env.GITHUB_STEP_SUMMARY, '')
  return new Promise<number | null>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ACTION], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    createInterface({ input: child.stdout }).on('line', (line) => {
      const shown = renderWorkflowCommand(line)
      if (shown !== undefined) console.log(`  ${shown}`)
    })
    child.on('error', reject)
    child.on('close', resolvePromise)
  }).then(async (code) => {
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
    console.log(bold(`\n  Step outputs (exit code ${code ?? 'none'}):`))
    for (const [name, value] of Object.entries(outputs)) console.log(`    ${name} = ${value}`)
    return code
  })
}

await main()
