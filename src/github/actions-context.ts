import { context } from '@actions/github'
import type { WorkflowContext } from './workflow-context.js'

/** The members of @actions/github's context this module reads. */
export type ActionsContextSource = Pick<
  typeof context,
  'sha' | 'ref' | 'serverUrl' | 'runId' | 'runAttempt' | 'repo'
>

/**
 * Reads the run's context through @actions/github. Its context is built from the environment when
 * the package loads, and types as present what is in fact missing outside Actions (`sha` and `ref`
 * are undefined, run numbers are NaN, `repo` throws); those become absent members here.
 */
export function readWorkflowContext(source: ActionsContextSource = context): WorkflowContext {
  return {
    repository: readRepository(source),
    sha: text(source.sha),
    ref: text(source.ref),
    serverUrl: text(source.serverUrl),
    runId: positive(source.runId),
    runAttempt: positive(source.runAttempt)
  }
}

function readRepository(source: ActionsContextSource): string | undefined {
  try {
    const { owner, repo } = source.repo
    const [o, r] = [text(owner), text(repo)]
    return o === undefined || r === undefined ? undefined : `${o}/${r}`
  } catch {
    // Outside Actions: neither GITHUB_REPOSITORY nor an event payload names the repository.
    return undefined
  }
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === '' ? undefined : trimmed
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined
}
