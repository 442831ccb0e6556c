// scripts/release.sh in a scratch repository: what it refuses, and the tags it makes.

import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../scripts/release.sh', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'ecs-rollout-release-test-'))
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
})

// An isolated git: no user or system config (signing, hooks), a fixed identity.
const ENV = {
  PATH: process.env.PATH,
  HOME: scratch,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.com',
  // The build is stubbed: a fresh build makes exactly the committed dist/.
  RELEASE_BUILD_COMMAND: 'true'
}

let repo = ''
let count = 0

function git(...args: string[]): string {
  const result = spawnSync('git', args, { cwd: repo, env: ENV, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

function release(args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const result = spawnSync('bash', [SCRIPT, ...args], {
    cwd: repo,
    env: { ...ENV, ...env },
    encoding: 'utf8'
  })
  return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` }
}

const changelog = (...versions: string[]): string =>
  [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    ...versions.flatMap((version) => [
      `## [${version}] - 2026-11-22`,
      '',
      `- What ${version} did.`,
      ''
    ]),
    `[${versions[0] ?? 'x'}]: https://example.com/compare`,
    ''
  ].join('\n')

/** Commits package.json, CHANGELOG.md and dist/ for a version. */
function commitVersion(version: string, changelogVersions: string[] = [version]): void {
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', version }) + '\n')
  writeFileSync(join(repo, 'CHANGELOG.md'), changelog(...changelogVersions))
  writeFileSync(join(repo, 'dist', 'index.js'), `// ${version}\n`)
  git('add', '-A')
  git('commit', '--quiet', '-m', `Release ${version}`)
}

const tagType = (name: string): string => git('cat-file', '-t', name)
const tagCommit = (name: string): string => git('rev-parse', `${name}^{commit}`)
const tags = (): string[] => git('tag', '--list').split('\n').filter(Boolean)

beforeEach(() => {
  repo = join(scratch, `repo-${String(++count)}`)
  mkdirSync(join(repo, 'dist'), { recursive: true })
  git('init', '--quiet', '--initial-branch=main')
  commitVersion('1.2.0', ['1.2.0', '1.1.0'])
})

describe('release.sh', () => {
  it('tags vX.Y.Z annotated with its changelog section, moves vX, and prints the pushes', () => {
    const { code, out } = release(['1.2.0'])
    expect(out).toContain('Tagged v1.2.0 (annotated) and moved v1 (lightweight)')
    expect(code).toBe(0)
    expect(tagType('v1.2.0')).toBe('tag')
    expect(tagType('v1')).toBe('commit')
    expect(tagCommit('v1.2.0')).toBe(git('rev-parse', 'HEAD'))
    expect(tagCommit('v1')).toBe(git('rev-parse', 'HEAD'))
    expect(git('tag', '--list', '--format=%(contents)', 'v1.2.0')).toBe(
      'ECS Rollout 1.2.0\n- What 1.2.0 did.'
    )
    expect(out).toContain('git push origin refs/tags/v1.2.0')
    expect(out).toContain('git push --force origin refs/tags/v1')
    // describe names the release, not the moving major tag.
    expect(git('describe')).toBe('v1.2.0')
  })

  it('moves vX to the next compatible release and leaves the older release tag alone', () => {
    expect(release(['1.2.0']).code).toBe(0)
    const first = git('rev-parse', 'HEAD')
    commitVersion('1.2.1', ['1.2.1', '1.2.0'])
    const { code, out } = release(['v1.2.1'])
    expect(out).toContain('Tagged v1.2.1')
    expect(code).toBe(0)
    expect(tagCommit('v1')).toBe(git('rev-parse', 'HEAD'))
    expect(tagCommit('v1.2.0')).toBe(first)
  })

  it.each([
    ['a version that is not X.Y.Z', () => undefined, ['1.2'], 'usage: release X.Y.Z'],
    [
      'a dirty work tree',
      () => writeFileSync(join(repo, 'stray.txt'), 'x'),
      ['1.2.0'],
      'the work tree is not clean'
    ],
    [
      'another branch',
      () => git('switch', '--quiet', '-c', 'feature'),
      ['1.2.0'],
      'releases are tagged on main, not on feature'
    ],
    ['a version package.json does not say', () => undefined, ['1.3.0'], 'package.json says 1.2.0'],
    [
      'a version without a changelog section',
      () => commitVersion('1.3.0', ['1.2.0']),
      ['1.3.0'],
      "CHANGELOG.md has no '## [1.3.0]' section"
    ],
    [
      'a version older than a released one',
      () => git('tag', 'v1.4.0'),
      ['1.2.0'],
      'v1.2.0 is not newer than v1.4.0'
    ],
    ['a tag that exists', () => git('tag', 'v1.2.0'), ['1.2.0'], 'v1.2.0 already exists']
  ])('refuses %s', (_what, arrange, args, message) => {
    arrange()
    const before = tags()
    const { code, out } = release(args)
    expect(out).toContain(message)
    expect(code).toBe(1)
    expect(tags()).toEqual(before)
  })

  it('refuses when dist/ differs from a fresh build', () => {
    const { code, out } = release(['1.2.0'], {
      RELEASE_BUILD_COMMAND: 'echo "// rebuilt" > dist/index.js'
    })
    expect(out).toContain('dist/ does not match a fresh build')
    expect(code).toBe(1)
    expect(tags()).toEqual([])
  })

  it('refuses when a fresh build adds a file to dist/', () => {
    const { code, out } = release(['1.2.0'], { RELEASE_BUILD_COMMAND: 'touch dist/new-chunk.js' })
    expect(out).toContain('dist/ does not match a fresh build')
    expect(code).toBe(1)
  })

  it('pushes both tags with --push', () => {
    const remote = join(scratch, `remote-${String(count)}.git`)
    spawnSync('git', ['init', '--quiet', '--bare', remote], { env: ENV })
    git('remote', 'add', 'origin', remote)
    const { code, out } = release(['1.2.0', '--push'])
    expect(out).toContain('Pushed.')
    expect(code).toBe(0)
    const remoteTags = spawnSync('git', ['ls-remote', '--tags', remote], {
      env: ENV,
      encoding: 'utf8'
    }).stdout
    expect(remoteTags).toContain('refs/tags/v1.2.0')
    expect(remoteTags).toMatch(/refs\/tags\/v1$/m)
  })
})
