import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcrPort, ImageQuery } from '../../src/aws/ecr.js'
import { checkImages } from '../../src/phases/images.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const awsError = (name: string) => Object.assign(new Error(name), { name })

function ecr(
  answer: (query: ImageQuery) => string | Error,
  prefixes: string[] | Error = []
): EcrPort & { queries: ImageQuery[]; ruleReads: number } {
  const queries: ImageQuery[] = []
  const port = {
    queries,
    ruleReads: 0,
    digestOf: (query: ImageQuery) => {
      queries.push(query)
      const result = answer(query)
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result)
    },
    pullThroughCachePrefixes: () => {
      port.ruleReads++
      return prefixes instanceof Error ? Promise.reject(prefixes) : Promise.resolve(prefixes)
    }
  }
  return port
}

const td = (...images: string[]): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  containerDefinitions: images.map((image, i) => ({ name: `c${i}`, image }))
})

describe('checkImages', () => {
  it('asks ECR about ECR images only, in the region and registry of each URI (FIPS and dual-stack too)', async () => {
    const port = ecr(() => DIGEST)
    const { log } = recordingLog()
    const result = await checkImages({
      ecr: port,
      pin: false,
      log,
      taskDefinition: td(
        '111111111111.dkr.ecr.eu-west-1.amazonaws.com/web:2.0.0',
        '222222222222.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api@' + DIGEST,
        '333333333333.dkr-ecr.ap-south-1.on.aws/jobs:7',
        'public.ecr.aws/xray/aws-xray-daemon:3.3.12',
        'nginx:1.27'
      )
    })
    expect(port.queries).toEqual([
      { region: 'eu-west-1', registryId: '111111111111', repository: 'web', tag: '2.0.0' },
      { region: 'us-gov-west-1', registryId: '222222222222', repository: 'api', digest: DIGEST },
      { region: 'ap-south-1', registryId: '333333333333', repository: 'jobs', tag: '7' }
    ])
    expect(result.digests).toEqual({ c0: DIGEST, c1: DIGEST, c2: DIGEST })
    expect(result.taskDefinition.containerDefinitions?.[0]?.image).toBe(
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/web:2.0.0'
    )
  })

  it('pins tags to digests when asked', async () => {
    const { log } = recordingLog()
    const result = await checkImages({
      ecr: ecr(() => DIGEST),
      pin: true,
      log,
      taskDefinition: td('111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/web:2.0.0')
    })
    expect(result.taskDefinition.containerDefinitions?.[0]?.image).toBe(
      `111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/web@${DIGEST}`
    )
  })

  it.each([
    [
      'ImageNotFoundException',
      /Image web:v3 \(container c0\) was not found in ECR repository web \(eu-west-1\)\. Did the push step run\?/
    ],
    [
      'RepositoryNotFoundException',
      /ECR repository web does not exist in registry 111111111111 \(eu-west-1\)/
    ]
  ])('fails at once on %s', async (name, message) => {
    const { log } = recordingLog()
    await expect(
      checkImages({
        ecr: ecr(() => awsError(name)),
        pin: false,
        log,
        taskDefinition: td('111111111111.dkr.ecr.eu-west-1.amazonaws.com/web:v3')
      })
    ).rejects.toThrow(message)
  })

  it('warns and goes on where ECR cannot be asked', async () => {
    const { log, warnings } = recordingLog()
    const result = await checkImages({
      ecr: ecr(() => awsError('AccessDeniedException')),
      pin: true,
      log,
      taskDefinition: td('444444444444.dkr.ecr.us-east-1.amazonaws.com/shared:1')
    })
    expect(warnings).toEqual([
      expect.stringContaining(
        'Could not check image 444444444444.dkr.ecr.us-east-1.amazonaws.com/shared:1 in ECR, going on without the check'
      ) as unknown as string
    ])
    expect(result.taskDefinition.containerDefinitions?.[0]?.image).toBe(
      '444444444444.dkr.ecr.us-east-1.amazonaws.com/shared:1'
    )
  })

  it('a repository under a pull through cache rule may not exist yet: a warning, and on', async () => {
    const port = ecr(() => awsError('RepositoryNotFoundException'), ['docker-hub', 'quay/'])
    const { log, warnings } = recordingLog()
    const result = await checkImages({
      ecr: port,
      pin: false,
      log,
      taskDefinition: td(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/quay/prometheus/node-exporter:v1'
      )
    })
    expect(result.digests).toEqual({})
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('under the pull through cache rule docker-hub/')
    expect(port.ruleReads).toBe(1)
  })

  it('outside any rule, or when the rules cannot be read, a missing repository still fails', async () => {
    const outside = ecr(() => awsError('RepositoryNotFoundException'), ['docker-hub'])
    await expect(
      checkImages({
        ecr: outside,
        pin: false,
        log: recordingLog().log,
        taskDefinition: td('123456789012.dkr.ecr.us-east-1.amazonaws.com/webb:2')
      })
    ).rejects.toThrow(/ECR repository webb does not exist/)
    const unreadable = ecr(
      () => awsError('RepositoryNotFoundException'),
      awsError('AccessDeniedException')
    )
    await expect(
      checkImages({
        ecr: unreadable,
        pin: false,
        log: recordingLog().log,
        taskDefinition: td(
          '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1'
        )
      })
    ).rejects.toThrow(
      /pull through cache rules could not be read: DescribePullThroughCacheRules failed: AccessDeniedException/
    )
  })
})
