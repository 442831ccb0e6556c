/** A step log for unit tests that keeps what was said: info lines and warnings apart. */
export function recordingLog(): {
  lines: string[]
  warnings: string[]
  log: { info(line: string): void; warning(line: string): void }
} {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    lines,
    warnings,
    log: {
      info: (line) => lines.push(line),
      warning: (line) => warnings.push(line)
    }
  }
}
