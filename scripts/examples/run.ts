/**
 * Runs one example: its scenario file's emulators (one per account), then its steps in order
 * against them, each action step being the bundled action run as the runner runs it
 * (scripts/run-bundle.ts), each `ecs:` step one call with the AWS SDK. Stops at the first step
 * whose expectations do not hold: later steps build on earlier ones.
 */
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type ContinueServiceDeploymentCommandInput,
  type DescribeServiceDeploymentsCommandInput,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandInput,
  type ListServiceDeploymentsCommandInput,
  type StopServiceDeploymentCommandInput
} from '@aws-sdk/client-ecs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { startEmulator, type Emulator, type RunTaskScripts } from '../../emulator/index.js'
import { loadScenarioFile } from '../../emulator/scenario-file.js'
import { isScenarioName } from '../../emulator/scenarios.js'
import { runBundle } from '../run-bundle.js'
import { unmet, type StepResult } from './expect.js'
import { interpolate, interpolateAll, type StepOutputs } from './expressions.js'
import { parseSteps, type EcsOperation, type EcsStep, type Step } from './steps.js'

export const STEPS_FILE = 'steps.yml'
export const SCENARIO_FILE = 'scenario.json'

export interface StepReport {
  readonly name: string
  /** Expectations that did not hold (or the error that stopped the step); [] when it passed. */
  readonly problems: readonly string[]
  /** The action's log. */
  readonly log?: string
  /** What the step set: the action's outputs, or an ecs step's answer as `response`. */
  readonly outputs?: Readonly<Record<string, string>>
  readonly ms: number
}

export interface ExampleReport {
  readonly name: string
  readonly steps: readonly StepReport[]
  /** Why the example could not run at all (a bad file). */
  readonly error?: string
  readonly ms: number
}

export const passed = (report: ExampleReport): boolean =>
  report.error === undefined && report.steps.every((step) => step.problems.length === 0)

export interface RunExampleOptions {
  /** The example's folder: steps.yml, scenario.json and the files they name. */
  dir: string
  name: string
  /** The bundled action, dist/index.js. */
  bundle: string
  /** Virtual seconds per real second, unless the scenario file sets its own. */
  timeScale: number
  /** A hung action is killed after this long (real milliseconds). */
  stepTimeoutMs?: number
}

const CREDENTIALS = {
  accessKeyId: 'AKIAEMULATOREXAMPLE',
  secretAccessKey: 'emulator-secret-not-real'
}

/** One ECS call of an `ecs:` step, as `aws ecs <operation>` would make it. */
function send(client: ECSClient, operation: EcsOperation, input: unknown): Promise<unknown> {
  switch (operation) {
    case 'ContinueServiceDeployment':
      return client.send(
        new ContinueServiceDeploymentCommand(input as ContinueServiceDeploymentCommandInput)
      )
    case 'DescribeServiceDeployments':
      return client.send(
        new DescribeServiceDeploymentsCommand(input as DescribeServiceDeploymentsCommandInput)
      )
    case 'DescribeServices':
      return client.send(new DescribeServicesCommand(input as DescribeServicesCommandInput))
    case 'DescribeTaskDefinition':
      return client.send(
        new DescribeTaskDefinitionCommand(input as DescribeTaskDefinitionCommandInput)
      )
    case 'ListServiceDeployments':
      return client.send(
        new ListServiceDeploymentsCommand(input as ListServiceDeploymentsCommandInput)
      )
    case 'StopServiceDeployment':
      return client.send(
        new StopServiceDeploymentCommand(input as StopServiceDeploymentCommandInput)
      )
  }
}

/** The answer as the AWS CLI prints it: JSON, dates as ISO strings, without the SDK's metadata. */
function asJson(answer: unknown): unknown {
  const rest = { ...(answer ?? {}) } as Record<string, unknown>
  delete rest.$metadata
  return JSON.parse(JSON.stringify(rest)) as unknown
}

async function runEcsStep(
  step: EcsStep,
  emulator: Emulator,
  outputs: StepOutputs
): Promise<StepResult & { outputs: Record<string, string> }> {
  const env = interpolateAll(step.env, outputs) as Record<string, string>
  const client = new ECSClient({
    endpoint: emulator.url,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1
  })
  const before = emulator.mutatingCalls().length
  try {
    const response = asJson(await send(client, step.operation, interpolateAll(step.input, outputs)))
    return {
      response,
      outputs: { response: JSON.stringify(response) },
      changes: emulator
        .mutatingCalls()
        .slice(before)
        .map((call) => call.operation)
    }
  } finally {
    client.destroy()
  }
}

async function runStep(options: {
  step: Step
  emulator: Emulator
  outputs: StepOutputs
  files: Record<string, string>
  run: RunExampleOptions
  timeScale: number
}): Promise<{ result: StepResult; outputs: Record<string, string> }> {
  const { step, emulator, outputs } = options
  if (step.kind === 'ecs') {
    const result = await runEcsStep(step, emulator, outputs)
    return { result, outputs: result.outputs }
  }
  const scenario = step.emulator?.scenario
  if (scenario !== undefined) {
    if (!isScenarioName(scenario))
      throw new Error(`emulator.scenario: unknown scenario ${scenario}`)
    emulator.setScenario(scenario)
  }
  if (step.emulator?.runTasks !== undefined) {
    emulator.setRunTasks(step.emulator.runTasks as RunTaskScripts)
  }
  const before = emulator.mutatingCalls().length
  const run = await runBundle({
    bundle: options.run.bundle,
    endpoint: emulator.url,
    inputs: Object.fromEntries(
      Object.entries(step.with).map(([name, value]) => [name, interpolate(value, outputs)])
    ),
    files: options.files,
    timeScale: options.timeScale,
    env: interpolateAll(step.env, outputs) as Record<string, string>,
    killAfterMs: options.run.stepTimeoutMs ?? 120_000
  })
  return {
    result: {
      exitCode: run.code,
      outputs: run.outputs,
      log: run.log,
      summary: run.summary,
      changes: emulator
        .mutatingCalls()
        .slice(before)
        .map((call) => call.operation)
    },
    outputs: run.outputs
  }
}

/** Runs an example's steps in order against its own emulators; never throws. */
export async function runExample(options: RunExampleOptions): Promise<ExampleReport> {
  const started = Date.now()
  const emulators: Emulator[] = []
  const steps: StepReport[] = []
  try {
    const stepsFile = join(options.dir, STEPS_FILE)
    const example = parseSteps(await readFile(stepsFile, 'utf8'), stepsFile)
    const scenario = loadScenarioFile(join(options.dir, SCENARIO_FILE))
    const timeScale = scenario.timeScale ?? options.timeScale
    const files: Record<string, string> = {}
    for (const [path, source] of Object.entries(example.files)) {
      files[path] = await readFile(join(options.dir, source), 'utf8')
    }
    const main = await startEmulator({ ...scenario.emulator, timeScale })
    emulators.push(main)
    const accounts = new Map<string, Emulator>()
    for (const [name, account] of Object.entries(scenario.accounts)) {
      const emulator = await startEmulator({ ...account, timeScale })
      emulators.push(emulator)
      accounts.set(name, emulator)
    }
    const outputs: Record<string, Record<string, string>> = {}
    for (const step of example.steps) {
      const stepStarted = Date.now()
      const emulator = step.account === undefined ? main : accounts.get(step.account)
      if (emulator === undefined) {
        const known = [...accounts.keys()].join(', ') || 'none'
        steps.push({
          name: step.name,
          problems: [
            `account ${step.account ?? ''} is not in ${SCENARIO_FILE} (accounts: ${known})`
          ],
          ms: 0
        })
        break
      }
      let report: StepReport
      try {
        const { result, outputs: set } = await runStep({
          step,
          emulator,
          outputs,
          files,
          run: options,
          timeScale
        })
        if (step.id !== undefined) outputs[step.id] = set
        const problems = unmet(step.expect, result, outputs)
        report = {
          name: step.name,
          problems,
          ...(result.log !== undefined && { log: result.log }),
          outputs: set,
          ms: Date.now() - stepStarted
        }
      } catch (error) {
        report = {
          name: step.name,
          problems: [error instanceof Error ? error.message : String(error)],
          ms: Date.now() - stepStarted
        }
      }
      steps.push(report)
      if (report.problems.length > 0) break
    }
    return { name: options.name, steps, ms: Date.now() - started }
  } catch (error) {
    return {
      name: options.name,
      steps,
      error: error instanceof Error ? error.message : String(error),
      ms: Date.now() - started
    }
  } finally {
    await Promise.all(emulators.map((emulator) => emulator.close()))
  }
}
