import { describe, expect, it } from '@jest/globals'
import { readWorkflowContext, type ActionsContextSource } from '../../src/github/actions-context.js'
import { githubContextTags, tagValue } from '../../src/github/context-tags.js'
import { workflowRunUrl, type WorkflowContext } from '../../src/github/workflow-context.js'

const SHA = '4f2c1d0b9a8e7f6d5c4b3a29181716151413121f'
const FULL: WorkflowContext = {
  repository: 'octo-org/web-api',
  sha: SHA,
  ref: 'refs/heads/main',
  serverUrl: 'https://github.com',
  runId: 987654321,
  runAttempt: 2
}
// What ECS accepts (Tag pattern in the ECS API reference).
const ECS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u

describe('githubContextTags', () => {
  it('tags the revision with the repository, commit, run attempt and ref', () => {
    expect(githubContextTags(FULL)).toEqual({
      tags: [
        { key: 'github:repository', value: 'octo-org/web-api' },
        { key: 'github:sha', value: SHA },
        {
          key: 'github:run-url',
          value: 'https://github.com/octo-org/web-api/actions/runs/987654321/attempts/2'
        },
        { key: 'github:ref', value: 'refs/heads/main' }
      ],
      notes: []
    })
  })

  it('gives no tags and no notes outside GitHub Actions', () => {
    expect(githubContextTags({})).toEqual({ tags: [], notes: [] })
  })

  it('leaves out only the tags whose source is missing', () => {
    const { tags } = githubContextTags({ sha: SHA, serverUrl: 'https://github.com', runId: 5 })
    // Without the repository there is no run URL either.
    expect(tags).toEqual([{ key: 'github:sha', value: SHA }])
  })

  it('replaces characters ECS rejects in a branch name, and says so', () => {
    const { tags, notes } = githubContextTags({ ref: 'refs/heads/fix#12~wip!(ü)🚀' })
    expect(tags).toEqual([{ key: 'github:ref', value: 'refs/heads/fix_12_wip__ü__' }])
    expect(tags[0]?.value).toMatch(ECS_TAG_VALUE)
    expect(notes).toEqual([
      'github:ref: the value had characters ECS does not allow in tags, replaced with "_".'
    ])
  })

  it('keeps letters of any script, composing decomposed accents first', () => {
    const decomposed = 'refs/heads/cafe\u0301-日本語'
    const { tags, notes } = githubContextTags({ ref: decomposed })
    expect(tags[0]?.value).toBe('refs/heads/café-日本語')
    expect(notes).toEqual([])
  })

  it('cuts a long ref to 256 characters without splitting a character', () => {
    const ref = `refs/heads/${'a'.repeat(244)}𝐀𝐀𝐀` // 255 + 3 × 2 UTF-16 units
    const { tags, notes } = githubContextTags({ ref })
    const value = tags[0]?.value ?? ''
    expect(value).toBe(`refs/heads/${'a'.repeat(244)}`)
    expect(value.length).toBe(255)
    expect(value).toMatch(ECS_TAG_VALUE)
    expect(notes).toEqual(['github:ref: the value was longer than 256 characters and was cut.'])
  })

  it('leaves out a run URL it would have to change, rather than point somewhere else', () => {
    const { tags, notes } = githubContextTags({
      ...FULL,
      serverUrl: 'https://ghe.example.com/~git'
    })
    expect(tags.map((t) => t.key)).toEqual(['github:repository', 'github:sha', 'github:ref'])
    expect(notes).toEqual([
      'github:run-url is left out: the URL had characters ECS does not allow in tags, replaced with "_".'
    ])
  })

  it('leaves out a value starting with the reserved aws: prefix', () => {
    const { tags, notes } = githubContextTags({ ref: 'AWS:weird' })
    expect(tags).toEqual([])
    expect(notes).toEqual([
      'github:ref is left out: its value starts with "aws:", which AWS reserves.'
    ])
  })
})

describe('tagValue', () => {
  it('leaves a valid value alone', () => {
    expect(tagValue('a-b_c.d:e/f=g+h@i j')).toEqual({ value: 'a-b_c.d:e/f=g+h@i j', changes: [] })
  })
})

describe('workflowRunUrl', () => {
  it('links the plain run when the attempt is unknown, and trims a trailing slash', () => {
    expect(
      workflowRunUrl({ ...FULL, serverUrl: 'https://ghe.example.com/', runAttempt: undefined })
    ).toBe('https://ghe.example.com/octo-org/web-api/actions/runs/987654321')
  })

  it('has no URL for a malformed repository', () => {
    expect(workflowRunUrl({ ...FULL, repository: 'no-slash' })).toBeUndefined()
  })
})

describe('readWorkflowContext', () => {
  const source = (overrides: Partial<ActionsContextSource>): ActionsContextSource => ({
    sha: SHA,
    ref: 'refs/tags/v1.2.3',
    serverUrl: 'https://github.com',
    runId: 42,
    runAttempt: 1,
    repo: { owner: 'octo-org', repo: 'web-api' },
    ...overrides
  })

  it('reads the members @actions/github provides', () => {
    expect(readWorkflowContext(source({}))).toEqual({
      repository: 'octo-org/web-api',
      sha: SHA,
      ref: 'refs/tags/v1.2.3',
      serverUrl: 'https://github.com',
      runId: 42,
      runAttempt: 1
    })
  })

  it('turns what @actions/github makes up outside Actions into absent members', () => {
    const outside = {
      // What its constructor leaves when GITHUB_SHA, GITHUB_REF and GITHUB_RUN_* are unset.
      sha: undefined as unknown as string,
      ref: undefined as unknown as string,
      serverUrl: 'https://github.com',
      runId: Number.NaN,
      runAttempt: Number.NaN,
      get repo(): { owner: string; repo: string } {
        throw new Error(
          "context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'"
        )
      }
    }
    expect(readWorkflowContext(outside)).toEqual({
      repository: undefined,
      sha: undefined,
      ref: undefined,
      serverUrl: 'https://github.com',
      runId: undefined,
      runAttempt: undefined
    })
    expect(githubContextTags(readWorkflowContext(outside)).tags).toEqual([])
  })

  it('reads the real @actions/github context without throwing', () => {
    const context = readWorkflowContext()
    expect(typeof context).toBe('object')
  })
})
