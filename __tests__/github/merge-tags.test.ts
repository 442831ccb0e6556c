import { describe, expect, it } from '@jest/globals'
import type { ResourceTag } from '../../src/github/context-tags.js'
import { mergeTags } from '../../src/github/merge-tags.js'

const GITHUB: ResourceTag[] = [
  { key: 'github:repository', value: 'octo-org/web-api' },
  { key: 'github:sha', value: 'abc' },
  { key: 'github:run-url', value: 'https://github.com/octo-org/web-api/actions/runs/1' },
  { key: 'github:ref', value: 'refs/heads/main' }
]
const userTags = (count: number): { key: string; value: string }[] =>
  Array.from({ length: count }, (_, i) => ({ key: `team-${i}`, value: `v${i}` }))

describe('mergeTags', () => {
  it('adds the GitHub tags after the user tags', () => {
    const user = [{ key: 'team', value: 'payments' }]
    const merged = mergeTags({ user, github: GITHUB })
    expect(merged.tags).toEqual([...user, ...GITHUB])
    expect(merged).toMatchObject({ overridden: [], dropped: [], notes: [] })
  })

  it('keeps the user value when a key clashes', () => {
    const user = [{ key: 'github:sha', value: 'pinned-by-user' }]
    const merged = mergeTags({ user, github: GITHUB })
    expect(merged.tags.filter((t) => t.key === 'github:sha')).toEqual(user)
    expect(merged.tags).toHaveLength(4)
    expect(merged.overridden).toEqual(['github:sha'])
    expect(merged.notes).toEqual(["Tag github:sha: the task definition's own value is kept."])
  })

  it('treats keys as case-sensitive, as ECS does', () => {
    const merged = mergeTags({ user: [{ key: 'GitHub:sha', value: 'x' }], github: GITHUB })
    expect(merged.tags).toHaveLength(5)
    expect(merged.overridden).toEqual([])
  })

  it('adds only what fits within 50 tags, and says which were left out', () => {
    const merged = mergeTags({ user: userTags(48), github: GITHUB })
    expect(merged.tags).toHaveLength(50)
    expect(merged.tags.slice(48)).toEqual(GITHUB.slice(0, 2))
    expect(merged.dropped).toEqual(['github:run-url', 'github:ref'])
    expect(merged.notes).toEqual([
      'Tags github:run-url, github:ref are left out: the task definition already has 48 tags and ECS allows at most 50.'
    ])
  })

  it('never drops a user tag, even past the limit', () => {
    const user = userTags(52)
    const merged = mergeTags({ user, github: GITHUB })
    expect(merged.tags).toEqual(user)
    expect(merged.dropped).toHaveLength(4)
  })

  it('counts an overridden key as already present, not as a new tag', () => {
    const user = [...userTags(49), { key: 'github:ref', value: 'mine' }]
    const merged = mergeTags({ user, github: GITHUB })
    expect(merged.tags).toEqual(user)
    expect(merged.overridden).toEqual(['github:ref'])
    expect(merged.dropped).toEqual(['github:repository', 'github:sha', 'github:run-url'])
  })

  it('accepts the SDK tag shape, whose members are optional', () => {
    const user: { key?: string; value?: string }[] = [{ key: 'a' }]
    expect(mergeTags({ user, github: [], limit: 1 }).tags).toEqual([{ key: 'a' }])
  })
})
