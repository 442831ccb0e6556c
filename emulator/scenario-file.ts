// A scenario file: the startEmulator options as JSON, for the command line
// (`npm run emulator -- --scenario-file examples/x/scenario.json`) and the examples runner
// (`npm run examples`). It names a scenario and the world around it (more services, CodeDeploy,
// run-task exit codes, EventBridge rules, Scheduler schedules, faults, an IAM policy, …), and
// `accounts` adds more emulators, one per other AWS account. Every field is checked, and an error
// names the file and the field (`extraServices[1].scenario: …`). The format is in examples/README.md.

import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { checkFaultRules, type FaultRule } from './faults.js'
import { checkPolicy, type PolicyDocument } from './iam.js'
import { createWorld, type EmulatorOptions, type ExtraServiceOptions } from './index.js'
import { API_ACCESS, PREVIOUS, STOP_TYPES } from './scenario-options.js'
import { scenarioNames, type ScenarioName } from './scenarios.js'

/** What a scenario file holds, checked: one emulator per account. */
export interface ScenarioFile {
  /** What the file sets up, in words (the CLI prints it). */
  description?: string
  /** Virtual seconds per real second for every account's emulator, when the file sets it. */
  timeScale?: number
  /** The main account's emulator options (no port, host or clock: whoever starts it picks those). */
  emulator: EmulatorOptions
  /** More accounts by name, each an emulator of its own with the same clock rate. */
  accounts: Readonly<Record<string, EmulatorOptions>>
}

/** A field of the file that is wrong: `path` names it as `extraServices[1].scenario`. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string
  ) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${problem}`)
    this.name = 'ScenarioFileError'
  }
}

/** Thrown while checking one field; turned into a ScenarioFileError naming the file. */
class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string
  ) {
    super(`${path}: ${problem}`)
  }
}

type Check<T> = (value: unknown, path: string) => T

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`)
const describe = (value: unknown): string =>
  Array.isArray(value) ? 'a list' : value === null ? 'null' : JSON.stringify(value)

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const string: Check<string> = (value, path) => {
  if (typeof value !== 'string' || value === '') {
    throw new FieldError(path, `expected a non-empty string, got ${describe(value)}`)
  }
  return value
}

const boolean: Check<boolean> = (value, path) => {
  if (typeof value !== 'boolean') {
    throw new FieldError(path, `expected true or false, got ${describe(value)}`)
  }
  return value
}

function number(options: { min?: number; integer?: boolean; positive?: boolean } = {}) {
  return (value: unknown, path: string): number => {
    const { min = 0, integer = false, positive = false } = options
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (positive ? value > 0 : value >= min) &&
      (!integer || Number.isInteger(value))
    if (!ok) {
      const kind = integer ? 'a whole number' : 'a number'
      const bound = positive ? 'above 0' : `of at least ${String(min)}`
      throw new FieldError(path, `expected ${kind} ${bound}, got ${describe(value)}`)
    }
    return value
  }
}

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new FieldError(path, `expected one of ${values.join(', ')}, got ${describe(value)}`)
    }
    return value as T
  }
}

function list<T>(item: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new FieldError(path, `expected a list, got ${describe(value)}`)
    return (value as unknown[]).map((element, index) => item(element, `${path}[${index}]`))
  }
}

/** An object with any keys, each checked by `item`. */
function mapOf<T>(item: Check<T>): Check<Record<string, T>> {
  return (value, path) => {
    if (!isRecord(value)) throw new FieldError(path, `expected an object, got ${describe(value)}`)
    return Object.fromEntries(
      Object.entries(value).map(([key, element]) => [key, item(element, at(path, key))])
    )
  }
}

/** Any JSON object: the AWS shapes (targets, EBS volumes) that the emulator's seeding checks. */
const jsonObject: Check<Record<string, unknown>> = (value, path) => {
  if (!isRecord(value)) throw new FieldError(path, `expected an object, got ${describe(value)}`)
  return value
}

type Fields = Record<string, Check<unknown>>

/** An object with these fields only; `required` ones must be there. Unknown keys are errors. */
function struct<T>(fields: Fields, required: readonly string[] = []): Check<T> {
  return (value, path) => {
    if (!isRecord(value)) throw new FieldError(path, `expected an object, got ${describe(value)}`)
    const unknown = Object.keys(value).filter((key) => !(key in fields))
    if (unknown.length > 0) {
      const [first = ''] = unknown
      throw new FieldError(
        at(path, first),
        `unknown field; expected one of ${Object.keys(fields).join(', ')}`
      )
    }
    for (const key of required) {
      if (value[key] === undefined) throw new FieldError(at(path, key), 'is required')
    }
    const checked: Record<string, unknown> = {}
    for (const [key, element] of Object.entries(value)) {
      const check = fields[key]
      if (check !== undefined && element !== undefined) checked[key] = check(element, at(path, key))
    }
    return checked as T
  }
}

/** An ISO 8601 date, as the SDK's Date members are written in JSON. */
const date: Check<Date> = (value, path) => {
  const parsed = typeof value === 'string' ? new Date(value) : undefined
  if (parsed === undefined || Number.isNaN(parsed.getTime())) {
    throw new FieldError(
      path,
      `expected an ISO 8601 date, e.g. 2035-01-01T00:00:00Z, got ${describe(value)}`
    )
  }
  return parsed
}

const scenarioName = oneOf<ScenarioName>(scenarioNames)
const seconds = number()
const count = number({ integer: true })

const extraService = struct<ExtraServiceOptions>(
  { name: string, scenario: scenarioName, desiredCount: count },
  ['name']
)

const withIdAndArn =
  (id: string): Check<Record<string, unknown>> =>
  (value, path) => {
    const target = jsonObject(value, path)
    string(target[id], at(path, id))
    string(target.Arn, at(path, 'Arn'))
    return target
  }

const eventBridge = struct<NonNullable<EmulatorOptions['eventBridge']>>({
  rules: list(
    struct(
      {
        name: string,
        eventBusName: string,
        scheduleExpression: string,
        eventPattern: string,
        state: string,
        description: string,
        roleArn: string,
        targets: list(withIdAndArn('Id'))
      },
      ['name']
    )
  ),
  eventBuses: list(string),
  pageSize: count,
  failTargetIds: list(string)
})

const scheduler = struct<NonNullable<EmulatorOptions['scheduler']>>({
  schedules: list(
    struct(
      {
        Name: string,
        GroupName: string,
        ScheduleExpression: string,
        FlexibleTimeWindow: jsonObject,
        Target: withIdAndArn('RoleArn'),
        ScheduleExpressionTimezone: string,
        StartDate: date,
        EndDate: date,
        Description: string,
        State: oneOf(['ENABLED', 'DISABLED']),
        KmsKeyArn: string,
        ActionAfterCompletion: oneOf(['NONE', 'DELETE']),
        CreationDate: date,
        LastModificationDate: date
      },
      ['Name', 'ScheduleExpression', 'FlexibleTimeWindow', 'Target']
    )
  ),
  groups: list(string),
  pageSize: count
})

const runTasks = struct<NonNullable<EmulatorOptions['runTasks']>>({
  containers: mapOf(
    struct({
      exitCode: number({ integer: true, min: -2147483648 }),
      logLines: list((value, path) => {
        if (typeof value !== 'string') throw new FieldError(path, 'expected a string')
        return value
      }),
      runSeconds: seconds,
      cannotPull: boolean
    })
  ),
  placementFailure: string
})

const codeDeploy = struct<NonNullable<EmulatorOptions['codeDeploy']>>(
  {
    outcome: oneOf(['success', 'rollback', 'fail-no-rollback']),
    readyWaitMinutes: seconds,
    terminationWaitMinutes: seconds,
    omitWaitOptions: boolean
  },
  ['outcome']
)

const faults = list<FaultRule>((value, path) => jsonObject(value, path) as unknown as FaultRule)

/** The fields of one account's emulator; `policy` may be a path, read by `readJson`. */
function accountFields(readJson: (path: string) => unknown): Fields {
  return {
    scenario: scenarioName,
    cluster: string,
    service: string,
    family: string,
    desiredCount: count,
    denyLogs: boolean,
    hostileTexts: boolean,
    rewordTexts: boolean,
    extraServices: list(extraService),
    codeDeploy,
    pullThroughCacheRules: list(
      struct({ ecrRepositoryPrefix: string, upstreamRegistryUrl: string }, [
        'ecrRepositoryPrefix',
        'upstreamRegistryUrl'
      ])
    ),
    deploymentController: oneOf(['ECS', 'EXTERNAL']),
    ebsVolume: struct({ name: string, managedEBSVolume: jsonObject }, ['name', 'managedEBSVolume']),
    runTasks,
    faults,
    policy: (value: unknown, path: string): PolicyDocument => {
      const document = typeof value === 'string' ? readJson(value) : value
      try {
        return checkPolicy(document)
      } catch (error) {
        throw new FieldError(path, (error as Error).message)
      }
    },
    eventBridge,
    scheduler,
    serviceDeploymentLagSeconds: seconds,
    operatorStop: struct({ afterSeconds: seconds, stopType: oneOf(STOP_TYPES) }, [
      'afterSeconds',
      'stopType'
    ]),
    scaleTo: struct({ afterSeconds: seconds, desiredCount: count }, [
      'afterSeconds',
      'desiredCount'
    ]),
    duplicateDeployment: struct({ afterSeconds: seconds }, ['afterSeconds']),
    previousDeployment: oneOf(PREVIOUS),
    serviceDeploymentsApi: oneOf(API_ACCESS)
  }
}

/** The options a file may set, for telling a field's name at the start of the emulator's messages. */
const FIELD_NAMES: Fields = accountFields(() => undefined)

/** What the emulator itself checks when it seeds (names, counts, targets, schedules, faults). */
function checkSeeding(options: EmulatorOptions, prefix: string): void {
  try {
    createWorld({ ...options, start: Math.floor(Date.now() / 1000) })
    checkFaultRules(options.faults ?? [])
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    // The emulator's own messages name the field first (`extraServices[0].name must …`).
    const path = /^([A-Za-z]+)((?:\[\d+\]|\.\w+)*)/.exec(error.message)
    const field =
      path !== null && path[1] !== undefined && path[1] in FIELD_NAMES ? path[0] : undefined
    const problem =
      field === undefined ? error.message : error.message.slice(field.length).replace(/^:/, '')
    throw new FieldError(at(prefix, field ?? ''), problem.trim())
  }
}

/** The fields only the top level of a file has; `accounts` is checked account by account. */
const TOP_LEVEL: Fields = {
  description: string,
  timeScale: number({ positive: true }),
  accounts: (value: unknown) => value
}

function account(
  value: unknown,
  path: string,
  readJson: (path: string) => unknown,
  extra: Fields = {}
): EmulatorOptions {
  const fields = { ...accountFields(readJson), ...extra }
  const all = struct<Partial<EmulatorOptions> & Record<string, unknown>>(fields)(value, path)
  const options = Object.fromEntries(
    Object.entries(all).filter(([key]) => !(key in extra))
  ) as Partial<EmulatorOptions>
  const checked: EmulatorOptions = { ...options, scenario: options.scenario ?? 'success' }
  checkSeeding(checked, path)
  return checked
}

/**
 * Checks a scenario file's text. `file` names it in errors; `readJson` reads a JSON file a field
 * names by path (a `policy` such as `../../policies/core.json`), relative to the scenario file.
 */
export function parseScenarioFile(
  text: string,
  file: string,
  readJson: (path: string) => unknown = () => {
    throw new Error('reading other files is not possible here')
  }
): ScenarioFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ScenarioFileError(file, '', `not valid JSON: ${(error as Error).message}`)
  }
  const read = (path: string): unknown => {
    try {
      return readJson(path)
    } catch (error) {
      throw new FieldError('policy', `cannot read ${path}: ${(error as Error).message}`)
    }
  }
  try {
    if (!isRecord(json)) throw new FieldError('', `expected an object, got ${describe(json)}`)
    const main = account(json, '', read, TOP_LEVEL)
    const { description, timeScale, accounts } = json
    const others =
      accounts === undefined
        ? {}
        : mapOf((value, path) => account(value, path, read))(accounts, 'accounts')
    return {
      ...(typeof description === 'string' && { description }),
      ...(typeof timeScale === 'number' && { timeScale }),
      emulator: main,
      accounts: others
    }
  } catch (error) {
    if (error instanceof FieldError) throw new ScenarioFileError(file, error.path, error.problem)
    throw error
  }
}

/** Reads and checks a scenario file; a `policy` path is read relative to the file. */
export function loadScenarioFile(path: string): ScenarioFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ScenarioFileError(path, '', `cannot read it: ${(error as Error).message}`)
  }
  return parseScenarioFile(text, path, (relative) =>
    JSON.parse(readFileSync(resolve(dirname(path), relative), 'utf8'))
  )
}
