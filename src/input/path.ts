import { isAbsolute, relative, resolve } from 'node:path'
import { InputError } from './values.js'

/** Where file inputs may point: the checkout, and the runner's temp folder. */
export interface InputPathRoots {
  /** GITHUB_WORKSPACE: relative values resolve against it. */
  readonly workspace: string
  /** RUNNER_TEMP, where the official render action writes its output; absent off a runner. */
  readonly temp?: string | undefined
}

/**
 * Resolves a file input and keeps it inside the workspace or RUNNER_TEMP. A path out of them
 * (`../../etc/passwd`, `/etc/passwd`) is a templating mistake at best, and the error for a file that
 * is not a task definition would quote the start of whatever file it names. Lexical only: where
 * symbolic links lead is checked when the file is read (readInputFile in file.ts).
 */
export function resolveInputPath(name: string, value: string, roots: InputPathRoots): string {
  const path = isAbsolute(value) ? resolve(value) : resolve(roots.workspace, value)
  const allowed = [roots.workspace, roots.temp].filter(
    (root): root is string => root !== undefined && root !== ''
  )
  if (allowed.some((root) => isInside(path, root))) return path
  throw new InputError(
    name,
    `names ${JSON.stringify(value)}, which is outside the workspace (it resolves to ${path}); give a path inside GITHUB_WORKSPACE (${roots.workspace}), relative to it${roots.temp ? ', or inside RUNNER_TEMP' : ''}`
  )
}

/** Whether `path` is `root` or lies below it (both absolute). */
export function isInside(path: string, root: string): boolean {
  const rest = relative(resolve(root), path)
  return rest === '' || (!isAbsolute(rest) && rest !== '..' && !/^\.\.[\\/]/.test(rest))
}
