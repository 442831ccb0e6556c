import * as core from '@actions/core'

/** Where a phase writes: the step log, grouped for one service, prefixed for several at once. */
export interface PhaseLog {
  info(line: string): void
  warning(line: string): void
  /** A collapsible group when the phase runs alone; a heading line when phases run side by side. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>
}

export const stepLog: PhaseLog = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  group: (name, body) => core.group(name, body)
}

/**
 * For services deployed side by side: groups cannot interleave, so every line names its service.
 * Warnings stay annotations, and name the service too.
 */
export function serviceLog(service: string): PhaseLog {
  const prefix = `[${service}] `
  return {
    info: (line) => core.info(prefix + line),
    warning: (line) => core.warning(prefix + line),
    group: (name, body) => {
      core.info(`${prefix}── ${name}`)
      return body()
    }
  }
}
