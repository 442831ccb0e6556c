import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'

import { fargateDefinition, withHarness, type Harness } from './harness.js'

const listed = async (harness: Harness): Promise<string[]> =>
  (
    (await harness.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })))
      .serviceDeployments ?? []
  ).map((brief) => brief.serviceDeploymentArn ?? '')

/** UpdateService to web:2; the new service deployment's ARN comes from the timeline. */
async function update(harness: Harness) {
  const before = await harness.service()
  const registered = await harness.ecs.send(
    new RegisterTaskDefinitionCommand(fargateDefinition('1.1.0'))
  )
  const output = await harness.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: registered.taskDefinition?.taskDefinitionArn
    })
  )
  const created = harness.emulator.timeline
    .filter((entry) => entry.what.startsWith('service-deployment PENDING '))
    .at(-1)
    ?.what.split(' ')[2]
  return {
    previous: before.currentServiceDeployment ?? '',
    answered: output.service?.currentServiceDeployment,
    created: created ?? ''
  }
}

describe('scenario listing-lag', () => {
  it('keeps a new service deployment out of sight for 20 s, then shows it', async () => {
    await withHarness({ scenario: 'listing-lag' }, async (harness) => {
      const { previous, answered, created } = await update(harness)
      expect(created).toMatch(/:service-deployment\/prod\/web\//)
      expect(created).not.toBe(previous)
      // UpdateService still names the previous service deployment.
      expect(answered).toBe(previous)

      for (const step of [0, 5, 5, 9]) {
        harness.advance(step) // +0, +5, +10, +19
        expect(await listed(harness)).toEqual([previous])
        expect((await harness.service()).currentServiceDeployment).toBe(previous)
        const described = await harness.ecs.send(
          new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [created] })
        )
        expect(described.serviceDeployments).toEqual([])
        expect(described.failures).toEqual([{ arn: created, reason: 'MISSING' }])
      }
      // The deployment itself runs meanwhile: DescribeServices shows the new PRIMARY.
      expect((await harness.service()).deployments?.[0]?.desiredCount).toBe(2)

      harness.advance(1) // +20
      expect(await listed(harness)).toEqual([created, previous])
      expect((await harness.service()).currentServiceDeployment).toBe(created)
      expect((await harness.serviceDeployment(created)).status).toBe('IN_PROGRESS')

      harness.advance(100)
      expect((await harness.serviceDeployment(created)).status).toBe('SUCCESSFUL')
    })
  })

  it('serviceDeploymentLagSeconds works with any scenario', async () => {
    await withHarness({ scenario: 'success', serviceDeploymentLagSeconds: 5 }, async (harness) => {
      const { previous, answered, created } = await update(harness)
      expect(answered).toBe(previous)
      harness.advance(4)
      expect(await listed(harness)).toEqual([previous])
      harness.advance(1)
      expect(await listed(harness)).toEqual([created, previous])
    })
  })

  it('without a lag the UpdateService answer names the new service deployment', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const { answered, created } = await update(harness)
      expect(answered).toBe(created)
      expect(await listed(harness)).toContain(created)
    })
  })
})
