/**
 * Bad input, end to end: every case of the corpus (__fixtures__/bad-inputs.ts) runs through the
 * bundled action against the emulator. Each must exit 1 with an error that names the input and
 * says what is expected, and change nothing in AWS; most must not call AWS at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BAD_INPUTS, type BadInputCase } from '../../__fixtures__/bad-inputs.js'
import {
  CaseRuns,
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  FILES
} from '../../__fixtures__/e2e.js'
import type { RecordedCall } from '../../emulator/index.js'
import type { ActionRun } from '../../__fixtures__/run-action.js'

interface Result {
  readonly run: ActionRun
  readonly calls: readonly RecordedCall[]
  readonly mutating: readonly RecordedCall[]
}

const BATCH = 8
const runs = new CaseRuns<Result>()
const byName = new Map(BAD_INPUTS.map((c) => [c.name, c]))

// Each case is its own process and emulator; running them eight at a time keeps the file short.
beforeAll(
  () =>
    runs.runAll([...byName.keys()], BATCH, async (name) => {
      const c = byName.get(name)
      if (c === undefined) throw new Error(`no case ${name}`)
      const run = await deploy('success', {
        inputs: { ...DEPLOY, ...c.inputs },
        files: { ...FILES, ...c.files },
        ...(c.emulator !== undefined && { emulator: c.emulator })
      })
      return { run, calls: [...run.emulator.calls], mutating: run.emulator.mutatingCalls() }
    }),
  300_000
)

afterAll(closeEmulators)

// Our own workflow commands; anything else at the start of a line came from an input.
const OWN_COMMAND = /^::(error|warning|notice|debug|group|endgroup|add-mask)(::| )/

/** `Input "x"` or the input's name as a word (not inside a path such as .aws/x.json). */
function namesInput(line: string, input: string): boolean {
  const escaped = input.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')
  return new RegExp(`(^|[\\s"'(:])${escaped}([\\s"':,)]|$)`).test(line)
}

function explain(c: BadInputCase, result: Result): string {
  return `case "${c.name}": exit ${String(result.run.code)}, calls ${JSON.stringify(
    result.calls.map((call) => call.operation)
  )}. Log:\n${result.run.log}`
}

describe('bad input', () => {
  it('has a corpus of at least 60 distinct cases', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60)
    expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length)
  })

  it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = runs.get(c.name)
    const { run } = result
    if (run.code !== 1) throw new Error(`expected exit code 1; ${explain(c, result)}`)

    const errors = errorLines(run.log)
    const named = errors.filter((line) => namesInput(line, c.input))
    if (named.length === 0 || !named.some((line) => c.says.test(line))) {
      throw new Error(
        `expected an error naming "${c.input}" that matches ${String(c.says)}; ${explain(c, result)}`
      )
    }

    // Bad input never changes anything, and when it can be judged alone it never reaches AWS.
    expect(result.mutating.map((call) => call.operation)).toEqual([])
    if (c.afterReads !== true) expect(result.calls.map((call) => call.operation)).toEqual([])

    // An input value can never start a workflow command of its own.
    const forged = run.log.split('\n').filter((l) => l.startsWith('::') && !OWN_COMMAND.test(l))
    expect(forged).toEqual([])
    expect(run.outputs.verdict).not.toBe('succeeded')
    // The summary says the run stopped before changing anything, and why.
    expect(run.summary).toContain('ECS Rollout: stopped before any change')
    expect(run.summary).toContain('<th>Error</th>')

    if (c.markup !== undefined) {
      for (const line of run.log.split('\n')) expect(line.startsWith(c.markup)).toBe(false)
      expect(run.summary).not.toContain('<script>')
      // The summary may quote the bad value, but only escaped: raw HTML or Markdown never lands there.
      // (Workflow commands mean nothing in a summary; the log check above is theirs.)
      if (/[<>*|`]/.test(c.markup)) expect(run.summary).not.toContain(c.markup)
    }
  })
})
