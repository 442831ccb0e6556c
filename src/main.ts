import * as core from '@actions/core'
import { configureAwsClients } from './aws/client-config.js'
import { reachedTimeLimit, signalWithTimeLimit, startTimeLimit, type TimeLimit } from './clock.js'
import { runPhases } from './phases/index.js'
import { newOutcome, runVerdict, stoppedAtTimeLimit, type Outcome } from './report/outcome.js'
import { setOutputs } from './report/outputs.js'
import { valuesToMask } from './report/secret-values.js'
import { writeSummary } from './report/summary.js'
import type { RunDependencies } from './run/dependencies.js'
import { startRun } from './run/run.js'
import {
  runWithin,
  stepTimeLimit,
  stopBeforeMs,
  timeLimitSentence,
  unwindMs
} from './run/time-limit.js'
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
  let limit: TimeLimit | undefined
  let signal = deps.signal
  try {
    settings = readSettings(deps.source)
    outcome = newOutcome(settings.cluster)
    const step = stepTimeLimit(settings, deps.clock.scale)
    const running = startTimeLimit(deps.clock, step.ms - stopBeforeMs(step), () =>
      timeLimitSentence(step, running.extendedMs)
    )
    limit = running
    signal = signalWithTimeLimit(deps.signal, running)
    running.signal.addEventListener('abort', () => {
      core.warning(
        `${(running.signal.reason as Error).message} It stops waiting for AWS and reports what it knows.`
      )
    })
    // Past the limit, every AWS call in flight is cut and no other is sent.
    configureAwsClients({ maxAttempts: settings.maxRetries, stop: running.signal })
    mask(settings)
    const phases = runPhases(startRun({ settings, deps: { ...deps, signal }, outcome }))
    if (!(await runWithin(phases, running, deps.clock, unwindMs(step)))) {
      core.warning(
        'The run had not finished unwinding at its time limit: reporting it as it stands.'
      )
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // An error the stop caused (a call cut short) is part of the timed-out verdict, not its reason.
    if (reachedTimeLimit(signal)) core.info(`Stopped at the time limit: ${message}`)
    else {
      outcome.error = message
      core.setFailed(outcome.error)
    }
  } finally {
    limit?.stop()
  }
  if (reachedTimeLimit(signal)) {
    stoppedAtTimeLimit(outcome, (signal?.reason as Error).message)
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
