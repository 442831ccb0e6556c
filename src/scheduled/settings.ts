import type { InputReader } from '../input/reader.js'
import { InputError } from '../input/values.js'

export const SCHEDULED_INPUTS = {
  entries: 'scheduled-tasks',
  forFamily: 'update-scheduled-tasks-for-family'
} as const

/** An EventBridge rule on a bus, or an EventBridge Scheduler schedule in a group. */
export type ScheduledTaskRef =
  | { readonly kind: 'rule'; readonly eventBusName: string; readonly name: string }
  | { readonly kind: 'schedule'; readonly groupName: string; readonly name: string }

export interface ScheduledTasksSettings {
  /** The rules and schedules named in `scheduled-tasks`, in input order. */
  readonly entries: readonly ScheduledTaskRef[]
  /** Also find every rule target and schedule on the cluster that runs this family. */
  readonly forFamily: boolean
}

export const DEFAULT_BUS = 'default'
export const DEFAULT_GROUP = 'default'

// EventBridge API: a rule name is 1-64 of [.-_A-Za-z0-9]; an event bus name 1-256 of the same and
// "/" (partner buses: aws.partner/example.com/123).
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/
// EventBridge Scheduler API: schedule and group names are 1-64 of [0-9a-zA-Z-_.].
const SCHEDULER_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/
/** Far more than a workflow names by hand; each entry costs a read and a write. */
const MAX_ENTRIES = 100

/** `rule/<bus>/<name>` or `schedule/<group>/<name>`: the name every log line and output uses. */
export function scheduledTaskLabel(ref: ScheduledTaskRef): string {
  return ref.kind === 'rule'
    ? `rule/${ref.eventBusName}/${ref.name}`
    : `schedule/${ref.groupName}/${ref.name}`
}

/** The scheduled-task inputs by name, each with the value its row of the input table gives. */
export interface ScheduledTasksInputValues {
  readonly 'scheduled-tasks': ScheduledTaskRef[] | undefined
  readonly 'update-scheduled-tasks-for-family': boolean
}

/**
 * Reads `scheduled-tasks` and `update-scheduled-tasks-for-family`. Undefined when neither asks for
 * anything: scheduled tasks are left alone.
 */
export function readScheduledTasksSettings(
  inputs: InputReader<ScheduledTasksInputValues>
): ScheduledTasksSettings | undefined {
  const entries = inputs.get(SCHEDULED_INPUTS.entries) ?? []
  const forFamily = inputs.get(SCHEDULED_INPUTS.forFamily)
  if (entries.length === 0 && !forFamily) return undefined
  return Object.freeze({ entries, forFamily })
}

/**
 * One entry a line: `rule/<name>` (default bus), `rule/<bus>/<name>`, `schedule/<name>` (default
 * group) or `schedule/<group>/<name>`. Blank lines and lines starting with `#` are skipped.
 */
export function parseScheduledTasks(text: string): ScheduledTaskRef[] {
  const refs: ScheduledTaskRef[] = []
  const seen = new Map<string, number>()
  for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const where = `line ${index + 1} (${JSON.stringify(line)})`
    const ref = parseEntry(line, where)
    const label = scheduledTaskLabel(ref)
    const first = seen.get(label)
    if (first !== undefined) {
      throw new InputError(
        SCHEDULED_INPUTS.entries,
        `names ${label} twice, on line ${first} and ${where}: give each rule or schedule once`
      )
    }
    seen.set(label, index + 1)
    refs.push(Object.freeze(ref))
  }
  if (refs.length > MAX_ENTRIES) {
    throw new InputError(
      SCHEDULED_INPUTS.entries,
      `names ${refs.length} rules and schedules; at most ${MAX_ENTRIES} are allowed`
    )
  }
  return refs
}

const EXPECTED =
  'expected rule/<name>, rule/<event bus>/<name>, schedule/<name> or schedule/<group>/<name>'

function parseEntry(line: string, where: string): ScheduledTaskRef {
  const fail = (why: string): never => {
    throw new InputError(SCHEDULED_INPUTS.entries, `${where} ${why}`)
  }
  const slash = line.indexOf('/')
  const kind = slash === -1 ? line : line.slice(0, slash)
  const rest = slash === -1 ? '' : line.slice(slash + 1)
  if (kind !== 'rule' && kind !== 'schedule') {
    return fail(`must start with "rule/" or "schedule/": ${EXPECTED}`)
  }
  if (rest.includes(':')) {
    return fail(`holds an ARN or a ":"; give names, not ARNs: ${EXPECTED}`)
  }
  const parts = rest.split('/')
  if (kind === 'rule') {
    // Partner event buses have "/" in their names (aws.partner/example.com/123): the rule name is
    // the last segment, the bus everything before it.
    const name = parts.pop() ?? ''
    const bus = parts.length === 0 ? DEFAULT_BUS : parts.join('/')
    if (!RULE_NAME.test(name)) {
      return fail(
        `has rule name ${JSON.stringify(name)}; a rule name is 1 to 64 letters, digits, ".", "-" and "_": ${EXPECTED}`
      )
    }
    if (!BUS_NAME.test(bus)) {
      return fail(
        `has event bus name ${JSON.stringify(bus)}; an event bus name is 1 to 256 letters, digits, ".", "-", "_" and "/": ${EXPECTED}`
      )
    }
    return { kind: 'rule', eventBusName: bus, name }
  }
  if (parts.length > 2) {
    return fail(`has too many "/": schedule groups have no "/" in their names: ${EXPECTED}`)
  }
  const name = parts.pop() ?? ''
  const group = parts.pop() ?? DEFAULT_GROUP
  for (const [what, value] of [
    ['schedule name', name],
    ['schedule group name', group]
  ] as const) {
    if (!SCHEDULER_NAME.test(value)) {
      return fail(
        `has ${what} ${JSON.stringify(value)}; it must be 1 to 64 letters, digits, ".", "-" and "_": ${EXPECTED}`
      )
    }
  }
  return { kind: 'schedule', groupName: group, name }
}
