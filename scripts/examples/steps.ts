/**
 * An example's `steps.yml`: the workspace files, then the steps in the order a workflow would run
 * them, each the action with its inputs (`with:`) or one ECS API call (`ecs:`, what a workflow does
 * with the AWS CLI), and what must come of it (`expect:`). The format is in examples/README.md.
 */
import { parse } from 'yaml'

/** How a text is compared: a plain string must be equal (or, for logs, be contained). */
export type Matcher =
  string | { readonly contains: string } | { readonly matches: string } | { readonly json: unknown }

export interface Expectation {
  /** The step's exit code (0 passes, 1 fails the job). */
  readonly exitCode?: number
  readonly outputs?: Readonly<Record<string, Matcher>>
  /** Each must be found in the step's log; a plain string is looked for as it is. */
  readonly log?: readonly Matcher[]
  /** None of these may be in the log. */
  readonly notInLog?: readonly string[]
  /** Each must be found in the job summary. */
  readonly summary?: readonly Matcher[]
  /** The emulator's calls that change something during this step, in order; [] for none. */
  readonly changes?: readonly string[]
  /** An ecs step: the answer, as a JSON subset. */
  readonly response?: unknown
}

/** The ECS calls a step may make, as `aws ecs …` would in a workflow. */
export const ECS_OPERATIONS = [
  'ContinueServiceDeployment',
  'DescribeServiceDeployments',
  'DescribeServices',
  'DescribeTaskDefinition',
  'ListServiceDeployments',
  'StopServiceDeployment'
] as const
export type EcsOperation = (typeof ECS_OPERATIONS)[number]

interface StepBase {
  readonly name: string
  readonly id?: string
  /** The account (a scenario file's `accounts` entry) whose emulator the step talks to. */
  readonly account?: string
  /** More environment for the step, e.g. AWS_REGION. */
  readonly env: Readonly<Record<string, string>>
  readonly expect: Expectation
}

export interface ActionStep extends StepBase {
  readonly kind: 'action'
  /** The inputs, as the runner passes them: strings. */
  readonly with: Readonly<Record<string, string>>
  /** Before the step: what the emulator's next deployment or task does. */
  readonly emulator?: { readonly scenario?: string; readonly runTasks?: unknown }
}

export interface EcsStep extends StepBase {
  readonly kind: 'ecs'
  readonly operation: EcsOperation
  readonly input: Readonly<Record<string, unknown>>
}

export type Step = ActionStep | EcsStep

export interface Example {
  /** The heading whose example this is the twin of, as `file#anchor` (`README.md#quick-start`). */
  readonly twinOf: string
  readonly description?: string
  /** Workspace path → file, relative to the example's folder. */
  readonly files: Readonly<Record<string, string>>
  readonly steps: readonly Step[]
}

export class StepsFileError extends Error {
  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${problem}`)
    this.name = 'StepsFileError'
  }
}

type Json = Record<string, unknown>

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads one file, naming the field of any problem. */
class Fields {
  constructor(private readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new StepsFileError(this.file, path, problem)
  }

  mapping(value: unknown, path: string): Json {
    if (!isRecord(value)) this.fail(path, 'expected a mapping')
    return value
  }

  object(value: unknown, path: string, keys: readonly string[]): Json {
    const object = this.mapping(value, path)
    const unknown = Object.keys(object).find((key) => !keys.includes(key))
    if (unknown !== undefined) {
      this.fail(`${path}.${unknown}`.replace(/^\./, ''), `unknown key; one of ${keys.join(', ')}`)
    }
    return object
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value === '') this.fail(path, 'expected a non-empty string')
    return value
  }

  /** An input or variable: YAML's numbers and booleans become the strings the runner passes. */
  scalar(value: unknown, path: string): string {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return this.fail(path, 'expected a string, number or boolean')
  }

  strings(value: unknown, path: string): Record<string, string> {
    if (value === undefined) return {}
    return Object.fromEntries(
      Object.entries(this.mapping(value, path)).map(([key, item]) => [
        key,
        this.scalar(item, `${path}.${key}`)
      ])
    )
  }

  matcher(value: unknown, path: string): Matcher {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    const [key, ...more] = isRecord(value) ? Object.keys(value) : []
    if (!isRecord(value) || key === undefined || more.length > 0) {
      this.fail(path, 'expected a string, or one of {contains}, {matches}, {json}')
    }
    if (key === 'contains') return { contains: this.string(value.contains, `${path}.contains`) }
    if (key === 'matches') {
      const pattern = this.string(value.matches, `${path}.matches`)
      try {
        new RegExp(pattern)
      } catch (error) {
        this.fail(`${path}.matches`, (error as Error).message)
      }
      return { matches: pattern }
    }
    if (key === 'json') return { json: value.json }
    return this.fail(`${path}.${key}`, 'expected contains, matches or json')
  }

  list(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'expected a list')
    return value as unknown[]
  }

  matchers(value: unknown, path: string): Matcher[] {
    return this.list(value, path).map((item, index) => this.matcher(item, `${path}[${index}]`))
  }

  expectation(value: unknown, path: string, kind: Step['kind']): Expectation {
    const keys =
      kind === 'action'
        ? ['exit-code', 'outputs', 'log', 'not-in-log', 'summary', 'changes']
        : ['response', 'changes']
    const e = this.object(value ?? {}, path, keys)
    const exit = e['exit-code']
    if (exit !== undefined && !(typeof exit === 'number' && Number.isInteger(exit))) {
      this.fail(`${path}.exit-code`, 'expected a whole number')
    }
    const changes = e.changes
    if (changes !== undefined && changes !== 'none' && !Array.isArray(changes)) {
      this.fail(`${path}.changes`, 'expected none or a list of operation names')
    }
    return {
      ...(typeof exit === 'number' && { exitCode: exit }),
      ...(e.outputs !== undefined && {
        outputs: Object.fromEntries(
          Object.entries(this.mapping(e.outputs, `${path}.outputs`)).map(([name, item]) => [
            name,
            this.matcher(item, `${path}.outputs.${name}`)
          ])
        )
      }),
      ...(e.log !== undefined && { log: this.matchers(e.log, `${path}.log`) }),
      ...(e['not-in-log'] !== undefined && {
        notInLog: this.list(e['not-in-log'], `${path}.not-in-log`).map((item, index) =>
          this.string(item, `${path}.not-in-log[${index}]`)
        )
      }),
      ...(e.summary !== undefined && { summary: this.matchers(e.summary, `${path}.summary`) }),
      ...(changes !== undefined && {
        changes:
          changes === 'none'
            ? []
            : (changes as unknown[]).map((item, index) =>
                this.string(item, `${path}.changes[${index}]`)
              )
      }),
      ...(e.response !== undefined && { response: e.response })
    }
  }

  step(value: unknown, path: string): Step {
    const raw = this.object(value, path, [
      'name',
      'id',
      'account',
      'env',
      'emulator',
      'with',
      'ecs',
      'expect'
    ])
    const base = {
      name: this.string(raw.name, `${path}.name`),
      ...(raw.id !== undefined && { id: this.string(raw.id, `${path}.id`) }),
      ...(raw.account !== undefined && { account: this.string(raw.account, `${path}.account`) }),
      env: this.strings(raw.env, `${path}.env`)
    }
    if ((raw.with === undefined) === (raw.ecs === undefined)) {
      this.fail(path, 'give either with: (run the action) or ecs: (one ECS call)')
    }
    if (raw.ecs !== undefined) {
      if (raw.emulator !== undefined) this.fail(`${path}.emulator`, 'only for steps with with:')
      const call = this.object(raw.ecs, `${path}.ecs`, ECS_OPERATIONS)
      const [operation, ...more] = Object.keys(call) as EcsOperation[]
      if (operation === undefined || more.length > 0) {
        this.fail(`${path}.ecs`, 'expected exactly one operation')
      }
      const input = call[operation] ?? {}
      if (!isRecord(input)) this.fail(`${path}.ecs.${operation}`, 'expected a mapping')
      return {
        kind: 'ecs',
        ...base,
        operation,
        input,
        expect: this.expectation(raw.expect, `${path}.expect`, 'ecs')
      }
    }
    const emulator =
      raw.emulator === undefined
        ? undefined
        : this.object(raw.emulator, `${path}.emulator`, ['scenario', 'runTasks'])
    return {
      kind: 'action',
      ...base,
      with: this.strings(raw.with, `${path}.with`),
      ...(emulator !== undefined && {
        emulator: {
          ...(emulator.scenario !== undefined && {
            scenario: this.string(emulator.scenario, `${path}.emulator.scenario`)
          }),
          ...(emulator.runTasks !== undefined && { runTasks: emulator.runTasks })
        }
      }),
      expect: this.expectation(raw.expect, `${path}.expect`, 'action')
    }
  }
}

/** Reads and checks a steps.yml; `file` names it in errors. */
export function parseSteps(text: string, file: string): Example {
  const fields = new Fields(file)
  let document: unknown
  try {
    document = parse(text)
  } catch (error) {
    fields.fail('', `not valid YAML: ${(error as Error).message}`)
  }
  const raw = fields.object(document, '', ['twin-of', 'description', 'files', 'steps'])
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    fields.fail('steps', 'expected a list of at least one step')
  }
  const steps = (raw.steps as unknown[]).map((step, index) => fields.step(step, `steps[${index}]`))
  const ids = new Set<string>()
  steps.forEach((step, index) => {
    if (step.id === undefined) return
    if (ids.has(step.id)) fields.fail(`steps[${index}].id`, `${step.id} is already a step's id`)
    ids.add(step.id)
  })
  return {
    twinOf: fields.string(raw['twin-of'], 'twin-of'),
    ...(raw.description !== undefined && {
      description: fields.string(raw.description, 'description')
    }),
    files: fields.strings(raw.files, 'files'),
    steps
  }
}
