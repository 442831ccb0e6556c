/**
 * The runnable examples: the steps.yml and scenario.json formats, the expressions and expectations
 * of the runner, and that every example in the docs has a twin under examples/ that sets the inputs
 * the docs show (npm run examples then runs them against the emulator).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

import { loadScenarioFile, parseScenarioFile } from '../../emulator/scenario-file.js'
import { jsonDifference, unmet } from '../../scripts/examples/expect.js'
import { evaluate, interpolate } from '../../scripts/examples/expressions.js'
import { SCENARIO_FILE, STEPS_FILE } from '../../scripts/examples/run.js'
import { parseSteps, type Example } from '../../scripts/examples/steps.js'
import { headingAnchor } from '../../scripts/markdown.js'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const EXAMPLES = join(ROOT, 'examples')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

const exampleNames = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
const examples = new Map<string, Example>(
  exampleNames.map((name) => {
    const file = join('examples', name, STEPS_FILE)
    return [name, parseSteps(read(file), file)]
  })
)

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]

describe('expressions', () => {
  const outputs = {
    staging: {
      'task-definition-arn': 'arn:aws:ecs:us-east-1:1:task-definition/web:2',
      'image-digests': '{"app":"sha256:abc"}',
      services: '[{"service":"web","verdict":"succeeded"}]'
    }
  }

  it('reads step outputs, as steps.… or needs.…, and into JSON with fromJSON', () => {
    expect(evaluate('steps.staging.outputs.task-definition-arn', outputs)).toBe(
      'arn:aws:ecs:us-east-1:1:task-definition/web:2'
    )
    expect(evaluate(' fromJSON(needs.staging.outputs.image-digests).app ', outputs)).toBe(
      'sha256:abc'
    )
    expect(evaluate("fromJSON(steps.staging.outputs.services)[0]['verdict']", outputs)).toBe(
      'succeeded'
    )
    expect(
      interpolate('web@${{ fromJSON(needs.staging.outputs.image-digests).app }}', outputs)
    ).toBe('web@sha256:abc')
    expect(interpolate('${{ fromJSON(steps.staging.outputs.image-digests) }}', outputs)).toBe(
      '{"app":"sha256:abc"}'
    )
  })

  it('refuses what it does not know, naming it', () => {
    expect(() => evaluate('steps.prod.outputs.verdict', outputs)).toThrow(
      'no earlier step has the id prod'
    )
    expect(() => evaluate('steps.staging.outputs.verdict', outputs)).toThrow(
      'step staging set no output verdict'
    )
    expect(() => evaluate('github.sha', outputs)).toThrow('unknown name github')
    expect(() => evaluate('fromJSON(steps.staging.outputs.image-digests).web', outputs)).toThrow(
      'has no value'
    )
    expect(() => evaluate('steps.staging.outputs.diff || 1', outputs)).toThrow()
  })
})

describe('expectations', () => {
  it('compares JSON as a subset: objects by the keys given, lists item by item', () => {
    expect(jsonDifference({ a: [{ b: 1 }] }, { a: [{ b: 1, c: 2 }], d: 3 })).toBe('')
    expect(jsonDifference({ a: [{ b: 1 }] }, { a: [{ b: 2 }] })).toBe('a[0].b is "2", expected "1"')
    expect(jsonDifference([1], [1, 2])).toBe('the list has 2 items, expected 1')
  })

  it('names each expectation that does not hold', () => {
    const problems = unmet(
      {
        exitCode: 0,
        outputs: { verdict: 'succeeded', reason: { matches: '^Deployment ' }, arn: 'x' },
        log: ['completed'],
        notInLog: ['warning'],
        changes: []
      },
      {
        exitCode: 1,
        outputs: { verdict: 'rolled-back', reason: 'The circuit breaker …' },
        log: 'a warning',
        changes: ['UpdateService']
      },
      {}
    )
    expect(problems).toEqual([
      'exit code 1, expected 0',
      'output verdict is "rolled-back", expected "succeeded"',
      'output reason does not match /^Deployment /: "The circuit breaker …"',
      'output arn was not set',
      'the log has no "completed"',
      'the log has "warning", which it must not',
      'calls that change something: UpdateService; expected none'
    ])
  })
})

describe('steps.yml', () => {
  const file = 'x/steps.yml'
  const step = { name: 'deploy', with: { image: 'web:2' } }
  const yaml = (value: unknown): string => JSON.stringify(value)

  it('reads inputs as the strings the runner passes', () => {
    const example = parseSteps(
      yaml({
        'twin-of': 'README.md#x',
        steps: [{ ...step, with: { 'wait-for-minutes': 15, 'dry-run': true } }]
      }),
      file
    )
    expect(example.steps[0]).toMatchObject({
      kind: 'action',
      with: { 'wait-for-minutes': '15', 'dry-run': 'true' }
    })
  })

  it('names the field of a mistake', () => {
    const bad =
      (value: unknown): (() => Example) =>
      () =>
        parseSteps(yaml(value), file)
    expect(bad({ 'twin-of': 'README.md#x', steps: [] })).toThrow(
      'x/steps.yml: steps: expected a list of at least one step'
    )
    expect(bad({ 'twin-of': 'README.md#x', steps: [{ ...step, expect: { exit: 0 } }] })).toThrow(
      'x/steps.yml: steps[0].expect.exit: unknown key'
    )
    expect(bad({ 'twin-of': 'README.md#x', steps: [{ name: 'a', ecs: { RunTask: {} } }] })).toThrow(
      'x/steps.yml: steps[0].ecs.RunTask: unknown key'
    )
    expect(
      bad({
        'twin-of': 'README.md#x',
        steps: [
          { ...step, id: 'a' },
          { ...step, id: 'a' }
        ]
      })
    ).toThrow('x/steps.yml: steps[1].id: a is already a step')
    expect(bad({ steps: [step] })).toThrow('x/steps.yml: twin-of: expected a non-empty string')
  })
})

describe('scenario files', () => {
  const parseFile = (value: unknown): ReturnType<typeof parseScenarioFile> =>
    parseScenarioFile(JSON.stringify(value), 'x.json')

  it('gives the startEmulator options of the main account and of each other one', () => {
    const file = parseFile({
      scenario: 'blue-green-hook',
      timeScale: 200,
      extraServices: [{ name: 'api', scenario: 'blue-green' }],
      scheduler: {
        schedules: [
          {
            Name: 'report',
            ScheduleExpression: 'rate(1 day)',
            FlexibleTimeWindow: { Mode: 'OFF' },
            StartDate: '2026-01-01T00:00:00Z',
            Target: {
              Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
              RoleArn: 'arn:aws:iam::123456789012:role/scheduler'
            }
          }
        ]
      },
      accounts: { production: { cluster: 'production' } }
    })
    expect(file.timeScale).toBe(200)
    expect(file.emulator).toMatchObject({ scenario: 'blue-green-hook' })
    expect(file.emulator.scheduler?.schedules?.[0]?.StartDate).toEqual(
      new Date('2026-01-01T00:00:00Z')
    )
    expect(file.accounts).toEqual({ production: { scenario: 'success', cluster: 'production' } })
  })

  it('names the file and the field of a mistake', () => {
    const bad =
      (value: unknown): (() => unknown) =>
      () =>
        parseFile(value)
    expect(bad({ extraServices: [{ name: 'a' }, { name: 'b', scenario: 'nope' }] })).toThrow(
      /^x\.json: extraServices\[1\]\.scenario: expected one of success, /
    )
    expect(bad({ extraServices: [{ name: 'web' }] })).toThrow(
      'x.json: extraServices[0].name: web is already a service'
    )
    expect(bad({ colour: 'blue' })).toThrow('x.json: colour: unknown field')
    expect(bad({ runTasks: { containers: { app: { exitCode: 'one' } } } })).toThrow(
      'x.json: runTasks.containers.app.exitCode: expected a whole number'
    )
    expect(bad({ accounts: { production: { desiredCount: -1 } } })).toThrow(
      'x.json: accounts.production.desiredCount: expected a whole number of at least 0, got -1'
    )
    expect(bad({ accounts: { production: { timeScale: 2 } } })).toThrow(
      'x.json: accounts.production.timeScale: unknown field'
    )
    expect(bad({ policy: { Statement: [{ Effect: 'Maybe' }] } })).toThrow(/^x\.json: policy: /)
    expect(() => parseScenarioFile('{', 'x.json')).toThrow('x.json: not valid JSON')
  })
})

/** `<!-- example: name -->` markers of a Markdown file, each with the YAML block after it. */
function markedExamples(file: string): { name: string; yaml: string }[] {
  const text = read(file)
  return [...text.matchAll(/<!-- example: ([\w-]+) -->\n\n```yaml\n([\s\S]*?)\n```/g)].map(
    (match) => ({ name: match[1] ?? '', yaml: match[2] ?? '' })
  )
}

/** The `with:` of every step that uses ECS Rollout, wherever it sits in a workflow. */
function actionInputs(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(actionInputs)
  if (typeof value !== 'object' || value === null) return []
  const node = value as Record<string, unknown>
  const own =
    typeof node.uses === 'string' && node.uses.includes('ecs-rollout@') && node.with !== undefined
      ? [node.with as Record<string, unknown>]
      : []
  return [...own, ...Object.values(node).flatMap(actionInputs)]
}

describe('every example in the docs has a twin under examples/', () => {
  const marked = DOCS.flatMap((file) => markedExamples(file).map((m) => ({ ...m, file })))

  it('marks every example of the README and every step of ECS Rollout in docs/', () => {
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Inputs'))
    const blocks = section.split('```yaml').length - 1
    expect(markedExamples('README.md').length).toBe(blocks)
    for (const file of DOCS.filter((name) => name !== 'README.md')) {
      const uses = [...read(file).matchAll(/```yaml\n([\s\S]*?)\n```/g)].filter((block) =>
        (block[1] ?? '').includes('ecs-rollout@')
      ).length
      expect([file, markedExamples(file).length]).toEqual([file, uses])
    }
  })

  it.each(exampleNames)('%s is some example’s twin, and its files are there', (name) => {
    const example = examples.get(name)
    const [file = '', anchor = ''] = example?.twinOf.split('#') ?? []
    expect(marked.filter((m) => m.name === name).map((m) => m.file)).toEqual([file])
    const anchors = [...read(file).matchAll(/^#{1,6} (.+)$/gm)].map((h) =>
      headingAnchor(h[1] ?? '')
    )
    expect(anchors).toContain(anchor)
    expect(() => loadScenarioFile(join(EXAMPLES, name, SCENARIO_FILE))).not.toThrow()
    for (const source of Object.values(example?.files ?? {})) {
      expect([source, existsSync(join(EXAMPLES, name, source))]).toEqual([source, true])
    }
  })

  it.each(marked.map((m) => [`${m.file} → ${m.name}`, m] as const))(
    '%s: the twin sets every input shown, with the same literal values',
    (_label, { name, yaml }) => {
      const example = examples.get(name)
      expect(example).toBeDefined()
      const twin = (example?.steps ?? []).flatMap((step) =>
        step.kind === 'action' ? [step.with] : []
      )
      const shown = actionInputs(parse(yaml))
      for (const inputs of shown) {
        for (const [input, value] of Object.entries(inputs)) {
          const theirs = twin.filter((step) => input in step).map((step) => step[input])
          expect([input, theirs.length > 0]).toEqual([input, true])
          const text = String(value)
          if (!text.includes('${{'))
            expect([input, text, theirs.includes(text)]).toEqual([input, text, true])
        }
      }
    }
  )
})

describe('the docs', () => {
  it('keep the README small, with the two commands newcomers run', () => {
    const readme = read('README.md')
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(40_000)
    expect(readme).toContain('npm run demo')
    expect(readme).toContain('npm test')
  })

  /** Links of a Markdown file, outside code. */
  const links = (text: string): string[] =>
    [
      ...text
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '')
        .matchAll(/\]\(([^)\s]+)\)/g)
    ].map((match) => match[1] ?? '')

  it.each([...DOCS, 'examples/README.md', 'BENCHMARKS.md'])(
    '%s links only to files and headings inside the repository',
    (file) => {
      for (const link of links(read(file))) {
        if (/^(https?|mailto):/.test(link)) continue
        const [path = '', anchor] = link.split('#')
        const target = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path)
        expect([link, relative(ROOT, target).startsWith('..')]).toEqual([link, false])
        expect([link, existsSync(target)]).toEqual([link, true])
        if (anchor !== undefined && target.endsWith('.md')) {
          const anchors = [...readFileSync(target, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((h) =>
            headingAnchor(h[1] ?? '')
          )
          expect([link, anchors.includes(anchor)]).toEqual([link, true])
        }
      }
    }
  )
})
