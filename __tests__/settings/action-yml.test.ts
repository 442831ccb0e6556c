import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { readSettings } from '../../src/settings/index.js'

const action = parse(
  readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8')
) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

/** The names readSettings asks for, with every source and setting given. */
function inputsRead(): Set<string> {
  const asked = new Set<string>()
  const values: Record<string, string> = {
    'task-definition': 'td.json',
    service: 'web',
    'container-name': 'app',
    image: 'nginx'
  }
  readSettings({
    getInput: (name) => {
      asked.add(name)
      return values[name] ?? ''
    },
    workspace: '/w',
    env: {}
  })
  return asked
}

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...inputsRead()].sort())
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description.length > 20]).toEqual([name, true])
    }
  })
})
