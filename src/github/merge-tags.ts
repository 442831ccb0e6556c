import type { ResourceTag } from './context-tags.js'

/** ECS allows at most 50 tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50

/** A tag as the task definition holds it (the SDK's Tag has both members optional). */
export interface TagLike {
  readonly key?: string
  readonly value?: string
}

export interface MergedTags<T extends TagLike> {
  /** The user's tags first, unchanged and in order, then the GitHub tags that fit. */
  readonly tags: (T | ResourceTag)[]
  /** GitHub tag keys left out because the user's tags already set them. */
  readonly overridden: string[]
  /** GitHub tag keys left out to stay within the limit. */
  readonly dropped: string[]
  /** One line per key left out, for the log. */
  readonly notes: string[]
}

/**
 * Adds the GitHub tags to the user's own (from the task definition and the tags input). The user's
 * tags always win: a key they set is theirs, and they are never dropped for ours. The limit only
 * decides how many GitHub tags still fit; if the user's tags alone pass it, validation says so.
 */
export function mergeTags<T extends TagLike>(options: {
  readonly user: readonly T[]
  readonly github: readonly ResourceTag[]
  /** Default 50. AWS does not count `aws:` tags, but users cannot set those, so all are counted. */
  readonly limit?: number
}): MergedTags<T> {
  const limit = options.limit ?? MAX_TAGS_PER_RESOURCE
  const tags: (T | ResourceTag)[] = [...options.user]
  // ECS tag keys are case-sensitive, so `Github:sha` does not clash with `github:sha`.
  const taken = new Set(options.user.map((tag) => tag.key))
  const overridden: string[] = []
  const dropped: string[] = []
  for (const tag of options.github) {
    if (taken.has(tag.key)) overridden.push(tag.key)
    else if (tags.length >= limit) dropped.push(tag.key)
    else {
      tags.push(tag)
      taken.add(tag.key)
    }
  }
  const notes = [
    ...overridden.map((key) => `Tag ${key}: the task definition's own value is kept.`),
    ...(dropped.length === 0
      ? []
      : [
          `Tags ${dropped.join(', ')} are left out: the task definition already has ${options.user.length} tags and ECS allows at most ${limit}.`
        ])
  ]
  return { tags, overridden, dropped, notes }
}
