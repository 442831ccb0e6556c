import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import type { RunDependencies } from '../run/dependencies.js'
import type { Outcome } from '../report/outcome.js'
import { runTaskGate } from '../run-task/gate.js'
import type { Settings } from '../settings/index.js'
import { stepLog } from '../text/step-log.js'

/** The run-task gate: a failure is the run's verdict, and no service is touched. */
export async function runTaskPhase(options: {
  deps: RunDependencies
  ecs: EcsPort
  settings: Settings
  taskDefinitionArn: string
  taskDefinition: RegisterTaskDefinitionCommandInput
  outcome: Outcome
  names?: readonly string[]
}): Promise<boolean> {
  const { deps, settings, outcome } = options
  const runTask = settings.runTask
  if (runTask === undefined) return true
  const result = await core.group('Run task', async () =>
    runTaskGate({
      tasks: deps.tasks(),
      logs: deps.logStream(),
      clock: deps.clock,
      settings: runTask,
      cluster: settings.cluster,
      taskDefinitionArn: options.taskDefinitionArn,
      taskDefinition: options.taskDefinition,
      region: await options.ecs.region(),
      log: stepLog,
      ...(options.names !== undefined &&
        options.names.length > 0 && { service: options.names.join(', ') }),
      ...(deps.signal !== undefined && { signal: deps.signal })
    })
  )
  outcome.runTask = result
  if (result.passed) {
    stepLog.info(result.reason)
    return true
  }
  outcome.verdict = {
    kind: result.outcome === 'cancelled' ? 'cancelled' : 'failed',
    reason: result.reason
  }
  return false
}
