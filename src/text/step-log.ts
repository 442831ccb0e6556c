import * as core from '@actions/core'
import { commandSafeWriter, splitLines } from './safe-text.js'

/** Where a phase writes: the step log, grouped for one service, prefixed for several at once. */
export interface PhaseLog {
  info(line: string): void
  warning(line: string): void
  /** A collapsible group when the phase runs alone; a heading line when phases run side by side. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>
}

/**
 * Prints text to the step log, line by line, so that no line of it (an ECS event, a stopped reason,
 * a log line, a value from the task definition or the inputs) can act as a workflow command. Every
 * line the action prints that may hold text from outside goes through here, not through core.info.
 */
export const printLines: (text: string) => void = commandSafeWriter((line) => {
  core.info(line)
})

export const stepLog: PhaseLog = {
  info: (line) => {
    printLines(line)
  },
  // Annotations escape their message: it cannot end the command line early.
  warning: (line) => {
    core.warning(line)
  },
  group: (name, body) => core.group(name, body)
}

/**
 * For services deployed side by side: groups cannot interleave, so every line names its service.
 * Warnings stay annotations, and name the service too.
 */
export function serviceLog(service: string): PhaseLog {
  const prefix = `[${service}] `
  // Each line of a multi-line text gets the prefix, so none of them is left to start a command.
  const print = (text: string): void => {
    printLines(
      splitLines(text)
        .map((line) => prefix + line)
        .join('\n')
    )
  }
  return {
    info: print,
    warning: (line) => {
      core.warning(prefix + line)
    },
    group: (name, body) => {
      print(`── ${name}`)
      return body()
    }
  }
}
