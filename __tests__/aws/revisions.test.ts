import { describe, expect, it } from '@jest/globals'
import type { EcsPort } from '../../src/aws/ecs.js'
import { withRevisionCache } from '../../src/aws/revisions.js'

describe('withRevisionCache', () => {
  it('describes each revision once a run, and retries one that failed', async () => {
    const asked: string[] = []
    let failNext = true
    const ecs = withRevisionCache({
      describeTaskDefinition: (reference: string) => {
        asked.push(reference)
        if (reference === 'flaky' && failNext) {
          failNext = false
          return Promise.reject(new Error('throttled'))
        }
        return Promise.resolve({ taskDefinition: { taskDefinitionArn: reference }, tags: [] })
      }
    } as unknown as EcsPort)
    await ecs.describeTaskDefinition('arn:td/web:1')
    await ecs.describeTaskDefinition('arn:td/web:1')
    await ecs.describeTaskDefinition('web')
    await expect(ecs.describeTaskDefinition('flaky')).rejects.toThrow('throttled')
    await ecs.describeTaskDefinition('flaky')
    expect(asked).toEqual(['arn:td/web:1', 'web', 'flaky', 'flaky'])
  })
})
