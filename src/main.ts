import * as core from '@actions/core'
import { configureAwsClients } from './aws/client-config.js'
import { runPhases } from './phases/index.js'
import { newOutcome, runVerdict, stoppedAtTimeLimit, type Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { valuesToMask } from './report/secret-values.js'
import { writeSummary } from './report/summary.js'
import type { RunDependencies } from './run/dependencies.js'
import { startRun } from './run/run.js'
import { limitStep, type StepLimit } from './run/time-limit.js'
import { readSettings, type Settings } from './settings/index.js'
import { passes } from './verdict.js'

export type { RunDependencies } from './run/dependencies.js'

/**
 * Settings, masks, the phases, then outputs and summary. The only place that fails the step. The
 * phases run within the step's time limit (run/time-limit.ts): past it, they stop waiting for AWS,
 * and what they knew is reported as timed-out.
 */
export async function run(deps: RunDependencies): Promise<void> {
  let outcome: Outcome = newOutcome('')
  let settings: Settings | undefined
  let limit: StepLimit | undefined
  try {
    settings = readSettings(deps.source)
    outcome = newOutcome(settings.cluster)
    limit = limitStep({
      settings,
      clock: deps.clock,
      ...(deps.signal !== undefined && { cancel: deps.signal }),
      warn: (line) => core.warning(line)
    })
    configureAwsClients({ maxAttempts: settings.maxRetries, stop: limit.stop })
    mask(settings)
    const known = settings
    await limit.run((signal) =>
      runPhases(startRun({ settings: known, deps: { ...deps, signal }, outcome }))
    )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // An error the stop caused (a call cut short) is part of the timed-out verdict, not its reason.
    if (limit?.reached() === true) core.info(`Stopped at the time limit: ${message}`)
    else {
      outcome.error = message
      core.setFailed(outcome.error)
    }
  } finally {
    limit?.end()
  }
  if (limit?.reached() === true) stoppedAtTimeLimit(outcome, limit.reason())
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
