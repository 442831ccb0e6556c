import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { registerTaskDefinition } from '../aws/register-task-definition.js'
import { errorName } from '../aws/errors.js'
import { identicalRevision } from '../aws/revisions.js'
import { githubContextTags } from '../github/context-tags.js'
import { mergeTags } from '../github/merge-tags.js'
import type { RolloutRevision } from '../methods/index.js'
import type { Run } from '../run/run.js'
import { familyRevision } from '../text/names.js'
import { printLines, stepLog } from '../text/step-log.js'
import type { Plan } from './inspect.js'

/** The revision the run deploys: one with this content already registered, or a new one. */
export interface ChosenRevision extends RolloutRevision {
  readonly reused: boolean
}

/**
 * Reuses a revision with this content (one a service runs first), unless asked to register anyway;
 * otherwise registers one, tagged with where it came from. After a lost answer, registration reuses
 * the revision the call made rather than registering a copy.
 */
export async function chooseRevision(run: Run, plan: Plan): Promise<ChosenRevision> {
  const { settings, outcome } = run
  const reused = reusable(run, plan)
  const arn =
    reused?.arn ??
    (await stepLog.group('Register task definition', async () => {
      const register = (taskDefinition: RegisterTaskDefinitionCommandInput) =>
        registerTaskDefinition({
          ecs: run.ecs,
          taskDefinition,
          ...(plan.latest !== undefined && { latestBefore: plan.latest.arn }),
          clock: run.clock,
          log: stepLog
        })
      const tagged = await withProvenance(run, plan.taskDefinition)
      try {
        return (await register(tagged)).taskDefinitionArn ?? ''
      } catch (error) {
        if (!taggingDenied(error) || (plan.taskDefinition.tags ?? []).length > 0) throw error
        // Tags on a new revision need ecs:TagResource too (AWS: tagging resources on creation);
        // the official action's documented policy lacks it. Only our provenance tags needed it.
        stepLog.warning(
          `Registering the revision without its github:* provenance tags: tagging on creation needs ecs:TagResource (${error instanceof Error ? error.message : String(error)}) ` +
            'Grant ecs:TagResource on task-definition/*, or set tag-with-github-context: false.'
        )
        return (await register(plan.taskDefinition)).taskDefinitionArn ?? ''
      }
    }))
  // Said only when it matters: a service that already runs it says so itself.
  const everyServiceRunsIt =
    plan.services.length > 0 &&
    plan.services.every(
      (s) =>
        s.before.taskDefinition === reused?.arn &&
        settings.serviceUpdate.forceNewDeployment !== true
    )
  if (reused !== undefined && !everyServiceRunsIt) {
    printLines(
      `${familyRevision(reused.arn)} already has this content: reusing it, registering nothing (register-unchanged: true registers anyway).`
    )
  }
  outcome.taskDefinitionArn = arn
  return { arn, taskDefinition: plan.taskDefinition, reused: reused !== undefined }
}

/** An ACTIVE revision with this content, unless register-unchanged asks for a new one anyway. */
function reusable(run: Run, plan: Plan): ReturnType<typeof identicalRevision> {
  return run.settings.registerUnchanged
    ? undefined
    : identicalRevision(plan.taskDefinition, plan.candidates)
}

/**
 * For a dry run: the revision a real run would deploy, without registering anything: the one with
 * this content it would reuse, or the family's next revision number.
 */
export function previewRevision(run: Run, plan: Plan): void {
  const reused = reusable(run, plan)
  const family = plan.taskDefinition.family ?? ''
  const latest = plan.latest === undefined ? 0 : Number(/:(\d+)$/.exec(plan.latest.arn)?.[1] ?? 0)
  run.outcome.dryRun =
    reused === undefined
      ? { revision: `${family}:${latest + 1}`, reused: false }
      : { revision: familyRevision(reused.arn), reused: true }
  printLines(
    `dry-run: rendered and checked; a real run would ${reused === undefined ? 'register' : 'reuse'} ${run.outcome.dryRun.revision}. Nothing was registered and no service was updated.`
  )
}

/**
 * The revision as registered: with tags saying which repository, commit and run made it. They are
 * not part of its content, so they are left out of comparisons and the diff.
 */
async function withProvenance(
  run: Run,
  taskDefinition: RegisterTaskDefinitionCommandInput
): Promise<RegisterTaskDefinitionCommandInput> {
  if (!run.settings.tagWithGitHubContext) return taskDefinition
  const github = githubContextTags(await run.deps.github.context())
  const merged = mergeTags({ user: taskDefinition.tags ?? [], github: github.tags })
  for (const note of [...github.notes, ...merged.notes]) printLines(note)
  return merged.tags.length === 0 ? taskDefinition : { ...taskDefinition, tags: merged.tags }
}

/** RegisterTaskDefinition refused only because the role may not tag what it creates. */
function taggingDenied(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (errorName(e) === 'AccessDeniedException' && e.message.includes('ecs:TagResource'))
      return true
  }
  return false
}
