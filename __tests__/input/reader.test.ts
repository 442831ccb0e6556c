import { describe, expect, it } from '@jest/globals'
import { inputReader, type InputParser } from '../../src/input/reader.js'
import { InputError, parseInteger } from '../../src/input/values.js'

const count = (text: string, name: string): number => parseInteger(name, text, { min: 0, max: 9 })

const PARSERS: readonly InputParser[] = [
  { name: 'count', parse: count },
  { name: 'retries', default: '3', parse: count },
  { name: 'token', required: true, parse: (text: string) => text },
  { name: 'echo', parse: (text: string, name: string) => `${name}=${text}` }
]

interface Values {
  count: number | undefined
  retries: number
  token: string
  echo: string | undefined
}

const reader = (inputs: Record<string, string>) =>
  inputReader<Values>({ parsers: PARSERS, getInput: (name) => inputs[name] ?? '' })

describe('inputReader', () => {
  it('parses the trimmed text, and gives the parser its input name', () => {
    const inputs = reader({ count: ' 7\n', echo: '  a b  ' })
    expect(inputs.get('count')).toBe(7)
    expect(inputs.get('echo')).toBe('echo=a b')
  })

  it('parses the default for a blank input, and gives undefined when there is none', () => {
    const inputs = reader({ retries: '   ', count: '' })
    expect(inputs.get('retries')).toBe(3)
    expect(inputs.get('count')).toBeUndefined()
  })

  it('rejects a blank required input, naming it', () => {
    const error = (() => {
      try {
        reader({ token: ' ' }).get('token')
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({ input: 'token', message: 'Input "token" is required' })
  })

  it('tells a given input from a blank one, whatever its default', () => {
    const inputs = reader({ count: '1', retries: ' ' })
    expect(inputs.given('count')).toBe(true)
    expect(inputs.given('retries')).toBe(false)
    expect(inputs.given('echo')).toBe(false)
  })

  it('parses only what is asked for, in the order asked', () => {
    const inputs = reader({ count: 'x', retries: 'y' })
    expect(inputs.given('count')).toBe(true)
    expect(() => inputs.get('retries')).toThrow('Input "retries" must be a whole number')
    expect(() => inputs.get('count')).toThrow('Input "count" must be a whole number')
  })

  it('refuses a name it has no parser for', () => {
    const inputs = inputReader<{ other: string }>({ parsers: PARSERS, getInput: () => 'x' })
    expect(() => inputs.get('other')).toThrow('No parser for input "other"')
  })
})
