import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError, errorName } from '../aws/errors.js'
import type { LogsPort } from '../aws/logs.js'
import type { Clock } from '../clock.js'
import { logStreamConsoleUrl } from '../text/links.js'
import type { ServiceOutcome } from '../report/outcome.js'
import type { Verdict } from '../verdict.js'
import type { DeploymentRef } from '../rollout/deployment-ref.js'
import { logLocation } from '../rollout/logs.js'
import { familyRevision, taskId } from '../text/names.js'
import { requestRollback, watchRollback, type RollbackReport } from '../rollout/rollback.js'
import type { Settings } from '../settings/index.js'
import type { PhaseLog } from '../text/step-log.js'

/** Rollbacks after a failed verdict: ECS's, watched when asked, or ours, requested when asked. */
export async function afterFailure(options: {
  ecs: EcsPort
  clock: Clock
  settings: Settings
  ref: DeploymentRef
  verdict: Verdict
  log: PhaseLog
  signal?: AbortSignal
}): Promise<RollbackReport | undefined> {
  const { ecs, clock, settings, ref, verdict, log } = options
  const watch = (rollback: RollbackReport): Promise<RollbackReport> =>
    log.group('Watch rollback', () =>
      watchRollback({
        ecs,
        clock,
        log: (line) => log.info(line),
        ref,
        rollback,
        pollIntervalMs: settings.pollIntervalSeconds * 1000,
        timeoutMs: settings.waitForMinutes * 60_000,
        ...(options.signal !== undefined && { signal: options.signal })
      })
    )
  if (verdict.kind === 'rolled-back') {
    if (!settings.waitForRollback) return undefined
    return watch({
      method: 'ecs',
      ...(verdict.rollbackTaskDefinitionArn !== undefined && {
        targetTaskDefinitionArn: verdict.rollbackTaskDefinitionArn
      }),
      state: 'requested',
      reason: `ECS is rolling back to ${familyRevision(verdict.rollbackTaskDefinitionArn)}.`
    })
  }
  // Ours to roll back: we stopped waiting (timeout, fail-fast, a stall, cancellation), or ECS
  // stopped the deployment and left it in place (a monitor without its rollback option).
  const ours =
    verdict.kind === 'timed-out' ||
    verdict.kind === 'cancelled' ||
    (verdict.kind === 'failed' &&
      (verdict.failFast === true || verdict.stalled === true || verdict.leftInPlace === true))
  if (!ours || !settings.rollbackOnFailure) return undefined
  if (ref.previousCompleted === false) {
    const reason =
      'rollback-on-failure: no rollback was requested, because no earlier deployment of this service completed: ' +
      'ECS rolls back only to a COMPLETED deployment. Deploy a working revision instead.'
    log.warning(reason)
    return { method: 'update-service', state: 'failed', reason }
  }
  const requested = await log.group('Roll back', () =>
    requestRollback({
      ecs,
      ref,
      log: (line) => log.info(line),
      warn: (line) => log.warning(line),
      clock
    }).catch((error: unknown): RollbackReport => {
      const reason = `Could not roll back: ${describeAwsError('UpdateService', error)}`
      log.warning(reason)
      return { method: 'update-service', state: 'failed', reason }
    })
  )
  // A cancelled job is killed seconds later: request the rollback, do not wait for it.
  return requested.state === 'requested' && verdict.kind !== 'cancelled'
    ? watch(requested)
    : requested
}

/** The awslogs stream of the first failed task: a console link, and its last lines when asked. */
export async function showLogs(options: {
  logs: () => LogsPort
  settings: Settings
  taskDefinition: RegisterTaskDefinitionCommandInput
  region: string
  outcome: ServiceOutcome
  log: PhaseLog
}): Promise<void> {
  const { logs, settings, taskDefinition, region, outcome, log } = options
  const [task] = outcome.stoppedTasks
  if (task === undefined) return
  const location = logLocation({
    task,
    containers: taskDefinition.containerDefinitions ?? [],
    defaultRegion: region
  })
  if ('why' in location) {
    log.info(`No log link for task ${taskId(task.taskArn)}: ${location.why}.`)
    return
  }
  const url = logStreamConsoleUrl(location)
  outcome.log = { ...location, url }
  if (settings.showLogs === 0) return
  await log.group(
    `Last ${settings.showLogs} log lines of task ${taskId(task.taskArn)} (${location.container})`,
    async () => {
      try {
        const lines = await logs().tail({ ...location, lines: settings.showLogs })
        outcome.log = { ...location, url, lines }
        for (const line of lines) log.info(line)
        if (lines.length === 0) log.info('(the log stream is empty)')
      } catch (error) {
        const why = describeAwsError('GetLogEvents', error)
        outcome.log = { ...location, url, why }
        const say = (line: string): void =>
          errorName(error) === 'AccessDeniedException' ? log.warning(line) : log.info(line)
        say(`Could not read the log stream ${location.group}/${location.stream}: ${why}`)
      }
    }
  )
}
