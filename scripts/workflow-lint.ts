// Validates action.yml and the workflows under .github/workflows offline, with GitHub's own
// parser: @actions/languageservice, the engine of the GitHub Actions extension for VS Code. It
// knows the runner's schemas (node24 included), parses every ${{ }} expression and checks the
// contexts each key allows, which is what the runner does when it loads an action.yml.
//
// Two checks it leaves out are added here, for workflows:
// - a step that runs this repository's own action (`uses: ./`) gives only inputs that action.yml
//   declares, gives every required one, and reads only outputs it declares;
// - every other action (and reusable workflow) is pinned to a full commit SHA with the version in
//   a comment (`uses: actions/checkout@<40 hex> # v7.0.1`), a docker:// image to a digest.
//
// Import this module only after json-import-hook is registered (validate-workflows does that;
// jest loads JSON modules by itself).

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import { registerLogger, validate } from '@actions/languageservice'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types'
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Node,
  type Scalar
} from 'yaml'

export interface Problem {
  /** Path relative to the repository root. */
  file: string
  /** 1-based. */
  line: number
  column: number
  message: string
}

/** What a local action declares, read from its action.yml. */
export interface LocalAction {
  inputs: Map<string, { required: boolean }>
  outputs: Set<string>
}

// The language service catches its own exceptions and logs them instead of reporting a
// diagnostic; a crash must fail the check, not pass it silently.
const internalErrors: string[] = []
registerLogger({
  error: (message) => internalErrors.push(message),
  warn: () => undefined,
  info: () => undefined,
  log: () => undefined
})

/** action.yml (or action.yaml) at the root, then every workflow, in a stable order. */
export function filesToLint(root: string): string[] {
  const files = ['action.yml', 'action.yaml'].filter((name) => existsSync(join(root, name)))
  const workflows = join(root, '.github', 'workflows')
  if (existsSync(workflows)) {
    files.push(
      ...readdirSync(workflows)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join('.github', 'workflows', name))
    )
  }
  return files
}

/** Lints action.yml and every workflow of the repository at root. */
export async function lintRepository(root: string): Promise<Problem[]> {
  const problems: Problem[] = []
  for (const file of filesToLint(root)) {
    problems.push(...(await lintFile(root, file)))
  }
  return problems
}

/** Lints one file, given by its path relative to root. */
export async function lintFile(root: string, file: string): Promise<Problem[]> {
  const path = resolve(root, file)
  const text = readFileSync(path, 'utf8')
  const problems = await languageServiceProblems(file, pathToFileURL(path).href, text)
  if (file.startsWith('.github/workflows/')) problems.push(...workflowProblems(root, file, text))
  return problems.sort((a, b) => a.line - b.line || a.column - b.column)
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${String(problem.line)}:${String(problem.column)}: ${problem.message}`
}

async function languageServiceProblems(
  file: string,
  uri: string,
  text: string
): Promise<Problem[]> {
  internalErrors.length = 0
  const document = TextDocument.create(uri, 'yaml', 1, text)
  const diagnostics = await validate(document)
  const problems = diagnostics.filter(counts).map((d) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    message: typeof d.message === 'string' ? d.message : d.message.value
  }))
  for (const message of internalErrors.splice(0)) {
    problems.push({ file, line: 1, column: 1, message: `validator failed: ${message}` })
  }
  return problems
}

/** Errors and warnings count (a diagnostic without a severity is an error); hints do not. */
function counts(diagnostic: Diagnostic): boolean {
  const severity = diagnostic.severity ?? DiagnosticSeverity.Error
  return severity === DiagnosticSeverity.Error || severity === DiagnosticSeverity.Warning
}

/** Reads the inputs and outputs a local action declares; undefined when it has no action.yml. */
export function readLocalAction(directory: string): LocalAction | undefined {
  const path = ['action.yml', 'action.yaml']
    .map((name) => join(directory, name))
    .find((candidate) => existsSync(candidate))
  if (path === undefined) return undefined
  const manifest = parseDocument(readFileSync(path, 'utf8')).toJS() as {
    inputs?: Record<string, { required?: boolean; default?: unknown } | null>
    outputs?: Record<string, unknown>
  } | null
  const inputs = new Map<string, { required: boolean }>()
  for (const [name, input] of Object.entries(manifest?.inputs ?? {})) {
    // The runner fills in a default, so only a required input without one must be given.
    inputs.set(name, { required: input?.required === true && input.default === undefined })
  }
  return { inputs, outputs: new Set(Object.keys(manifest?.outputs ?? {})) }
}

const FULL_SHA = /^[^@\s]+@[0-9a-f]{40}$/
const VERSION_COMMENT = /^\s*v?\d+(\.\d+)*\b/

/** Why a `uses:` reference of a third-party action is not pinned, or undefined when it is. */
export function pinningProblem(
  uses: string,
  comment: string | null | undefined
): string | undefined {
  if (uses.startsWith('./')) return undefined
  if (uses.startsWith('docker://')) {
    return uses.includes('@sha256:') ? undefined : `'${uses}' is not pinned to an image digest`
  }
  if (!FULL_SHA.test(uses)) return `'${uses}' is not pinned to a full commit SHA`
  if (!VERSION_COMMENT.test(comment ?? '')) {
    return `'${uses}' has no version comment (e.g. # v1.2.3) for readers and Dependabot`
  }
  return undefined
}

function workflowProblems(root: string, file: string, text: string): Problem[] {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter })
  const problems: Problem[] = []
  const at = (node: Node | null | undefined, message: string): void => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0)
    problems.push({ file, line, column: col, message })
  }
  const checkPinned = (uses: Scalar): void => {
    const problem = pinningProblem(String(uses.value), uses.comment)
    if (problem !== undefined) at(uses, problem)
  }

  const jobs = document.get('jobs', true)
  if (!isMap(jobs)) return problems
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue
    // A job-level `uses` calls a reusable workflow.
    const reusable = job.value.get('uses', true)
    if (isScalar(reusable)) checkPinned(reusable)
    const steps = job.value.get('steps', true)
    if (!isSeq(steps)) continue
    // Which step ids run a local action, and what that action declares.
    const localSteps = new Map<string, LocalAction>()
    for (const step of steps.items) {
      if (!isMap(step)) continue
      const uses = step.get('uses', true)
      if (!isScalar(uses)) continue
      checkPinned(uses)
      const path = String(uses.value)
      if (!path.startsWith('./')) continue
      const action = readLocalAction(resolve(root, path))
      if (action === undefined) {
        at(uses, `no action.yml for local action '${path}'`)
        continue
      }
      const given = step.get('with', true)
      const names = new Set<string>()
      if (isMap(given)) {
        for (const { key } of given.items) {
          const name = isScalar(key) ? String(key.value) : ''
          names.add(name)
          if (!action.inputs.has(name)) at(key as Node, `'${path}' declares no input '${name}'`)
        }
      }
      for (const [name, input] of action.inputs) {
        if (input.required && !names.has(name)) at(uses, `'${path}' requires input '${name}'`)
      }
      const id = step.get('id')
      if (typeof id === 'string') localSteps.set(id, action)
    }
    if (localSteps.size === 0) continue
    // Every steps.<id>.outputs.<name> read anywhere in the job must be an output of that action.
    visit(job.value, {
      Scalar(_key, node) {
        if (typeof node.value !== 'string') return
        for (const [, id = '', output = ''] of node.value.matchAll(
          /steps\.([\w-]+)\.outputs\.([\w-]+)/g
        )) {
          const action = localSteps.get(id)
          if (action !== undefined && !action.outputs.has(output)) {
            at(node, `step '${id}' runs a local action that declares no output '${output}'`)
          }
        }
      }
    })
  }
  return problems
}
