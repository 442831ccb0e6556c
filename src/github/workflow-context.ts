/**
 * What this module needs to know about the workflow run, as plain data. Every member is optional:
 * outside GitHub Actions (a local run, the demo) none of them exist, and nothing may be invented.
 */
export interface WorkflowContext {
  /** `owner/name`, as GITHUB_REPOSITORY has it. */
  readonly repository?: string
  /** The commit the workflow runs on (GITHUB_SHA). */
  readonly sha?: string
  /** The branch or tag ref that triggered the run (GITHUB_REF), e.g. `refs/heads/main`. */
  readonly ref?: string
  /** GITHUB_SERVER_URL: `https://github.com`, or a GitHub Enterprise Server host. */
  readonly serverUrl?: string
  readonly runId?: number
  /** 1 for the first attempt; re-running a job starts a new attempt with the same run id. */
  readonly runAttempt?: number
}

/** `owner` and `repo` of `owner/name`, or undefined when the repository is missing or malformed. */
export function repositoryParts(
  context: WorkflowContext
): { readonly owner: string; readonly repo: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(context.repository ?? '')
  if (match?.[1] === undefined || match[2] === undefined) return undefined
  return { owner: match[1], repo: match[2] }
}

/**
 * The page of this run attempt. The attempt is part of the URL so that a re-run does not send a
 * reader to a later attempt's logs (the plain run URL shows the latest attempt).
 */
export function workflowRunUrl(context: WorkflowContext): string | undefined {
  const { serverUrl, repository, runId, runAttempt } = context
  if (serverUrl === undefined || repositoryParts(context) === undefined || runId === undefined) {
    return undefined
  }
  const base = `${serverUrl.replace(/\/+$/, '')}/${repository ?? ''}/actions/runs/${runId}`
  return runAttempt === undefined ? base : `${base}/attempts/${runAttempt}`
}
