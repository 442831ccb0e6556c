import * as core from '@actions/core'
import { updatedEntries } from '../scheduled/report.js'
import type { Verdict } from '../verdict.js'
import { onlyService, type Outcome } from './outcome.js'

/**
 * Step outputs: whatever the run got to, so a failed run still says what it registered and started.
 * The per-deployment outputs describe the one service deployed; with several, `services` has them.
 */
export function setOutputs(outcome: Outcome, verdict: Verdict | undefined): void {
  const one = onlyService(outcome)
  // The revision the service went back to: none when the rollback itself failed.
  const rolledBackTo =
    one?.rollback?.state === 'failed'
      ? undefined
      : verdict?.kind === 'rolled-back'
        ? (verdict.rollbackTaskDefinitionArn ?? one?.rollback?.targetTaskDefinitionArn)
        : one?.rollback?.targetTaskDefinitionArn
  const outputs: Record<string, string | undefined> = {
    'task-definition': outcome.renderedPath,
    'task-definition-arn': outcome.taskDefinitionArn,
    'image-digests':
      outcome.imageDigests && Object.keys(outcome.imageDigests).length > 0
        ? JSON.stringify(outcome.imageDigests)
        : undefined,
    'previous-task-definition-arn': outcome.previousTaskDefinitionArn,
    // Redacted as in the log (environment values and secret sources are ***), e.g. for a PR comment.
    diff: outcome.diff?.text,
    'deployment-id': one?.ref?.deploymentId,
    'service-deployment-arn': one?.ref?.serviceDeploymentArn,
    verdict: verdict?.kind,
    reason: verdict?.reason,
    'duration-seconds':
      one?.durationMs === undefined ? undefined : String(Math.round(one.durationMs / 1000)),
    'rollback-task-definition-arn': rolledBackTo,
    'codedeploy-deployment-id': one?.codeDeployDeploymentId,
    // A JSON array, as the official action sets it, so workflows that read it keep working.
    'run-task-arn':
      outcome.runTask === undefined ? undefined : JSON.stringify(outcome.runTask.taskArns),
    'run-task-exit-code':
      outcome.runTask?.exitCode === undefined ? undefined : String(outcome.runTask.exitCode),
    // Only the targets actually moved: a dry run or a skipped move gives [].
    'scheduled-tasks-updated':
      outcome.scheduledTasks === undefined
        ? undefined
        : JSON.stringify(updatedEntries(outcome.scheduledTasks)),
    'deregistered-task-definition-arns':
      outcome.deregistered === undefined ? undefined : JSON.stringify(outcome.deregistered),
    services:
      outcome.services.length === 0
        ? undefined
        : JSON.stringify(
            outcome.services.map((s) => ({
              service: s.service,
              verdict: s.verdict?.kind ?? null,
              reason: s.verdict?.reason ?? null,
              'deployment-id': s.ref?.deploymentId ?? null,
              'service-deployment-arn': s.ref?.serviceDeploymentArn ?? null,
              'codedeploy-deployment-id': s.codeDeployDeploymentId ?? null,
              'previous-task-definition-arn': s.previousTaskDefinitionArn ?? null
            }))
          )
  }
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, value)
  }
}
