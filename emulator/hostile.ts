// Hostile texts, for testing how a client prints what ECS and the app's logs say. Real ECS copies
// text it does not control into what it reports: a container's exit reason, the image reference in
// a CannotPullContainerError, the app's own log lines. With `hostileTexts`, every service event,
// stopped reason, container reason and log line the emulator serves carries workflow commands
// (`::error::`, the legacy `##[…]`, one after a line break), HTML and Markdown, so a test can check
// that none of it acts in the step log or renders in the job summary.

import type { ContainerRecord, TaskRecord, World } from './state.js'

/** Each piece, for tests to look for. */
export const hostilePieces = [
  '::error::pwned',
  '%0A::warning::x',
  '\n::set-output name=x::y',
  '\n  ::add-mask::x',
  '\r::stop-commands::pwned-token',
  '\r\n##[error]legacy pwned',
  '<img src=x onerror=alert(1)>',
  '| a | b |',
  '**x**',
  '`tick` ```fence```',
  '[link](javascript:alert(1))',
  '\n\n## heading after a blank line'
] as const

export const hostileText = hostilePieces.join(' ')

const hostile = (text: string): string => `${text} ${hostileText}`

// What was written, so each text is made hostile once, and again only when the emulator changes it.
const events = new WeakSet<object>()
const stoppedReasons = new WeakMap<TaskRecord, string>()
const containerReasons = new WeakMap<ContainerRecord, string>()

function taskTexts(task: TaskRecord): void {
  if (task.stoppedReason !== undefined && stoppedReasons.get(task) !== task.stoppedReason) {
    task.stoppedReason = hostile(task.stoppedReason)
    stoppedReasons.set(task, task.stoppedReason)
  }
  for (const container of task.containers) {
    // A container that exited with an error gets a reason, as ECS gives one for OOM kills and the like.
    const failed = container.exitCode !== undefined && container.exitCode !== 0
    const reason = container.reason ?? (failed ? 'Error' : undefined)
    const written = containerReasons.get(container)
    if (reason !== undefined && (written === undefined || written !== container.reason)) {
      container.reason = hostile(reason)
      containerReasons.set(container, container.reason)
    }
  }
}

/** Makes every text the world serves hostile; call it after each step of time (idempotent). */
export function makeHostile(world: World): void {
  for (const cluster of world.clusters.values()) {
    for (const service of cluster.services.values()) {
      for (const event of service.events) {
        if (events.has(event)) continue
        event.message = hostile(event.message)
        events.add(event)
      }
    }
  }
  for (const task of world.tasks.values()) taskTexts(task)
  for (const group of world.logGroups.values()) {
    for (const stream of group.streams.values()) {
      for (const event of stream.events) {
        if (events.has(event)) continue
        // A log line is printed as it is: this one starts with a command.
        event.message = `::error::pwned ${event.message} ${hostileText}`
        events.add(event)
      }
    }
  }
}
