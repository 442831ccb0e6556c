import type { Service } from '@aws-sdk/client-ecs'
import {
  deploymentStateForVerdict,
  startGitHubDeployment as start,
  type GitHubDeployment
} from '../github/deployments.js'
import { deregisterPrevious as deregister } from '../housekeeping/deregister.js'
import { runVerdict } from '../report/outcome.js'
import type { Run } from '../run/run.js'
import { familyRevision } from '../text/names.js'
import { stepLog } from '../text/step-log.js'
import { tookEffect } from '../verdict.js'
import type { Plan } from './inspect.js'
import type { ChosenRevision } from './revision.js'
import { moveScheduledTasksPhase } from './scheduled-tasks.js'

// What follows the rollout: scheduled tasks move, old revisions go, the GitHub deployment ends.

/** Scheduled tasks move to the revision once every service passed (see whyScheduledTasksStay). */
export async function moveScheduledTasks(
  run: Run,
  plan: Plan,
  revision: ChosenRevision
): Promise<void> {
  await moveScheduledTasksPhase({ run, plan: plan.scheduled, taskDefinitionArn: revision.arn })
}

/**
 * deregister-previous: only after the deploy took effect, and after scheduled tasks moved off the
 * old revisions; never a revision a service runs or ran before this deploy.
 */
export async function deregisterPrevious(
  run: Run,
  plan: Plan,
  revision: ChosenRevision
): Promise<void> {
  const { settings, ecs, outcome } = run
  const keep = settings.deregisterPrevious
  // Judged as if on-superseded were fail: one service superseded among several that succeeded
  // makes the run pass under on-superseded: succeed, but our revision did not take effect there.
  const verdict = runVerdict(outcome, { onSuperseded: 'fail' })
  if (keep === undefined || verdict === undefined || !tookEffect(verdict.kind)) return
  await stepLog.group('Deregister previous revisions', async () => {
    const inUse = new Set([revision.arn])
    for (const target of plan.services) {
      // What the service runs now, and what it ran before: either may still have tasks.
      const now = await ecs
        .describeService({ cluster: settings.cluster, service: target.name })
        .catch((): Service | undefined => undefined)
      for (const service of [target.before, now]) {
        if (service?.taskDefinition !== undefined) inUse.add(service.taskDefinition)
        for (const d of service?.deployments ?? [])
          if (d.taskDefinition !== undefined) inUse.add(d.taskDefinition)
      }
    }
    const result = await deregister({
      port: run.deps.taskDefinitions(),
      family: familyRevision(revision.arn).replace(/:\d+$/, ''),
      keep,
      inUse,
      log: stepLog
    })
    outcome.deregistered = result.deregistered
    if (result.deregistered.length === 0) stepLog.info('No revision to deregister.')
  })
}

/** The rollout as a GitHub deployment of the commit, when asked; ended by `finish`. */
export interface GitHubRecord {
  finish(run: Run): Promise<void>
}

export async function startGitHubDeployment(
  run: Run,
  plan: Plan,
  revision: ChosenRevision
): Promise<GitHubRecord | undefined> {
  const { settings, deps } = run
  const wanted = settings.githubDeployment
  const names = plan.services.map((s) => s.name)
  if (!wanted.enabled || names.length === 0) return undefined
  const deployment: GitHubDeployment = await stepLog.group('GitHub deployment', async () =>
    start({
      port: deps.github.deployments(wanted.token),
      context: await deps.github.context(),
      environment: wanted.environment,
      ...(wanted.environmentUrl !== undefined && { environmentUrl: wanted.environmentUrl }),
      description: `ECS Rollout: ${familyRevision(revision.arn)} to ${names.join(', ')}`,
      payload: { cluster: settings.cluster, services: names, taskDefinitionArn: revision.arn },
      log: stepLog
    })
  )
  return {
    // Every path ends it, errors included; not waiting leaves it in progress.
    finish: async ({ outcome }) => {
      const verdict = runVerdict(outcome, settings)
      if (verdict === undefined && !settings.waitForServiceStability) return
      await deployment.finish(
        verdict === undefined ? 'error' : deploymentStateForVerdict(verdict.kind),
        verdict?.reason ?? 'The deploy stopped with an error; see the run.'
      )
    }
  }
}
