import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import madge from 'madge'
import { layerViolations } from './layers.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The import graph of a folder, type-only imports included, from the same tool `npm run lint` uses. */
async function graphOf(folder: string): Promise<{
  obj(): Record<string, string[]>
  circular(): string[][]
}> {
  return madge(`${ROOT}${folder}`, {
    fileExtensions: ['ts'],
    tsConfig: `${ROOT}tsconfig.json`
  })
}

describe('imports', () => {
  it('in src/ go down the layers only, never sideways or up', async () => {
    expect(layerViolations((await graphOf('src')).obj())).toEqual([])
  })

  it('form no cycle in src/ or emulator/', async () => {
    expect((await graphOf('src')).circular()).toEqual([])
    expect((await graphOf('emulator')).circular()).toEqual([])
  })

  it('a sideways or upward import is named', () => {
    expect(
      layerViolations({
        'rollout/watch.ts': ['aws/ecs.ts', 'rollout/poll.ts', 'run-task/gate.ts'],
        'aws/ecs.ts': ['phases/index.ts'],
        'extra/thing.ts': []
      })
    ).toEqual([
      'rollout/watch.ts → run-task/gate.ts',
      'aws/ecs.ts → phases/index.ts',
      'extra/thing.ts: extra is in no layer'
    ])
  })
})
