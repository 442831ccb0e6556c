import { readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { CORPUS, type CorpusCase } from '../../__fixtures__/task-definitions/corpus/cases.js'
import {
  parseRenderInputs,
  prepareTaskDefinition,
  TaskDefinitionError,
  validateTaskDefinition,
  type PreparedTaskDefinition
} from '../../src/task-definition/index.js'
import { readFixture } from './fixtures.js'

const FOLDER = new URL('../../__fixtures__/task-definitions/corpus/', import.meta.url)
const FILES = readdirSync(FOLDER).filter((name) => /\.(json|ya?ml)$/.test(name))

/** The whole pure pipeline, as the action runs it: inputs parsed, then prepare. */
function run(entry: CorpusCase): PreparedTaskDefinition {
  return prepareTaskDefinition({
    text: readFixture(`corpus/${entry.file}`),
    source: entry.file,
    renderSettings: parseRenderInputs(entry.inputs ?? {})
  })
}

describe('the task definition corpus', () => {
  it('has at least 30 files, every one of them used by a case, and no case without its file', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30)
    const used = new Set(CORPUS.map((entry) => entry.file))
    expect(FILES.filter((file) => !used.has(file))).toEqual([])
    expect([...used].filter((file) => !FILES.includes(file))).toEqual([])
  })

  it('fails only where it says so: the invalid-* files fail without inputs', () => {
    const failing = CORPUS.filter((entry) => 'error' in entry.outcome && entry.inputs === undefined)
    expect(
      failing.map((entry) => entry.file).filter((file) => !file.startsWith('invalid-'))
    ).toEqual(['fargate-placeholders.json'])
  })

  it.each(CORPUS.map((entry) => [`${entry.file}: ${entry.about}`, entry] as const))(
    '%s',
    (_label, entry) => {
      const { outcome } = entry
      if ('error' in outcome) {
        let caught: unknown
        try {
          run(entry)
        } catch (error) {
          caught = error
        }
        expect(caught).toBeInstanceOf(TaskDefinitionError)
        expect((caught as TaskDefinitionError).input).toBe(outcome.input)
        expect((caught as TaskDefinitionError).message).toBe(outcome.error)
        return
      }
      const prepared = run(entry)
      expect(prepared.info).toEqual(outcome.info)
      expect(prepared.warnings).toEqual(outcome.warnings ?? [])
      expect(validateTaskDefinition(prepared.taskDefinition)).toEqual([])
      expect(prepared.taskDefinition).toMatchObject(outcome.has ?? {})
      // A rendered definition goes through the pipeline again unchanged: rendering is idempotent.
      const again = prepareTaskDefinition({
        text: JSON.stringify(prepared.taskDefinition),
        source: entry.file,
        renderSettings: parseRenderInputs(entry.inputs ?? {})
      })
      expect(again.taskDefinition).toEqual(prepared.taskDefinition)
    }
  )
})
