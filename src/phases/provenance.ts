import { printLines } from '../text/step-log.js'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { RunDependencies } from '../run/dependencies.js'
import { githubContextTags } from '../github/context-tags.js'
import { mergeTags } from '../github/merge-tags.js'
import type { Settings } from '../settings/index.js'

/**
 * The revision as registered: with tags saying which repository, commit and run made it. They are
 * not part of its content, so they are left out of comparisons and the diff.
 */
export async function withProvenance(
  taskDefinition: RegisterTaskDefinitionCommandInput,
  settings: Settings,
  deps: RunDependencies
): Promise<RegisterTaskDefinitionCommandInput> {
  if (!settings.tagWithGitHubContext) return taskDefinition
  const github = githubContextTags(await deps.github.context())
  const merged = mergeTags({ user: taskDefinition.tags ?? [], github: github.tags })
  for (const note of [...github.notes, ...merged.notes]) printLines(note)
  return merged.tags.length === 0 ? taskDefinition : { ...taskDefinition, tags: merged.tags }
}
