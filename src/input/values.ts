// Parsing of single workflow input values, shared by every reader of inputs.

/** A workflow input that is missing or malformed. The message names the input. */
export class InputError extends Error {
  override readonly name = 'InputError'
  constructor(
    readonly input: string,
    why: string
  ) {
    super(`Input "${input}" ${why}`)
  }
}

export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[]
): T {
  const choice = choices.find((c) => c === value)
  if (choice === undefined) {
    throw new InputError(name, `must be one of ${choices.join(', ')}, got "${value}"`)
  }
  return choice
}

// The YAML 1.2 core-schema spellings, as @actions/core's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

export function parseBoolean(name: string, value: string): boolean {
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new InputError(name, `must be true or false, got "${value}"`)
}

export function parseInteger(
  name: string,
  value: string,
  range: { min: number; max: number }
): number {
  // Digits only: "1.5", "-1", "1e3", "0x10" and "12abc" are all mistakes, never silently coerced.
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
    throw new InputError(
      name,
      `must be a whole number from ${range.min} to ${range.max}, got "${value}"`
    )
  }
  return number
}
