/**
 * Two runs deploying the same service at once: the second starts while the first is watching its
 * rollout. The first must report that it was superseded (and by what), never succeeded nor
 * rolled-back; the second must succeed. This is why the README recommends a concurrency group.
 */
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { afterEach, describe, expect, it } from '@jest/globals'
import { DEPLOY, expectExit, FILES, TIME_SCALE } from '../../__fixtures__/e2e.js'
import { runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { startEmulatorWithHooks, type Emulator } from '../../emulator/index.js'

const SECOND_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.0'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

describe('two runs deploy one service at once', () => {
  it('the first reports superseded, the second succeeds', async () => {
    let second: Promise<ActionRun> | undefined
    // The first deployment follows `cancelled` (its tasks stay PENDING for 40 virtual minutes), so
    // the first run is surely still watching when the second, started as soon as the first has
    // updated the service, updates it again; the second deployment follows `success`.
    const started = await startEmulatorWithHooks(
      { scenario: 'cancelled', timeScale: TIME_SCALE },
      {
        onCall: (call) => {
          if (call.operation !== 'UpdateService' || call.error !== undefined) return
          if (second !== undefined) return
          started.setScenario('success')
          second = runAction({
            endpoint: started.url,
            inputs: { ...DEPLOY, image: SECOND_IMAGE },
            files: FILES,
            timeScale: TIME_SCALE
          })
        }
      }
    )
    emulator = started
    const first = await runAction({
      endpoint: started.url,
      inputs: DEPLOY,
      files: FILES,
      timeScale: TIME_SCALE
    })
    if (second === undefined)
      throw new Error(`the first run never updated the service:\n${first.log}`)
    const last = await second

    expectExit(first, 1)
    expect(first.outputs.verdict).toBe('superseded')
    expect(first.outputs['task-definition-arn']).toMatch(/web:2$/)
    expect(first.outputs.reason).toContain('web:3')
    expectExit(last, 0)
    expect(last.outputs.verdict).toBe('succeeded')
    expect(last.outputs['task-definition-arn']).toMatch(/web:3$/)

    // Each run updated the service once; the service ends on the second run's revision, alone.
    const updates = started
      .mutatingCalls()
      .filter((c) => c.operation === 'UpdateService' && c.error === undefined)
      .map((c) => (c.input as { taskDefinition?: string }).taskDefinition?.split('/')[1])
    expect(updates).toEqual(['web:2', 'web:3'])
    const client = new ECSClient({
      endpoint: started.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDCHECK', secretAccessKey: 'secret' }
    })
    try {
      const { services } = await client.send(
        new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
      )
      expect(services?.[0]?.deployments?.map((d) => [d.status, d.taskDefinition])).toEqual([
        ['PRIMARY', expect.stringMatching(/web:3$/) as unknown as string]
      ])
    } finally {
      client.destroy()
    }
  }, 60_000)
})
