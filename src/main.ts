import * as core from '@actions/core'
import { configureAwsClients } from './aws/client-config.js'
import { runPhases } from './phases/index.js'
import { newOutcome, runVerdict, type Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { valuesToMask } from './report/secret-values.js'
import { writeSummary } from './report/summary.js'
import type { RunDependencies } from './run/dependencies.js'
import { startRun } from './run/run.js'
import { readSettings, type Settings } from './settings/index.js'
import { passes } from './verdict.js'

export type { RunDependencies } from './run/dependencies.js'

/** Settings, masks, the phases, then outputs and summary. The only place that fails the step. */
export async function run(deps: RunDependencies): Promise<void> {
  let outcome: Outcome = newOutcome('')
  let settings: Settings | undefined
  try {
    settings = readSettings(deps.source)
    outcome = newOutcome(settings.cluster)
    configureAwsClients({ maxAttempts: settings.maxRetries })
    mask(settings)
    await runPhases(startRun({ settings, deps, outcome }))
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error)
    core.setFailed(outcome.error)
  }
  const verdict = settings && runVerdict(outcome, settings)
  // Reporting must never hide the verdict: a broken output file or summary is only a warning.
  try {
    setOutputs(outcome, verdict)
    await writeSummary(outcome, verdict)
  } catch (error) {
    core.warning(`Could not write the step outputs or job summary: ${String(error)}`)
  }
  if (settings === undefined || verdict === undefined || passes(verdict.kind, settings)) {
    if (verdict?.kind === 'superseded') {
      core.notice(`${verdict.reason} on-superseded is succeed, so the step passes.`)
    }
    return
  }
  core.error(verdict.reason, { title: `ECS Rollout: ${verdict.kind}` })
  process.exitCode = 1
}

/** Before anything is printed: the runner masks these wherever they appear (secret-values.ts). */
function mask(settings: Settings): void {
  if (settings.githubDeployment.enabled) core.setSecret(settings.githubDeployment.token)
  const values = valuesToMask({
    render: settings.render,
    showValues: settings.showEnvironmentValues,
    env: process.env
  })
  for (const value of values) core.setSecret(value)
}
