import type { ContainerFacts, Finding, Rule, TaskFacts } from './types.js'

/**
 * How much of one text the rules read. ECS reasons and events are a few hundred characters; a
 * huge one must cost no more than a normal one, and the distinctive tokens come first.
 */
export const SCAN_LIMIT = 4000

/** A string field of foreign data, cut to `max`; anything that is not a string reads as ''. */
export function str(value: unknown, max = SCAN_LIMIT): string {
  return typeof value === 'string' ? value.slice(0, max) : ''
}

/** An array field of foreign data; anything else reads as empty. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : []
}

/**
 * A piece of foreign text fit to quote inside one line of a log, an annotation or the job summary:
 * control characters and line breaks gone, white space collapsed, cut at `max` characters, and the
 * characters that start a legacy workflow command (`##[`) or Markdown and HTML markup replaced.
 */
export function fragment(value: string, max = 80): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
  const clean = flat
    .replace(/[#<>`|*\\]/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean
}

/** "a", "a and b", "a, b and c" */
export function joined(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}

export function cause(
  id: string,
  source: string,
  summary: string,
  advice: string,
  subject = ''
): Finding {
  return { cause: Object.freeze({ id, summary, advice, source }), subject }
}

/** A rule that finds one fixed cause in any text that `matches`. */
export function textRule(
  id: string,
  matches: (text: string) => boolean,
  about: { source: string; summary: string; advice: string; unless?: readonly string[] }
): Rule {
  const found = Object.freeze(cause(id, about.source, about.summary, about.advice))
  return {
    id,
    ...(about.unless === undefined ? {} : { unless: about.unless }),
    fromText: (text) => (matches(text) ? found : undefined)
  }
}

function containerFacts(value: unknown): ContainerFacts {
  const c = (value ?? {}) as Record<string, unknown>
  const exit = c['exitCode']
  return {
    name: fragment(str(c['name'], 200), 60) || 'unnamed',
    exitCode: typeof exit === 'number' && Number.isInteger(exit) ? exit : undefined,
    reason: str(c['reason']),
    healthStatus: str(c['healthStatus'], 40).toUpperCase()
  }
}

/** How many containers of one task are read: tasks hold at most a few dozen. */
const CONTAINER_LIMIT = 50

/** The facts of one stopped task; `undefined`, `null` or a non-object give an empty task. */
export function taskFacts(value: unknown): TaskFacts {
  const t = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const containers = list(t['containers']).slice(0, CONTAINER_LIMIT).map(containerFacts)
  const stoppedReason = str(t['stoppedReason'])
  return {
    stopCode: str(t['stopCode'], 80),
    stoppedReason,
    healthStatus: str(t['healthStatus'], 40).toUpperCase(),
    containers,
    texts: [stoppedReason, ...containers.map((c) => c.reason)].filter((text) => text !== '')
  }
}
