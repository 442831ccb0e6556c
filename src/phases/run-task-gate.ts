import { runTaskGate as runGate } from '../run-task/gate.js'
import type { Run } from '../run/run.js'
import { stepLog } from '../text/step-log.js'
import type { ChosenRevision } from './revision.js'

/**
 * The run-task gate (a migration, say): it must pass before any service is updated. Its result is
 * the run's outcome when it fails; true when it passed or there is none.
 */
export async function runTaskGate(run: Run, revision: ChosenRevision): Promise<boolean> {
  const { settings, deps, outcome } = run
  const runTask = settings.runTask
  if (runTask === undefined) return true
  const names = settings.services
  const result = await stepLog.group('Run task', async () =>
    runGate({
      tasks: deps.tasks(),
      logs: deps.logStream(),
      clock: run.clock,
      settings: runTask,
      cluster: settings.cluster,
      taskDefinitionArn: revision.arn,
      taskDefinition: revision.taskDefinition,
      region: await run.ecs.region(),
      log: stepLog,
      ...(names.length > 0 && { service: names.join(', ') }),
      ...(run.signal !== undefined && { signal: run.signal })
    })
  )
  outcome.runTask = result
  if (result.passed) stepLog.info(result.reason)
  return result.passed
}
