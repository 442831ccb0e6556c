import { workflowRunUrl, type WorkflowContext } from './workflow-context.js'

/** An ECS resource tag, as RegisterTaskDefinition takes it. */
export interface ResourceTag {
  readonly key: string
  readonly value: string
}

export const GITHUB_TAG_KEYS = {
  repository: 'github:repository',
  sha: 'github:sha',
  runUrl: 'github:run-url',
  ref: 'github:ref'
} as const

// ECS Tag (API reference): key 1-128, value 0-256 characters, pattern ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$,
// and the `aws:` prefix (any case) is reserved for AWS, for keys and values alike.
export const MAX_TAG_VALUE_LENGTH = 256
const NOT_ALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu
const REPLACEMENT = '_'

export interface ContextTags {
  /** Tags in a fixed order: repository, sha, run URL, ref. Missing sources give no tag. */
  readonly tags: ResourceTag[]
  /** One line per value that had to be changed or left out, for the log. */
  readonly notes: string[]
}

/**
 * Tags that trace a registered revision back to the commit and the run that made it. Values that
 * ECS would reject are made valid or left out here: a tag must never fail the registration.
 */
export function githubContextTags(context: WorkflowContext): ContextTags {
  const tags: ResourceTag[] = []
  const notes: string[] = []
  const add = (key: string, raw: string | undefined, kind: 'text' | 'url'): void => {
    if (raw === undefined || raw === '') return
    const { value, changes } = tagValue(raw)
    if (value.toLowerCase().startsWith('aws:')) {
      notes.push(`${key} is left out: its value starts with "aws:", which AWS reserves.`)
      return
    }
    // A mended URL would point somewhere else; better no link than a wrong one.
    if (kind === 'url' && changes.length > 0) {
      notes.push(`${key} is left out: the URL ${changes.join(' and ')}.`)
      return
    }
    if (changes.length > 0) notes.push(`${key}: the value ${changes.join(' and ')}.`)
    tags.push({ key, value })
  }
  add(GITHUB_TAG_KEYS.repository, context.repository, 'text')
  add(GITHUB_TAG_KEYS.sha, context.sha, 'text')
  add(GITHUB_TAG_KEYS.runUrl, workflowRunUrl(context), 'url')
  add(GITHUB_TAG_KEYS.ref, context.ref, 'text')
  return { tags, notes }
}

/**
 * A valid ECS tag value for `raw`: characters outside the allowed set become `_`, and the value is
 * cut to 256 UTF-16 units without splitting a character. `changes` says what was done, if anything.
 */
export function tagValue(raw: string): { value: string; changes: string[] } {
  const changes: string[] = []
  // NFC first: a decomposed "é" is a letter plus a combining mark, and marks are not allowed.
  const replaced = raw.normalize('NFC').replace(NOT_ALLOWED, REPLACEMENT)
  if (replaced !== raw.normalize('NFC')) {
    changes.push(`had characters ECS does not allow in tags, replaced with "${REPLACEMENT}"`)
  }
  const value = cut(replaced, MAX_TAG_VALUE_LENGTH)
  if (value !== replaced) {
    changes.push(`was longer than ${MAX_TAG_VALUE_LENGTH} characters and was cut`)
  }
  return { value, changes }
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text
  let kept = ''
  for (const character of text) {
    if (kept.length + character.length > max) break
    kept += character
  }
  return kept
}
