import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { AUTHORIZATION, ECR_TARGET, startHarness, type Harness } from './harness.js'

describe('ECR DescribeImages and DescribeRepositories', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness({ scenario: 'success' })
  })
  afterAll(async () => {
    await harness.close()
  })

  const describeImages = (body: object) =>
    harness.raw(ECR_TARGET('DescribeImages'), JSON.stringify(body))

  it('resolves a tag to its sha256 digest and back', async () => {
    const byTag = await describeImages({
      repositoryName: 'web',
      imageIds: [{ imageTag: 'latest' }]
    })
    expect(byTag.status).toBe(200)
    const [detail] = byTag.json.imageDetails as Record<string, unknown>[]
    expect(detail).toMatchObject({
      registryId: '123456789012',
      repositoryName: 'web',
      imageTags: ['1.2.0', 'latest'],
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json'
    })
    expect(detail?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(typeof detail?.imagePushedAt).toBe('number')

    const byDigest = await describeImages({
      repositoryName: 'web',
      imageIds: [{ imageDigest: detail?.imageDigest }]
    })
    expect((byDigest.json.imageDetails as Record<string, unknown>[])[0]?.imageTags).toEqual([
      '1.2.0',
      'latest'
    ])
    const all = await describeImages({ repositoryName: 'web' })
    expect((all.json.imageDetails as unknown[]).length).toBe(4)
  })

  it('answers an unknown tag or digest with ImageNotFoundException and ECR’s text', async () => {
    const unknownTag = await describeImages({
      repositoryName: 'web',
      imageIds: [{ imageTag: '9.9.9' }]
    })
    expect(unknownTag.status).toBe(400)
    expect(unknownTag.json).toEqual({
      __type: 'ImageNotFoundException',
      message:
        "The image with imageId {imageDigest:'null', imageTag:'9.9.9'} does not exist within the repository with name 'web' in the registry with id '123456789012'"
    })
    const digest = `sha256:${'0'.repeat(64)}`
    const unknownDigest = await describeImages({
      repositoryName: 'web',
      imageIds: [{ imageDigest: digest }]
    })
    expect(unknownDigest.json.message).toBe(
      `The image with imageId {imageDigest:'${digest}', imageTag:'null'} does not exist within the repository with name 'web' in the registry with id '123456789012'`
    )
  })

  it('answers an unknown repository or registry with RepositoryNotFoundException', async () => {
    const unknown = await describeImages({
      repositoryName: 'api',
      imageIds: [{ imageTag: '1.0.0' }]
    })
    expect(unknown.json).toEqual({
      __type: 'RepositoryNotFoundException',
      message:
        "The repository with name 'api' does not exist in the registry with id '123456789012'"
    })
    const otherAccount = await describeImages({ repositoryName: 'web', registryId: '210987654321' })
    expect(otherAccount.json.message).toBe(
      "The repository with name 'web' does not exist in the registry with id '210987654321'"
    )
    const missingName = await describeImages({ imageIds: [{ imageTag: '1.0.0' }] })
    expect(missingName.status).toBe(400)
    expect(missingName.json.__type).toBe('InvalidParameterException')
  })

  it('lists repositories, and needs ECR-scoped credentials', async () => {
    const listed = await harness.raw(
      ECR_TARGET('DescribeRepositories'),
      '{"repositoryNames":["web"]}'
    )
    expect(listed.json.repositories).toEqual([
      expect.objectContaining({
        repositoryName: 'web',
        repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/web',
        repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
      })
    ])
    const missing = await harness.raw(
      ECR_TARGET('DescribeRepositories'),
      '{"repositoryNames":["web","api"]}'
    )
    expect(missing.json.__type).toBe('RepositoryNotFoundException')
    const signedForEcs = await harness.raw(ECR_TARGET('DescribeRepositories'), '{}', {
      authorization: AUTHORIZATION('ecs')
    })
    expect(signedForEcs.status).toBe(403)
    expect(harness.emulator.calls.filter((call) => call.service === 'ecr').length).toBeGreaterThan(
      0
    )
    expect(harness.emulator.mutatingCalls()).toEqual([])
  })
})
