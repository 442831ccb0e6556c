import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { batchedReads } from '../../src/aws/batched-reads.js'
import type { EcsPort } from '../../src/aws/ecs.js'

/** A port that records each batched call and answers by name; `gone` names a MISSING service. */
function fakePort(gone = new Set<string>()) {
  const calls: string[] = []
  const port = {
    describeServices: ({ cluster, services }: { cluster: string; services: string[] }) => {
      calls.push(`DescribeServices ${cluster} ${services.join(',')}`)
      return Promise.resolve(
        services.map((name): Service | undefined =>
          gone.has(name) ? undefined : { serviceName: name, clusterArn: cluster }
        )
      )
    },
    describeServiceDeployments: (arns: string[]) => {
      calls.push(`DescribeServiceDeployments ${arns.join(',')}`)
      return Promise.resolve(arns.map((arn) => ({ serviceDeploymentArn: arn })))
    },
    serviceRevisionTaskDefinitions: (arns: string[]) => {
      calls.push(`DescribeServiceRevisions ${arns.join(',')}`)
      return Promise.resolve(arns.map((arn) => (arn === 'unknown' ? undefined : `td-of-${arn}`)))
    }
  } as unknown as EcsPort
  return { port, calls }
}

describe('batchedReads', () => {
  it('sends the reads of one turn as one call per cluster, at most 10 services each', async () => {
    const { port, calls } = fakePort(new Set(['gone']))
    const reads = batchedReads(port)
    const names = Array.from({ length: 12 }, (_, i) => `svc${i}`)
    const answers = await Promise.all([
      ...names.map((service) => reads.describeService({ cluster: 'prod', service })),
      reads.describeService({ cluster: 'staging', service: 'gone' })
    ])
    expect(answers.map((a) => a?.serviceName)).toEqual([...names, undefined])
    expect(calls).toEqual([
      `DescribeServices prod ${names.slice(0, 10).join(',')}`,
      'DescribeServices prod svc10,svc11',
      'DescribeServices staging gone'
    ])
  })

  it('batches service deployments up to 20, and reads of later turns separately', async () => {
    const { port, calls } = fakePort()
    const reads = batchedReads(port)
    const arns = Array.from({ length: 21 }, (_, i) => `sd${i}`)
    const first = await Promise.all(arns.map((arn) => reads.describeServiceDeployment(arn)))
    expect(first.map((sd) => sd?.serviceDeploymentArn)).toEqual(arns)
    await reads.describeServiceDeployment('later')
    expect(calls).toEqual([
      `DescribeServiceDeployments ${arns.slice(0, 20).join(',')}`,
      'DescribeServiceDeployments sd20',
      'DescribeServiceDeployments later'
    ])
  })

  it('batches service revisions up to 20, each answer going to its own caller', async () => {
    const { port, calls } = fakePort()
    const reads = batchedReads(port)
    const arns = [...Array.from({ length: 20 }, (_, i) => `rev${i}`), 'unknown']
    const answers = await Promise.all(arns.map((arn) => reads.serviceRevisionTaskDefinition(arn)))
    expect(answers).toEqual([...arns.slice(0, 20).map((arn) => `td-of-${arn}`), undefined])
    expect(calls).toEqual([
      `DescribeServiceRevisions ${arns.slice(0, 20).join(',')}`,
      'DescribeServiceRevisions unknown'
    ])
  })

  it('fails every read of a batch that failed, and only those', async () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    let fail = true
    const port = {
      describeServices: ({ services }: { services: string[] }) => {
        if (fail) {
          fail = false
          return Promise.reject(error)
        }
        return Promise.resolve(services.map((serviceName) => ({ serviceName })))
      }
    } as unknown as EcsPort
    const reads = batchedReads(port)
    const both = await Promise.allSettled([
      reads.describeService({ cluster: 'c', service: 'a' }),
      reads.describeService({ cluster: 'c', service: 'b' })
    ])
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((await reads.describeService({ cluster: 'c', service: 'a' }))?.serviceName).toBe('a')
  })
})
