import { describe, expect, it } from '@jest/globals'
import {
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ServiceVolumeConfiguration,
  type UpdateServiceCommandInput
} from '@aws-sdk/client-ecs'

import { ECS_TARGET, fargateDefinition, withHarness, type Harness } from './harness.js'

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
const VOLUME: ServiceVolumeConfiguration = {
  name: 'data',
  managedEBSVolume: { roleArn: ROLE, volumeType: 'gp3', sizeInGiB: 20, filesystemType: 'ext4' }
}

const update = (harness: Harness, input: Omit<UpdateServiceCommandInput, 'service'>) =>
  harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', ...input }))

const errorOf = async (promise: Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await promise
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message }
  }
  throw new Error('expected the call to fail')
}

/** A new revision of `web`, declaring `data` configuredAtLaunch when asked. */
async function register(harness: Harness, tag: string, withVolume: boolean): Promise<string> {
  const definition = fargateDefinition(tag)
  const output = await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      ...definition,
      ...(withVolume && { volumes: [{ name: 'data', configuredAtLaunch: true }] })
    })
  )
  return output.taskDefinition?.taskDefinitionArn ?? ''
}

describe('UpdateService tag, exec and grace-period options', () => {
  it('stores and echoes them without starting a deployment; later calls without them keep them', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const before = await harness.service()
      expect(before).toMatchObject({
        enableECSManagedTags: false,
        propagateTags: 'NONE',
        enableExecuteCommand: false,
        healthCheckGracePeriodSeconds: 0
      })
      const { service } = await update(harness, {
        enableECSManagedTags: true,
        propagateTags: 'SERVICE',
        enableExecuteCommand: true,
        healthCheckGracePeriodSeconds: 120
      })
      const expected = {
        enableECSManagedTags: true,
        propagateTags: 'SERVICE',
        enableExecuteCommand: true,
        healthCheckGracePeriodSeconds: 120
      }
      expect(service).toMatchObject(expected)
      expect(service?.deployments?.map((deployment) => deployment.id)).toEqual(
        before.deployments?.map((deployment) => deployment.id)
      )
      expect(service?.currentServiceDeployment).toBe(before.currentServiceDeployment)

      await update(harness, { desiredCount: 3 })
      expect(await harness.service()).toMatchObject({ ...expected, desiredCount: 3 })

      // forceNewDeployment is how running tasks get them: it starts a deployment.
      const forced = await update(harness, {
        forceNewDeployment: true,
        enableExecuteCommand: false
      })
      expect(forced.service?.deployments).toHaveLength(2)
      expect(forced.service?.enableExecuteCommand).toBe(false)
    })
  })

  it('rejects values ECS rejects, before changing anything', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      expect(
        await errorOf(update(harness, { propagateTags: 'ALL' as unknown as 'SERVICE' }))
      ).toEqual({
        name: 'InvalidParameterException',
        message: 'Propagate tags should be one of [SERVICE,TASK_DEFINITION,NONE]'
      })
      expect(
        (await errorOf(update(harness, { healthCheckGracePeriodSeconds: -1, desiredCount: 5 })))
          .name
      ).toBe('InvalidParameterException')
      expect((await harness.service()).desiredCount).toBe(2)

      const raw = await harness.raw(
        ECS_TARGET('UpdateService'),
        JSON.stringify({ cluster: 'prod', service: 'web', enableExecuteCommand: 'yes' })
      )
      expect(raw.status).toBe(400)
      expect(raw.json).toEqual({
        __type: 'SerializationException',
        Message: "'yes' can not be converted to an Boolean"
      })
    })
  })
})

describe('UpdateService volumeConfigurations (service-managed EBS)', () => {
  it('checks the required members and types of a volume configuration', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const withManaged = (managedEBSVolume: object) =>
        update(harness, {
          volumeConfigurations: [
            {
              name: 'data',
              managedEBSVolume: managedEBSVolume as ServiceVolumeConfiguration['managedEBSVolume']
            }
          ]
        })
      expect(await errorOf(withManaged({ sizeInGiB: 20 }))).toEqual({
        name: 'InvalidParameterException',
        message: "ECS managed EBS volume for volume 'data' must specify a roleArn."
      })
      expect(
        (await errorOf(withManaged({ roleArn: ROLE, sizeInGiB: 20, volumeType: 'gp9' }))).message
      ).toContain('Volume type should be one of [gp2,gp3,io1,io2,st1,sc1,standard]')
      expect((await errorOf(withManaged({ roleArn: ROLE }))).message).toContain(
        'Specify either sizeInGiB or snapshotId.'
      )
      expect(
        (await errorOf(update(harness, { volumeConfigurations: [{ name: '' }] }))).message
      ).toBe('Volume configuration name cannot be empty.')

      const raw = await harness.raw(
        ECS_TARGET('UpdateService'),
        JSON.stringify({
          cluster: 'prod',
          service: 'web',
          volumeConfigurations: [
            { name: 'data', managedEBSVolume: { roleArn: ROLE, sizeInGiB: '20' } }
          ]
        })
      )
      expect(raw.json.__type).toBe('SerializationException')
      expect((await harness.service()).deployments).toHaveLength(1)
    })
  })

  it('a seeded EBS volume stays when volumeConfigurations is absent, and goes with []', async () => {
    await withHarness({ scenario: 'success', ebsVolume: VOLUME as never }, async (harness) => {
      const seeded = await harness.service()
      expect(seeded.deployments?.[0]?.volumeConfigurations).toEqual([VOLUME])

      // A new revision without the volume cannot run with the kept configuration (ECS's own text).
      const plain = await register(harness, '1.1.0', false)
      expect(await errorOf(update(harness, { taskDefinition: plain }))).toEqual({
        name: 'InvalidParameterException',
        message:
          'Volume configuration provided but no matching configuredAtLaunch volume found in task definition'
      })
      expect((await harness.service()).deployments).toHaveLength(1)

      // Absent: the new deployment keeps the service's volume configuration.
      const withVolume = await register(harness, '1.2.0', true)
      const kept = await update(harness, { taskDefinition: withVolume })
      expect(kept.service?.deployments?.[0]).toMatchObject({
        taskDefinition: withVolume,
        volumeConfigurations: [VOLUME]
      })

      // The same configuration again is no change: no deployment.
      const same = await update(harness, { volumeConfigurations: [VOLUME] })
      expect(same.service?.deployments?.[0]?.id).toBe(kept.service?.deployments?.[0]?.id)

      // A different one starts a deployment on its own.
      const bigger = { ...VOLUME, managedEBSVolume: { ...VOLUME.managedEBSVolume, sizeInGiB: 50 } }
      const resized = await update(harness, { volumeConfigurations: [bigger] as never })
      expect(resized.service?.deployments?.[0]?.id).not.toBe(kept.service?.deployments?.[0]?.id)
      expect(resized.service?.deployments?.[0]?.volumeConfigurations).toEqual([bigger])

      // [] removes it: the next deployment has none.
      const removed = await update(harness, { taskDefinition: plain, volumeConfigurations: [] })
      expect(removed.service?.deployments?.[0]).toMatchObject({ taskDefinition: plain })
      expect(removed.service?.deployments?.[0]?.volumeConfigurations).toBeUndefined()
      expect(removed.service?.deployments?.[1]?.volumeConfigurations).toEqual([bigger])
    })
  })
})

describe('a service with the EXTERNAL deployment controller', () => {
  it('takes desired count and grace period but refuses a task definition', async () => {
    await withHarness(
      { scenario: 'success', deploymentController: 'EXTERNAL' },
      async (harness) => {
        expect((await harness.service()).deploymentController).toEqual({ type: 'EXTERNAL' })
        const next = await register(harness, '1.1.0', false)
        expect(await errorOf(update(harness, { taskDefinition: next }))).toEqual({
          name: 'InvalidParameterException',
          message:
            'Unable to update task definition on services with a EXTERNAL deployment controller. Use task sets to deploy new task definitions.'
        })
        const { service } = await update(harness, {
          desiredCount: 3,
          healthCheckGracePeriodSeconds: 30
        })
        expect(service).toMatchObject({ desiredCount: 3, healthCheckGracePeriodSeconds: 30 })
        expect(service?.taskDefinition).toBe(
          'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
        )
      }
    )
  })
})
