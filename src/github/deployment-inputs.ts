import type { InputReader } from '../input/reader.js'
import { InputError } from '../input/values.js'

export const GITHUB_DEPLOYMENT_INPUTS = {
  enabled: 'github-deployment',
  token: 'github-token',
  environment: 'environment',
  environmentUrl: 'environment-url'
} as const

/** The inputs as the workflow gives them; an empty or unset input is undefined. */
export interface RawGitHubDeploymentInputs {
  readonly enabled: boolean
  readonly token?: string
  readonly environment?: string
  readonly environmentUrl?: string
}

export type GitHubDeploymentSettings =
  | { readonly enabled: false }
  | {
      readonly enabled: true
      readonly token: string
      readonly environment: string
      readonly environmentUrl?: string
    }

/** The GitHub deployment inputs by name, each with the value its row of the input table gives. */
export interface GitHubDeploymentInputValues {
  readonly 'github-deployment': boolean
  readonly 'github-token': string | undefined
  readonly environment: string | undefined
  readonly 'environment-url': string | undefined
}

/** Reads the GitHub deployment inputs; throws an InputError naming the one at fault. */
export function readGitHubDeploymentSettings(
  inputs: InputReader<GitHubDeploymentInputValues>
): GitHubDeploymentSettings {
  const names = GITHUB_DEPLOYMENT_INPUTS
  const token = inputs.get(names.token)
  const environment = inputs.get(names.environment)
  const environmentUrl = inputs.get(names.environmentUrl)
  const parsed = parseGitHubDeploymentInputs({
    enabled: inputs.get(names.enabled),
    ...(token !== undefined && { token }),
    ...(environment !== undefined && { environment }),
    ...(environmentUrl !== undefined && { environmentUrl })
  })
  if ('why' in parsed) throw new InputError(parsed.input, parsed.why)
  return parsed
}

/** An input that is missing or malformed: `Input "${input}" ${why}` reads as a sentence. */
export interface GitHubInputProblem {
  readonly input: string
  readonly why: string
}

// GitHub docs (managing environments): names are case-insensitive and at most 255 characters.
// Not re-checked against a live API here.
const MAX_ENVIRONMENT_NAME = 255

/**
 * Checks the GitHub deployment inputs together. `environment` is required rather than defaulted:
 * GitHub creates the named environment on first use, it may carry protection rules, and a run can
 * deploy to several services, so no default would be right for everyone.
 */
export function parseGitHubDeploymentInputs(
  raw: RawGitHubDeploymentInputs
): GitHubDeploymentSettings | GitHubInputProblem {
  const { token, environment, environmentUrl } = raw
  const flag = GITHUB_DEPLOYMENT_INPUTS.enabled
  if (!raw.enabled) {
    // Without the flag these inputs would silently do nothing.
    if (environment !== undefined)
      return problem('environment', `has no effect unless "${flag}" is true`)
    if (environmentUrl !== undefined)
      return problem('environmentUrl', `has no effect unless "${flag}" is true`)
    return { enabled: false }
  }
  if (token === undefined) {
    return problem(
      'token',
      `is required when "${flag}" is true; pass \${{ github.token }} and give the job \`permissions: deployments: write\``
    )
  }
  if (environment === undefined) {
    return problem(
      'environment',
      `is required when "${flag}" is true: name the GitHub environment, for example production`
    )
  }
  // A line break or other control character can only come from a templating mistake; GitHub's own
  // rules for the characters of a name were not confirmed here.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(environment)) {
    return problem(
      'environment',
      `must be one line without control characters, e.g. production; got ${JSON.stringify(environment)}`
    )
  }
  if (Array.from(environment).length > MAX_ENVIRONMENT_NAME) {
    return problem(
      'environment',
      `is ${Array.from(environment).length} characters long; GitHub allows at most ${MAX_ENVIRONMENT_NAME}`
    )
  }
  if (environmentUrl !== undefined) {
    const why = checkHttpUrl(environmentUrl)
    if (why !== undefined) return problem('environmentUrl', why)
  }
  return {
    enabled: true,
    token,
    environment,
    ...(environmentUrl !== undefined && { environmentUrl })
  }
}

function checkHttpUrl(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `is not a URL: ${JSON.stringify(text)}; give an absolute http or https URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http or https URL, got ${JSON.stringify(url.protocol.slice(0, -1))}`
  }
  return undefined
}

function problem(input: keyof typeof GITHUB_DEPLOYMENT_INPUTS, why: string): GitHubInputProblem {
  return { input: GITHUB_DEPLOYMENT_INPUTS[input], why }
}
