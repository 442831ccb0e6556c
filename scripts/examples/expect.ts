/**
 * Whether a step did what its example claims: each expectation that does not hold is one line of
 * the answer, naming what was expected and what came.
 */
import { interpolate, interpolateAll, type StepOutputs } from './expressions.js'
import type { Expectation, Matcher } from './steps.js'

/** What a step did, as far as expectations can see. */
export interface StepResult {
  readonly exitCode?: number | null
  readonly outputs?: Readonly<Record<string, string>>
  readonly log?: string
  readonly summary?: string
  /** Operations of the emulator's calls that changed something during the step, in order. */
  readonly changes: readonly string[]
  readonly response?: unknown
}

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 300 ? `${JSON.stringify(text.slice(0, 300))}…` : JSON.stringify(text)
}

/** Where `expected` (a JSON subset) differs from `actual`; '' when it does not. */
export function jsonDifference(expected: unknown, actual: unknown, path = ''): string {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'the value'} is not a list`
    if (actual.length !== expected.length) {
      return `${path || 'the list'} has ${actual.length} items, expected ${expected.length}`
    }
    for (const [index, item] of expected.entries()) {
      const difference = jsonDifference(item, actual[index], `${path}[${index}]`)
      if (difference !== '') return difference
    }
    return ''
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return `${path || 'the value'} is not an object`
    }
    for (const [key, item] of Object.entries(expected)) {
      const value = (actual as Record<string, unknown>)[key]
      const difference = jsonDifference(item, value, path === '' ? key : `${path}.${key}`)
      if (difference !== '') return difference
    }
    return ''
  }
  return expected === actual
    ? ''
    : `${path || 'the value'} is ${shown(actual)}, expected ${shown(expected)}`
}

/** '' when `text` matches; otherwise why not. `whole`: a plain string must equal, not be contained. */
function mismatch(matcher: Matcher, text: string, whole: boolean, outputs: StepOutputs): string {
  if (typeof matcher === 'string') {
    const wanted = interpolate(matcher, outputs)
    if (whole) return text === wanted ? '' : `is ${shown(text)}, expected ${shown(wanted)}`
    return text.includes(wanted) ? '' : `has no ${shown(wanted)}`
  }
  if ('contains' in matcher) {
    const wanted = interpolate(matcher.contains, outputs)
    return text.includes(wanted) ? '' : `has no ${shown(wanted)} in ${shown(text)}`
  }
  if ('matches' in matcher) {
    return new RegExp(matcher.matches, 'm').test(text)
      ? ''
      : `does not match /${matcher.matches}/${whole ? `: ${shown(text)}` : ''}`
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return `is not JSON: ${shown(text)}`
  }
  const difference = jsonDifference(interpolateAll(matcher.json, outputs), parsed)
  return difference === '' ? '' : `: ${difference}`
}

/** Every expectation of the step that does not hold, one line each; [] when all hold. */
export function unmet(
  expectation: Expectation,
  result: StepResult,
  outputs: StepOutputs
): string[] {
  const problems: string[] = []
  if (expectation.exitCode !== undefined && result.exitCode !== expectation.exitCode) {
    problems.push(`exit code ${String(result.exitCode)}, expected ${String(expectation.exitCode)}`)
  }
  for (const [name, matcher] of Object.entries(expectation.outputs ?? {})) {
    const value = result.outputs?.[name]
    if (value === undefined) {
      problems.push(`output ${name} was not set`)
      continue
    }
    const why = mismatch(matcher, value, true, outputs)
    if (why !== '') problems.push(`output ${name} ${why}`.replace(' :', ':'))
  }
  const log = result.log ?? ''
  for (const matcher of expectation.log ?? []) {
    const why = mismatch(matcher, log, false, outputs)
    if (why !== '') problems.push(`the log ${why}`)
  }
  for (const text of expectation.notInLog ?? []) {
    const wanted = interpolate(text, outputs)
    if (log.includes(wanted)) problems.push(`the log has ${shown(wanted)}, which it must not`)
  }
  for (const matcher of expectation.summary ?? []) {
    const why = mismatch(matcher, result.summary ?? '', false, outputs)
    if (why !== '') problems.push(`the job summary ${why}`)
  }
  if (expectation.changes !== undefined) {
    const wanted = expectation.changes.join(', ') || 'none'
    const got = result.changes.join(', ') || 'none'
    if (wanted !== got) problems.push(`calls that change something: ${got}; expected ${wanted}`)
  }
  if (expectation.response !== undefined) {
    const difference = jsonDifference(
      interpolateAll(expectation.response, outputs),
      result.response
    )
    if (difference !== '') problems.push(`the answer: ${difference}`)
  }
  return problems
}
