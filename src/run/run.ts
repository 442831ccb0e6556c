import type { EcsPort } from '../aws/ecs.js'
import { withRevisionCache } from '../aws/revisions.js'
import type { Clock } from '../clock.js'
import { newOutcome, type Outcome } from '../report/outcome.js'
import type { Settings } from '../settings/index.js'
import type { RunDependencies } from './dependencies.js'

/**
 * What travels through the phases: the settings, the ports, the one clock, and the outcome each
 * phase writes its part of. Phases hand what they produce to the next as return values.
 */
export interface Run {
  readonly settings: Settings
  readonly deps: RunDependencies
  readonly clock: Clock
  /** ECS, with each revision described at most once a run, whichever phase asks first. */
  readonly ecs: EcsPort
  readonly outcome: Outcome
  /** Aborts when the runner cancels the job. */
  readonly signal?: AbortSignal
}

export function startRun(options: {
  settings: Settings
  deps: RunDependencies
  outcome?: Outcome
}): Run {
  const { settings, deps } = options
  return {
    settings,
    deps,
    clock: deps.clock,
    ecs: withRevisionCache(deps.ecs()),
    outcome: options.outcome ?? newOutcome(settings.cluster),
    ...(deps.signal !== undefined && { signal: deps.signal })
  }
}
