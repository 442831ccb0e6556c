import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment, ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import { ServiceDeploymentTracker } from '../../src/rollout/service-deployment.js'
import { ref, service, deployment, NEW, STARTED, TD } from './builders.js'

const ARN = (id: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/${id}`
const BEFORE = ARN('before')

/** A fake service-deployments API: what is listed and described, and the calls made. */
function fakeApi(options: {
  described: Record<string, ServiceDeployment | undefined>
  listed?: ServiceDeploymentBrief[]
  revisions?: Record<string, string>
  deny?: boolean
}) {
  const calls: string[] = []
  const denied = (): Promise<never> =>
    Promise.reject(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }))
  return {
    calls,
    port: {
      describeServiceDeployment: (arn: string) => {
        calls.push(`describe ${arn.split('/').pop() ?? ''}`)
        return options.deny === true ? denied() : Promise.resolve(options.described[arn])
      },
      listServiceDeployments: () => {
        calls.push('list')
        return options.deny === true ? denied() : Promise.resolve(options.listed ?? [])
      },
      serviceRevisionTaskDefinition: (arn: string) => {
        calls.push(`revision ${arn}`)
        return Promise.resolve(options.revisions?.[arn])
      }
    }
  }
}

const sd = (id: string, revision: string, createdAt = STARTED + 1000): ServiceDeployment => ({
  serviceDeploymentArn: ARN(id),
  targetServiceRevision: { arn: revision },
  createdAt: new Date(createdAt),
  status: 'IN_PROGRESS'
})
const log = { info: () => undefined, warning: () => undefined }
const withCurrent = (arn: string | undefined) => ({
  ...service([deployment({ id: NEW })]),
  currentServiceDeployment: arn
})

describe('ServiceDeploymentTracker', () => {
  it('keeps looking while ECS answers MISSING, then takes ours', async () => {
    const described: Record<string, ServiceDeployment | undefined> = {}
    const api = fakeApi({ described, revisions: { 'rev-2': TD(2) } })
    const tracker = new ServiceDeploymentTracker(api.port, () => ref, log, BEFORE)
    expect(await tracker.lookup(withCurrent(ARN('ours')))).toBeUndefined()
    expect(tracker.available).toBe(true)
    described[ARN('ours')] = sd('ours', 'rev-2')
    expect((await tracker.lookup(withCurrent(ARN('ours'))))?.serviceDeploymentArn).toBe(ARN('ours'))
    expect(tracker.arn).toBe(ARN('ours'))
    expect((await tracker.read())?.status).toBe('IN_PROGRESS')
  })

  it('never takes the one from before, one of another revision, or one older than our update', async () => {
    const api = fakeApi({
      described: {
        [BEFORE]: sd('before', 'rev-2'),
        [ARN('other')]: sd('other', 'rev-3'),
        [ARN('old')]: sd('old', 'rev-2', STARTED - 10 * 60_000)
      },
      revisions: { 'rev-2': TD(2), 'rev-3': TD(3) }
    })
    const tracker = new ServiceDeploymentTracker(api.port, () => ref, log, BEFORE)
    for (const current of [BEFORE, ARN('other'), ARN('old')]) {
      expect(await tracker.lookup(withCurrent(current))).toBeUndefined()
    }
    expect(tracker.arn).toBeUndefined()
  })

  it('without currentServiceDeployment, lists those created since our update every few lookups', async () => {
    const api = fakeApi({
      described: { [ARN('ours')]: sd('ours', 'rev-2') },
      listed: [
        { serviceDeploymentArn: ARN('ours'), createdAt: new Date(STARTED + 1000) },
        { serviceDeploymentArn: BEFORE, createdAt: new Date(STARTED - 1000) }
      ],
      revisions: { 'rev-2': TD(2) }
    })
    const tracker = new ServiceDeploymentTracker(api.port, () => ref, log, BEFORE)
    expect(await tracker.lookup(withCurrent(undefined))).toBeDefined()
    expect(api.calls).toEqual(['list', 'describe ours', 'revision rev-2'])
  })

  it('gives up for the run, with one warning, when the API is denied', async () => {
    const warnings: string[] = []
    const api = fakeApi({ described: {}, deny: true })
    const tracker = new ServiceDeploymentTracker(
      api.port,
      () => ref,
      { info: () => undefined, warning: (l) => warnings.push(l) },
      BEFORE
    )
    await tracker.lookup(withCurrent(ARN('ours')))
    await tracker.lookup(withCurrent(ARN('ours')))
    expect(tracker.available).toBe(false)
    expect(api.calls).toEqual(['describe ours'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/not available.*AccessDeniedException/)
  })

  it('reads each revision once', async () => {
    const api = fakeApi({ described: {}, revisions: { r: TD(1) } })
    const tracker = new ServiceDeploymentTracker(api.port, () => ref, log, BEFORE)
    expect(await tracker.taskDefinitionOf('r')).toBe(TD(1))
    expect(await tracker.taskDefinitionOf('r')).toBe(TD(1))
    expect(api.calls).toEqual(['revision r'])
  })
})
