import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import type { InputRow } from '../../src/settings/row.js'
import { INPUT_TABLE } from '../../src/settings/table.js'

const action = parse(
  readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8')
) as {
  runs: { using: string; main: string }
  inputs: Record<
    string,
    { description: string; default?: string | number | boolean; required?: boolean | string }
  >
  outputs: Record<string, { description: string }>
}

/** What the table says of each input, in action.yml's terms. */
const fromTable = Object.fromEntries(
  INPUT_TABLE.map((row: InputRow) => [
    row.name,
    { default: row.default, required: row.required ?? false }
  ])
)

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs of the input table, each once', () => {
    const names = INPUT_TABLE.map((row) => row.name)
    expect(new Set(names).size).toBe(names.length)
    expect([...names].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('gives each input the default and required flag of the input table', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [
        name,
        {
          default: input.default === undefined ? undefined : String(input.default),
          required: input.required === true || input.required === 'true'
        }
      ])
    )
    expect(declared).toEqual(fromTable)
  })

  it('describes each input', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description.length > 20]).toEqual([name, true])
    }
  })
})
