import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { formatBytes, MAX_INPUT_FILE_BYTES, readInputFile } from '../../src/input/file.js'
import { InputError } from '../../src/input/values.js'

// A checkout with files, links and a secret beside it, as a pull request from a fork could plant.
let dir = ''
let workspace = ''
let temp = ''
const SECRET = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-rollout-input-'))
  workspace = join(dir, 'workspace')
  temp = join(dir, '_temp')
  await mkdir(join(workspace, '.aws'), { recursive: true })
  await mkdir(temp)
  await mkdir(join(dir, 'home', '.aws'), { recursive: true })
  await writeFile(join(dir, 'home', '.aws', 'credentials'), `[default]\n${SECRET}\n`)
  await writeFile(join(workspace, '.aws', 'task-definition.json'), '{"family":"web"}')
  await writeFile(join(temp, 'rendered.json'), '{"family":"rendered"}')
  // Links that stay inside are fine; links that lead out are not.
  await symlink('task-definition.json', join(workspace, '.aws', 'inside-link.json'))
  await symlink(join(temp, 'rendered.json'), join(workspace, 'to-temp.json'))
  await symlink(join(dir, 'home', '.aws', 'credentials'), join(workspace, 'td.json'))
  await symlink('../home/.aws/credentials', join(workspace, 'relative.json'))
  await symlink(join(dir, 'home', '.aws'), join(workspace, 'linked-folder'))
  await symlink('loop-b', join(workspace, 'loop-a'))
  await symlink('loop-a', join(workspace, 'loop-b'))
  await writeFile(join(workspace, 'huge.json'), '')
  await truncate(join(workspace, 'huge.json'), 60 * 1024 * 1024)
  await writeFile(join(workspace, 'limit.json'), Buffer.alloc(MAX_INPUT_FILE_BYTES, 0x20))
  await mkdir(join(workspace, 'folder.json'))
  execFileSync('mkfifo', [join(workspace, 'pipe.json')])
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const read = (value: string, input = 'task-definition') =>
  readInputFile({ input, value, path: join(workspace, value) }, { workspace, temp })

describe('readInputFile', () => {
  it('reads files inside the workspace, through links that stay inside or go to RUNNER_TEMP', async () => {
    await expect(read('.aws/task-definition.json')).resolves.toBe('{"family":"web"}')
    await expect(read('.aws/inside-link.json')).resolves.toBe('{"family":"web"}')
    await expect(read('to-temp.json')).resolves.toBe('{"family":"rendered"}')
  })

  it.each(['td.json', 'relative.json', 'linked-folder/credentials'])(
    'refuses %s, which resolves outside the workspace, naming the input and never the content',
    async (value) => {
      const error = await read(value).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InputError)
      const message = (error as Error).message
      expect(message).toMatch(
        new RegExp(
          `^Input "task-definition" names "${value}", which resolves outside the workspace through a symbolic link; a file input must be a file inside GITHUB_WORKSPACE or RUNNER_TEMP`
        )
      )
      expect(message).not.toContain('aws_secret_access_key')
      expect(message).not.toContain('credentials\n')
    }
  )

  it('names the input it was given (the AppSpec too)', async () => {
    await expect(read('td.json', 'codedeploy-appspec')).rejects.toThrow(
      /^Input "codedeploy-appspec" names "td.json", which resolves outside the workspace/
    )
  })

  // Its time and memory are measured by `npm run bench` (hostile inputs), not here.
  it('refuses a file over 1 MiB from its size, before reading it', async () => {
    await expect(read('huge.json')).rejects.toThrow(
      /^Input "task-definition" names "huge.json", which is 60.0 MiB; a file input may be at most 1.0 MiB \(ECS accepts a task definition of at most 64 KiB\)$/
    )
    // Exactly the limit is fine.
    await expect(read('limit.json')).resolves.toHaveLength(MAX_INPUT_FILE_BYTES)
  })

  it('refuses an AppSpec over 1 MiB too, without the task definition limit', async () => {
    await expect(read('huge.json', 'codedeploy-appspec')).rejects.toThrow(
      /^Input "codedeploy-appspec" names "huge.json", which is 60.0 MiB; a file input may be at most 1.0 MiB$/
    )
  })

  it('refuses what is not a regular file; a named pipe does not block', async () => {
    // A directory fails as reading it always did, for the caller to word.
    await expect(read('folder.json')).rejects.toMatchObject({ code: 'EISDIR' })
    await expect(read('pipe.json')).rejects.toThrow(/which is not a regular file \(a named pipe\)/)
  })

  it('leaves errors of the file system to the caller', async () => {
    await expect(read('missing.json')).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(read('loop-a')).rejects.toMatchObject({ code: 'ELOOP' })
  })
})

describe('formatBytes', () => {
  it('says sizes the way people read them', () => {
    expect(formatBytes(12)).toBe('12 bytes')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(60 * 1024 * 1024)).toBe('60.0 MiB')
  })
})
