const PERMISSION =
  'The token needs the deployments permission: give the job `permissions: deployments: write`.'

/**
 * One warning line for a failed GitHub call: what failed, the HTTP status and GitHub's message, and
 * what to change. Reads the error structurally, so octokit's RequestError and test fakes both work.
 */
export function describeGitHubError(what: string, error: unknown): string {
  const status = statusOf(error)
  const message = messageOf(error)
  const answer =
    status === undefined || status === 0 || status >= 500
      ? `GitHub API did not answer (${status === undefined || status === 0 ? '' : `HTTP ${status}: `}${message})`
      : `HTTP ${status}: ${message}`
  return `GitHub deployment: ${what} (${answer}). The ECS deployment goes on without it. ${hint(status, message)}`
}

function hint(status: number | undefined, message: string): string {
  if (status === 401) return `Check the github-token input. ${PERMISSION}`
  if (status === 403 && /rate limit/i.test(message)) return 'The token is rate limited; try later.'
  // GitHub answers 404, not 403, when the token cannot see the repository at all.
  if (status === 404) return `Check that the token can access this repository. ${PERMISSION}`
  if (status === 422 && /no ref found/i.test(message))
    return 'The commit must be pushed to GitHub before it can be deployed.'
  return PERMISSION
}

function statusOf(error: unknown): number | undefined {
  const status = field(error, 'status')
  return typeof status === 'number' ? status : undefined
}

/**
 * GitHub's own message from the response body, with the details of a 422 ("Validation Failed")
 * appended; octokit's error message instead adds the documentation URL and raw JSON.
 */
function messageOf(error: unknown): string {
  const data = field(field(error, 'response'), 'data')
  const message = field(data, 'message')
  if (typeof message === 'string' && message !== '') {
    const errors = field(data, 'errors')
    const details = Array.isArray(errors) ? errors.map(detail).filter((d) => d !== '') : []
    return details.length === 0 ? message : `${message}: ${details.join('; ')}`
  }
  return error instanceof Error ? error.message : String(error)
}

function detail(item: unknown): string {
  const message = field(item, 'message')
  if (typeof message === 'string') return message
  const [name, code] = [field(item, 'field'), field(item, 'code')]
  return typeof name === 'string' && typeof code === 'string' ? `${name} ${code}` : ''
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined
}
