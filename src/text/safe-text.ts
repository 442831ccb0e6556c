import { randomBytes } from 'node:crypto'

/**
 * Keeping foreign text (ECS events, stopped reasons, log lines, task definition values, inputs) from
 * acting as a workflow command in the step log.
 *
 * The runner reads the step's output line by line (.NET ReadLine: `\r\n`, `\r` or `\n` end a line)
 * and takes a line as a command when (actions/runner, src/Runner.Common/ActionCommand.cs):
 * - after leading white space is trimmed it starts with `::` and has another `::` later
 *   (TryParseV2: `::name props::data`), or
 * - it holds `##[` anywhere, with a `]` after it (TryParse, the old `##[name props]data` form).
 * Only `core.info` writes text unescaped: `core.warning/error/notice/group` escape `%`, `\r` and `\n`
 * in the data (and `:` and `,` in properties), so their message is always one line of data.
 *
 * The defence is the one the runner offers: `::stop-commands::<token>` before foreign lines that would
 * run, `::<token>::` after them. In between the runner prints every line as it is and runs nothing
 * but the resume line, whose token is random per block, so the text inside cannot know it.
 * Ordinary lines are printed as they are, with no markers: the log stays readable.
 */

/** Line breaks as the runner splits its output, and as CommonMark ends a line. */
const LINE_BREAK = /\r\n|\r|\n/

/** What .NET's String.TrimStart removes (char.IsWhiteSpace), and a little more, to err on the safe side. */
const LEADING_SPACE = /^[\s\p{Z}\u0085]+/u

/** The text's lines, split where the runner would split them. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK)
}

/**
 * Whether the runner would read this line (no line breaks inside) as a workflow command. The
 * command name is not checked: stop-commands makes any token a command, and names change.
 */
export function runsAsCommand(line: string): boolean {
  const trimmed = line.replace(LEADING_SPACE, '')
  if (trimmed.startsWith('::') && trimmed.includes('::', 2)) return true
  const legacy = line.indexOf('##[')
  return legacy !== -1 && line.includes(']', legacy + 3)
}

/** A token nobody can guess before the block that uses it is printed. */
export function stopToken(): string {
  return `ecs-rollout-${randomBytes(16).toString('hex')}`
}

// True while a block is being written: a guarded writer that writes into another guarded writer
// (a phase log handed to a helper that guards its own lines) must not stop commands twice, or the
// outer block's markers would be wrapped as foreign text. Blocks are written synchronously.
let insideBlock = false

/**
 * A writer for text from outside: `write` receives one line at a time, and lines that would run as
 * workflow commands are fenced with stop-commands. Safe to nest.
 */
export function commandSafeWriter(
  write: (line: string) => void,
  newToken: () => string = stopToken
): (text: string) => void {
  return (text) => {
    const lines = splitLines(text)
    if (insideBlock || !lines.some(runsAsCommand)) {
      for (const line of lines) write(line)
      return
    }
    const token = newToken()
    insideBlock = true
    try {
      write(`::stop-commands::${token}`)
      for (const line of lines) write(line)
    } finally {
      // Resume even when a write throws: a step whose commands stay stopped loses its annotations.
      write(`::${token}::`)
      insideBlock = false
    }
  }
}

/** The same log with its `info` lines guarded (warnings are escaped by @actions/core already). */
export function commandSafeLog(log: LineLog): LineLog {
  const info = commandSafeWriter((line) => {
    log.info(line)
  })
  return { info, warning: (line) => log.warning(line) }
}

export interface LineLog {
  info(line: string): void
  warning(line: string): void
}
