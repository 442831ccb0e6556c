import { describe, expect, it } from '@jest/globals'
import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import { findServiceDeployment } from '../../src/rollout/service-deployment.js'
import { deployment, NEW, ref, service, TD } from './builders.js'

const brief = (id: string, revision: string, minute: number): ServiceDeploymentBrief => ({
  serviceDeploymentArn: `arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/${id}`,
  targetServiceRevisionArn: revision,
  createdAt: new Date(Date.UTC(2026, 10, 22, 10, minute))
})

describe('findServiceDeployment', () => {
  const withoutArn = { ...ref, serviceDeploymentArn: undefined }
  const updated = service([
    deployment({ id: NEW, createdAt: new Date(Date.UTC(2026, 10, 22, 10, 1)) })
  ])

  it('takes the listed deployment whose target revision runs our task definition, not the newest', async () => {
    const revisions: Record<string, string> = { 'rev-ours': TD(2), 'rev-other': TD(3) }
    const listed: unknown[] = []
    const arn = await findServiceDeployment({
      ecs: {
        listServiceDeployments: (request) => {
          listed.push(request)
          return Promise.resolve([brief('ours', 'rev-ours', 1), brief('newer', 'rev-other', 2)])
        },
        serviceRevisionTaskDefinition: (revision) => Promise.resolve(revisions[revision])
      },
      ref: withoutArn,
      updated,
      log: () => undefined
    })
    expect(arn).toMatch(/\/ours$/)
    expect(listed).toEqual([
      { cluster: 'prod', service: 'web', createdAfter: new Date(Date.UTC(2026, 10, 22, 10, 0)) }
    ])
  })

  it('falls back to deployments[] with one line when the API is denied', async () => {
    const lines: string[] = []
    const arn = await findServiceDeployment({
      ecs: {
        listServiceDeployments: () =>
          Promise.reject(Object.assign(new Error('no'), { name: 'AccessDeniedException' })),
        serviceRevisionTaskDefinition: () => Promise.resolve(undefined)
      },
      ref: withoutArn,
      updated,
      log: (l) => lines.push(l)
    })
    expect(arn).toBeUndefined()
    expect(lines).toEqual([
      expect.stringContaining(
        "watching the service's deployments list instead"
      ) as unknown as string
    ])
  })

  it('uses the ARN UpdateService already named', async () => {
    const arn = await findServiceDeployment({
      ecs: {
        listServiceDeployments: () => Promise.reject(new Error('not called')),
        serviceRevisionTaskDefinition: () => Promise.reject(new Error('not called'))
      },
      ref,
      updated,
      log: () => undefined
    })
    expect(arn).toBe(ref.serviceDeploymentArn)
  })
})
