import { getOctokit } from '@actions/github'
import type { GitHubDeploymentsPort } from './deployments.js'

export interface OctokitDeploymentsOptions {
  readonly token: string
  /**
   * The REST API root. Default: GITHUB_API_URL as @actions/github read it when it loaded (set on
   * every runner, GitHub Enterprise Server included), else https://api.github.com.
   */
  readonly baseUrl?: string
  /** Per request. A slow GitHub must not hold up the deploy. Default 15 s. */
  readonly timeoutMs?: number
}

/** An error for a 2xx answer that is not the one asked for; shaped like octokit's RequestError. */
class UnexpectedAnswer extends Error {
  override readonly name = 'UnexpectedAnswer'
  readonly response: { readonly data: { readonly message: string } }
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
    this.response = { data: { message } }
  }
}

/** The deployments port over @actions/github's octokit: one method per REST call, nothing more. */
export function octokitDeploymentsPort(options: OctokitDeploymentsOptions): GitHubDeploymentsPort {
  const octokit = getOctokit(
    options.token,
    options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }
  )
  // Per call, so the proxy-aware fetch @actions/github installs stays in place (request options
  // given to the constructor would replace it).
  const request = (): { signal: AbortSignal } => ({
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000)
  })
  return {
    createDeployment: async ({ payload, ...rest }) => {
      const response = await octokit.rest.repos.createDeployment({
        ...rest,
        payload: payload as { [key: string]: unknown },
        request: request()
      })
      // 202 is "merged the default branch into the ref"; it cannot happen with auto_merge false.
      if (!('id' in response.data)) {
        throw new UnexpectedAnswer(
          response.status,
          response.data.message ?? 'GitHub created no deployment'
        )
      }
      return { id: response.data.id }
    },
    createDeploymentStatus: async (status) => {
      await octokit.rest.repos.createDeploymentStatus({ ...status, request: request() })
    }
  }
}
