import type { ValidationProblem } from './errors.js'
import { describeValue, isJsonObject, type JsonObject } from './json-value.js'

/** Collects problems with their paths while the validator walks the document. */
export class ProblemList {
  readonly items: ValidationProblem[] = []

  add(path: string, message: string): void {
    this.items.push({ path, message })
  }
}

export function memberPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`
}

export function itemPath(base: string, index: number): string {
  return `${base}[${index}]`
}

// YAML reads `cpu: 256` as a number and `essential: "true"` as a string; say how to fix the file.
export function quoteHint(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean'
    ? ` (in YAML, quote it: "${String(value)}")`
    : ''
}

export function optionalString(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): string | undefined {
  const value = obj[key]
  if (value === undefined || typeof value === 'string') return value
  problems.add(
    memberPath(base, key),
    `must be a string, got ${describeValue(value)}${quoteHint(value)}`
  )
  return undefined
}

export function requiredString(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string,
  expected: string
): string | undefined {
  if (obj[key] === undefined) {
    problems.add(memberPath(base, key), `is required: ${expected}`)
    return undefined
  }
  return optionalString(problems, obj, key, base)
}

export interface IntegerRange {
  readonly min?: number
  readonly max?: number
}

export function optionalInteger(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string,
  range: IntegerRange = {}
): number | undefined {
  const value = obj[key]
  if (value === undefined) return undefined
  const path = memberPath(base, key)
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    problems.add(path, `must be a number, got ${describeValue(value)}; remove the quotes`)
    return undefined
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(path, `must be a whole number, got ${describeValue(value)}`)
    return undefined
  }
  const { min, max } = range
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const bounds =
      max === undefined
        ? `${String(min)} or more`
        : min === undefined
          ? `${max} or less`
          : `between ${min} and ${max}`
    problems.add(path, `must be ${bounds}, got ${value}`)
    return undefined
  }
  return value
}

export function optionalBoolean(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): boolean | undefined {
  const value = obj[key]
  if (value === undefined || typeof value === 'boolean') return value
  const hint = value === 'true' || value === 'false' ? '; remove the quotes' : ''
  problems.add(memberPath(base, key), `must be true or false, got ${describeValue(value)}${hint}`)
  return undefined
}

export function optionalEnum<T extends string>(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string,
  allowed: readonly T[]
): T | undefined {
  const value = optionalString(problems, obj, key, base)
  if (value === undefined) return undefined
  if (isOneOf(value, allowed)) return value
  problems.add(memberPath(base, key), notOneOfMessage(value, allowed))
  return undefined
}

export function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value)
}

export function notOneOfMessage(value: string, allowed: readonly string[]): string {
  const caseHint = allowed.some((option) => option.toLowerCase() === value.toLowerCase())
    ? ' (values are case-sensitive)'
    : ''
  return `must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}${caseHint}`
}

export function optionalList(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): unknown[] | undefined {
  const value = obj[key]
  if (value === undefined) return undefined
  if (Array.isArray(value)) return value as unknown[]
  problems.add(memberPath(base, key), `must be a list, got ${describeValue(value)}`)
  return undefined
}

/** A list of strings such as `command`; a single string is the classic mistake, so show the fix. */
export function optionalStringList(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): void {
  const value = obj[key]
  if (value === undefined) return
  const path = memberPath(base, key)
  if (typeof value === 'string') {
    const example = JSON.stringify(value.trim().split(/\s+/).slice(0, 3))
    problems.add(path, `must be a list of strings, e.g. ${example}, got ${describeValue(value)}`)
    return
  }
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of strings, got ${describeValue(value)}`)
    return
  }
  value.forEach((item, index) => {
    if (typeof item !== 'string') {
      problems.add(
        itemPath(path, index),
        `must be a string, got ${describeValue(item)}${quoteHint(item)}`
      )
    }
  })
}

export function optionalObject(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): JsonObject | undefined {
  const value = obj[key]
  if (value === undefined) return undefined
  if (isJsonObject(value)) return value
  problems.add(memberPath(base, key), `must be an object, got ${describeValue(value)}`)
  return undefined
}

/** Maps ECS defines as string to string (log options, docker labels). */
export function optionalStringMap(
  problems: ProblemList,
  obj: JsonObject,
  key: string,
  base: string
): void {
  const map = optionalObject(problems, obj, key, base)
  if (map === undefined) return
  const path = memberPath(base, key)
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string') {
      problems.add(
        `${path}[${JSON.stringify(name)}]`,
        `must be a string, got ${describeValue(value)}${quoteHint(value)}`
      )
    }
  }
}

/** Each item of a list member that must be an object; reports the others. */
export function objectItems(
  problems: ProblemList,
  list: readonly unknown[],
  path: string
): { item: JsonObject; path: string }[] {
  const items: { item: JsonObject; path: string }[] = []
  list.forEach((item, index) => {
    const here = itemPath(path, index)
    if (isJsonObject(item)) items.push({ item, path: here })
    else problems.add(here, `must be an object, got ${describeValue(item)}`)
  })
  return items
}
