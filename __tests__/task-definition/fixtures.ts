import { readFileSync } from 'node:fs'

/** Reads a file from __fixtures__/task-definitions (tests may do I/O; the module may not). */
export function readFixture(name: string): string {
  return readFileSync(
    new URL(`../../__fixtures__/task-definitions/${name}`, import.meta.url),
    'utf8'
  )
}
