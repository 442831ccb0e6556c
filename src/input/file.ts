import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import { resolve } from 'node:path'
import { isInside, type InputPathRoots } from './path.js'
import { InputError } from './values.js'

/**
 * The largest file input read. ECS accepts a task definition of at most 64 KiB; an AppSpec is a few
 * lines. A bigger file is a mistake (a log, an archive, a generated dump), refused before reading.
 */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024

/** A file named by an input, as the settings resolved it (resolveInputPath). */
export interface InputFile {
  /** The input's name, e.g. `task-definition`: named in every error. */
  readonly input: string
  /** The value as the workflow gave it. */
  readonly value: string
  /** The absolute path it resolves to, lexically inside the roots. */
  readonly path: string
}

/** Reads one file input; see readInputFile. */
export type InputFileReader = (file: InputFile) => Promise<string>

/**
 * The one way a file input is read. resolveInputPath keeps the path lexically inside the workspace
 * (or RUNNER_TEMP); this follows symbolic links too: a link in the checkout, or a file under a
 * linked folder, that leads out of the roots is refused, because a pull request from a fork can
 * plant one (`task-definition.json -> /home/runner/.aws/credentials`), and an error quoting the start
 * of the file would then print someone else's secret. The target's content is never read. Only
 * regular files are read (a FIFO would block forever, a device never end; a directory fails with
 * EISDIR), and only up to
 * MAX_INPUT_FILE_BYTES, checked before reading. Errors of the file system itself (ENOENT, EACCES)
 * are thrown as they are, for the caller's own wording; the refusals are InputErrors naming the input.
 */
export async function readInputFile(
  file: InputFile,
  roots: InputPathRoots,
  maxBytes = MAX_INPUT_FILE_BYTES
): Promise<string> {
  const real = await realpath(file.path)
  const allowed = await realRoots(roots)
  if (!allowed.some((root) => isInside(real, root))) {
    throw new InputError(
      file.input,
      `names ${JSON.stringify(file.value)}, which resolves outside the workspace through a symbolic link; ` +
        `a file input must be a file inside GITHUB_WORKSPACE${roots.temp ? ' or RUNNER_TEMP' : ''} (a link is followed only while it stays inside). ` +
        'A pull request can add such a link: check where it points before running this workflow on it'
    )
  }
  // O_NOFOLLOW: the last component was resolved above; a link swapped in since is not followed.
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    // A directory fails to read below (EISDIR), with the caller's own words for unreadable files.
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new InputError(
        file.input,
        `names ${JSON.stringify(file.value)}, which is not a regular file (${kindOf(stats)}); expected a text file`
      )
    }
    if (stats.size > maxBytes) {
      throw new InputError(file.input, tooLarge(file.input, file.value, stats.size, maxBytes))
    }
    // The size may change between stat and read: never read more than the limit, plus one byte to tell.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > maxBytes)
      throw new InputError(file.input, tooLarge(file.input, file.value, length, maxBytes))
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** A reader bound to the workspace and RUNNER_TEMP of the run: what index.ts hands the run. */
export function inputFileReader(roots: InputPathRoots): InputFileReader {
  return (file) => readInputFile(file, roots)
}

function tooLarge(input: string, value: string, size: number, maxBytes: number): string {
  const ecsLimit =
    input === 'task-definition' ? ' (ECS accepts a task definition of at most 64 KiB)' : ''
  return (
    `names ${JSON.stringify(value)}, which is ${formatBytes(size)}${size > maxBytes ? '' : ' or more'}; ` +
    `a file input may be at most ${formatBytes(maxBytes)}${ecsLimit}`
  )
}

/** 1536 → "1.5 KiB", 62914560 → "60.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}

function kindOf(stats: {
  isFIFO(): boolean
  isSocket(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
}): string {
  if (stats.isFIFO()) return 'a named pipe'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a file'
}

/** The roots as the file system sees them: the workspace may itself lie under a link (/tmp on macOS). */
async function realRoots(roots: InputPathRoots): Promise<string[]> {
  const given = [roots.workspace, roots.temp].filter(
    (root): root is string => root !== undefined && root !== ''
  )
  return Promise.all(given.map((root) => realpath(root).catch(() => resolve(root))))
}
