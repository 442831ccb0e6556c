// Reworded texts: every free text ECS returns, rewritten so that only its ids and numbers survive.
// Real ECS words its reasons and events as it likes and changes them without notice (the service
// deployment `statusReason` is documented only as free text: "For example, the circuit breaker
// detected a failure"), so a client must decide from structure. With `rewordTexts` the emulator
// keeps statuses, ids, counts, times, stop codes and exit codes as they are and turns the prose
// into neutral filler: no English keyword ("circuit breaker", "rolling back", "alarm", "health",
// "failed", "unable to place", "CannotPullContainerError", ...) is left to match on.
//
// Kept: a token with a digit in it (numbers, `ecs-svc/123…`, image references, task ids, ARNs,
// ports), an ARN, a 32-digit hex task id, and a reference group `(task abc1…)`, `(deployment
// ecs-svc/…)` whose value is kept. Everything else becomes filler, one word per word, the same
// filler for the same text. Which fields carry free text is listed in FREE_TEXT below; log lines
// (CloudWatch Logs) and error messages are not among them.

const FILLER = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit']

/** Punctuation around a word that says nothing about whether it is an id. */
const EDGES = /^[()[\]{},.:;'"!?]+|[()[\]{},.:;'"!?]+$/g

function isIdOrNumber(token: string): boolean {
  const bare = token.replace(EDGES, '')
  return /\d/.test(bare) || bare.startsWith('arn:') || /^[0-9a-f]{32}$/.test(bare)
}

// `(task 0a1b…)`, `(deployment ecs-svc/123…)`, `(port 8080)`: ECS's way of naming what it talks
// about (service-event messages in the developer guide). The kind word stays with a kept id.
const REFERENCE = /\([a-zA-Z][a-zA-Z-]* [^()\s]+\)[.,:;]?/y

/** The text with every word that is not an id or a number replaced by filler. */
export function rewordText(text: string): string {
  const out: string[] = []
  let position = 0
  let fillers = 0
  const filler = (): string => FILLER[fillers++ % FILLER.length] ?? 'lorem'
  while (position < text.length) {
    const space = /\s+/y
    space.lastIndex = position
    if (space.test(text)) {
      position = space.lastIndex
      continue
    }
    REFERENCE.lastIndex = position
    const group = REFERENCE.exec(text)
    if (group !== null) {
      const value = group[0].split(' ')[1] ?? ''
      out.push(isIdOrNumber(value) ? group[0] : `${filler()} ${filler()}`)
      position = REFERENCE.lastIndex
      continue
    }
    const word = /\S+/y
    word.lastIndex = position
    const token = word.exec(text)?.[0] ?? ''
    out.push(isIdOrNumber(token) ? token : filler())
    position += Math.max(token.length, 1)
  }
  return out.join(' ')
}

// ECS members that carry free text: Deployment.rolloutStateReason, Task.stoppedReason,
// ServiceDeployment(Brief).statusReason, Failure.detail; ServiceEvent.message; Container.reason
// and ServiceDeploymentRollbackInfo.reason. `reason` elsewhere (Failure.reason MISSING, RunTask's
// RESOURCE:MEMORY) is a code, not prose, and stays.
const FREE_TEXT = new Set(['rolloutStateReason', 'stoppedReason', 'statusReason', 'detail'])
const FREE_TEXT_IN: Readonly<Record<string, string>> = {
  events: 'message',
  containers: 'reason',
  rollback: 'reason'
}

const isFreeText = (member: string, container: string | undefined): boolean =>
  FREE_TEXT.has(member) || (container !== undefined && FREE_TEXT_IN[container] === member)

function reword(value: unknown, container: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => reword(item, container))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([member, item]) => [
      member,
      typeof item === 'string' && isFreeText(member, container)
        ? rewordText(item)
        : reword(item, member)
    ])
  )
}

/** A copy of an ECS answer with its free texts reworded; structure, ids and numbers untouched. */
export function rewordAnswer(answer: unknown): unknown {
  return reword(answer, undefined)
}
