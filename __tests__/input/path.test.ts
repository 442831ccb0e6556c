import { describe, expect, it } from '@jest/globals'
import { resolveInputPath } from '../../src/input/path.js'
import { InputError } from '../../src/input/values.js'

const roots = { workspace: '/home/runner/work/app/app', temp: '/home/runner/work/_temp' }

describe('resolveInputPath', () => {
  it.each([
    ['ecs/web.json', '/home/runner/work/app/app/ecs/web.json'],
    ['./ecs/../web.json', '/home/runner/work/app/app/web.json'],
    ['..web.json', '/home/runner/work/app/app/..web.json'],
    ['/home/runner/work/app/app/web.json', '/home/runner/work/app/app/web.json'],
    [
      '/home/runner/work/_temp/task-definition-1.json',
      '/home/runner/work/_temp/task-definition-1.json'
    ],
    ['../../_temp/td.json', '/home/runner/work/_temp/td.json']
  ])('keeps %j inside the workspace or RUNNER_TEMP', (value, path) => {
    expect(resolveInputPath('task-definition', value, roots)).toBe(path)
  })

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    '..',
    // Shares the prefix of the workspace, yet is a sibling of it.
    '/home/runner/work/app/app-secrets/td.json',
    '/home/runner/work/_temp/../app/other.json'
  ])('rejects %j, naming the input', (value) => {
    expect(() => resolveInputPath('task-definition', value, roots)).toThrow(InputError)
    expect(() => resolveInputPath('task-definition', value, roots)).toThrow(
      /^Input "task-definition" names ".*", which is outside the workspace \(it resolves to \/.*\); give a path inside GITHUB_WORKSPACE \(\/home\/runner\/work\/app\/app\), relative to it, or inside RUNNER_TEMP$/
    )
  })

  it('allows only the workspace when RUNNER_TEMP is unset', () => {
    const workspace = { workspace: '/w' }
    expect(() => resolveInputPath('codedeploy-appspec', '/tmp/appspec.yaml', workspace)).toThrow(
      /^Input "codedeploy-appspec" names "\/tmp\/appspec.yaml", which is outside the workspace \(it resolves to \/tmp\/appspec.yaml\); give a path inside GITHUB_WORKSPACE \(\/w\), relative to it$/
    )
  })
})
