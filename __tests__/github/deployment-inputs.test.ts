import { describe, expect, it } from '@jest/globals'
import { parseGitHubDeploymentInputs } from '../../src/github/deployment-inputs.js'

const ON = { enabled: true, token: 'ghs_x', environment: 'production' }

describe('parseGitHubDeploymentInputs', () => {
  it('is off by default', () => {
    expect(parseGitHubDeploymentInputs({ enabled: false, token: 'ghs_x' })).toEqual({
      enabled: false
    })
  })

  it('takes the environment and an http(s) URL', () => {
    expect(
      parseGitHubDeploymentInputs({ ...ON, environmentUrl: 'https://app.example.com/health' })
    ).toEqual({ ...ON, environmentUrl: 'https://app.example.com/health' })
    expect(
      parseGitHubDeploymentInputs({ ...ON, environmentUrl: 'http://10.0.0.1:8080' })
    ).toMatchObject({
      enabled: true
    })
  })

  it.each([
    [{ ...ON, token: undefined }, 'github-token', /is required when "github-deployment" is true/],
    [
      { ...ON, environment: undefined },
      'environment',
      /is required when "github-deployment" is true/
    ],
    [
      { ...ON, environment: 'e'.repeat(256) },
      'environment',
      /256 characters long; GitHub allows at most 255/
    ],
    [
      { ...ON, environment: 'prod\n::set-output name=verdict::succeeded' },
      'environment',
      /must be one line without control characters, e\.g\. production; got "prod\\n::set-output/
    ],
    [{ ...ON, environment: 'prod\t' }, 'environment', /must be one line/],
    [{ ...ON, environmentUrl: 'app.example.com' }, 'environment-url', /is not a URL/],
    [
      { ...ON, environmentUrl: 'ftp://app.example.com' },
      'environment-url',
      /must be an http or https URL, got "ftp"/
    ],
    [
      { enabled: false, environment: 'production' },
      'environment',
      /has no effect unless "github-deployment" is true/
    ],
    [{ enabled: false, environmentUrl: 'https://x.example' }, 'environment-url', /has no effect/]
  ])('reports %o as a problem with %s', (raw, input, why) => {
    const result = parseGitHubDeploymentInputs(raw)
    expect(result).toMatchObject({ input })
    expect('why' in result ? result.why : '').toMatch(why)
  })
})
