import { parseBoolean, parseChoice, parseInteger } from '../input/values.js'

// Parsers many rows of the input table share. The row passes its own name, which errors quote.

export const text = (value: string): string => value

export const flag = (value: string, name: string): boolean => parseBoolean(name, value)

export function wholeNumber(range: {
  min: number
  max: number
}): (value: string, name: string) => number {
  return (value, name) => parseInteger(name, value, range)
}

export function oneOf<const T extends string>(
  choices: readonly T[]
): (value: string, name: string) => T {
  return (value, name) => parseChoice(name, value, choices)
}
