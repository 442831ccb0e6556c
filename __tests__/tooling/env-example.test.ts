// .env.example's hand-written part shows how to write a multi-line input: the line, uncommented,
// must give the lines a workflow's `|` block would.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { parseEnvFile } from '../../scripts/local-run.js'

const text = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8')
const handWritten = text.slice(0, text.indexOf('# inputs:start'))

describe('.env.example', () => {
  it('shows a multi-line input that reads as several lines', () => {
    const shown = handWritten.split('\n').filter((line) => /^# INPUT_[\w-]+=".*\\n.*"$/.test(line))
    expect(shown.length).toBeGreaterThan(0)
    for (const line of shown) {
      const [value] = Object.values(parseEnvFile(line.slice(2)))
      expect(value?.split('\n')).toEqual(['LOG_LEVEL=debug', 'FEATURE_FLAGS=checkout-v2'])
    }
  })
})
