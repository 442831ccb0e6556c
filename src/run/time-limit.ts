import {
  reachedTimeLimit,
  signalWithTimeLimit,
  startTimeLimit,
  type Clock,
  type TimeLimit
} from '../clock.js'
import type { Settings } from '../settings/index.js'

/**
 * The step's time limit: whatever AWS does (an answer that never ends, calls that time out and are
 * retried, a hung connection), the step ends within it. It is counted from the start of the step:
 *
 * - wait-for-minutes, for the watch of the rollout;
 * - plus run-task-wait-minutes when a run-task gate runs first (the gate has its own wait);
 * - plus wait-for-minutes again when a rollback may be watched (rollback-on-failure,
 *   wait-for-rollback), which has a wait of its own;
 * - plus a CodeDeploy deployment group's ready and termination waits, once the deployment knows
 *   them (extendTimeLimit in codedeploy/deploy.ts);
 * - plus one minute for everything else: reading, checking, registering, reporting.
 *
 * A quarter of that minute before the limit, every wait ends (a watch as `timed-out`, with what
 * it knew), every AWS call in flight is cut and no other is sent (client-config.ts); the run then
 * has a sixth of it to hand its verdict over, and is reported at the latest then, so the process
 * ends before the limit. Against the local emulator (a compressed clock), that minute is at least
 * MIN_REAL_SLACK_MS of real time: starting a process and making requests take real time, which
 * compression would otherwise magnify into minutes.
 */
export interface StepTimeLimit {
  /** On the run's clock. */
  readonly ms: number
  /** The minute for everything but the waits, on the run's clock (longer when compressed). */
  readonly slackMs: number
  /** "wait-for-minutes 1, plus one minute", for the sentences that name the limit. */
  readonly parts: string
  /** The limit in minutes as configured (the minute counted as one). */
  readonly minutes: number
}

const SLACK_MS = 60_000
const MIN_REAL_SLACK_MS = 5_000

/** Before the limit, the run stops waiting: this share of the slack is left to unwind and report. */
const stopBeforeMs = (limit: StepTimeLimit): number => limit.slackMs / 4
/** How long the run may take to unwind once stopped, before it is reported anyway. */
const unwindMs = (limit: StepTimeLimit): number => limit.slackMs / 6

export function stepTimeLimit(settings: Settings, scale = 1): StepTimeLimit {
  const parts = [`wait-for-minutes ${settings.waitForMinutes}`]
  let waits = settings.waitForMinutes
  if (settings.runTask !== undefined) {
    waits += settings.runTask.waitMinutes
    parts.push(`run-task-wait-minutes ${settings.runTask.waitMinutes}`)
  }
  if (settings.rollbackOnFailure || settings.waitForRollback) {
    waits += settings.waitForMinutes
    parts.push(`wait-for-minutes ${settings.waitForMinutes} for a rollback`)
  }
  const slackMs = Math.max(SLACK_MS, MIN_REAL_SLACK_MS * scale)
  return {
    ms: waits * 60_000 + slackMs,
    slackMs,
    parts: `${parts.join(', ')}, plus one minute`,
    minutes: waits + 1
  }
}

/** "The step stopped at its time limit of 2 min (wait-for-minutes 1, plus one minute)." */
export function timeLimitSentence(limit: StepTimeLimit, extendedMs: number): string {
  const minutes = limit.minutes + Math.round(extendedMs / 60_000)
  const extended = extendedMs > 0 ? ", plus the CodeDeploy deployment group's waits" : ''
  return `The step stopped at its time limit of ${minutes} min (${limit.parts}${extended}).`
}

/**
 * Waits for the run, or, once the limit's signal aborted, `unwindFor` more at most: a run that has
 * not handed its verdict over by then is reported as it stands. Returns whether it finished.
 */
export async function runWithin(
  run: Promise<void>,
  limit: TimeLimit,
  clock: Clock,
  unwindFor: number
): Promise<boolean> {
  // Whatever the run does after it was given up on, it must not crash the process.
  run.catch(() => undefined)
  const done = new AbortController()
  const givenUp = new Promise<boolean>((resolve) => {
    const unwind = (): void => {
      void clock.sleep(unwindFor, done.signal).then(() => {
        resolve(false)
      })
    }
    if (limit.signal.aborted) unwind()
    else limit.signal.addEventListener('abort', unwind, { once: true })
  })
  try {
    return await Promise.race([run.then(() => true), givenUp])
  } finally {
    done.abort()
  }
}

/** The step's time limit for one run, as main.ts uses it. */
export interface StepLimit {
  /** Aborts at the limit: AWS calls in flight are cut, no other is sent (client-config.ts). */
  readonly stop: AbortSignal
  /** Whether the limit ended the run, and the sentence that says so. */
  reached(): boolean
  reason(): string
  /** Runs the phases with the run's signal (the runner's cancellation, or the limit). */
  run(phases: (signal: AbortSignal) => Promise<void>): Promise<void>
  /** The run is over: the watchdog stops. */
  end(): void
}

export function limitStep(options: {
  settings: Settings
  clock: Clock
  /** The runner's cancellation. */
  cancel?: AbortSignal
  warn: (line: string) => void
}): StepLimit {
  const { clock, warn } = options
  const step = stepTimeLimit(options.settings, clock.scale)
  const limit = startTimeLimit(clock, step.ms - stopBeforeMs(step), () =>
    timeLimitSentence(step, limit.extendedMs)
  )
  const signal = signalWithTimeLimit(options.cancel, limit)
  limit.signal.addEventListener('abort', () => {
    warn(
      `${(limit.signal.reason as Error).message} It stops waiting for AWS and reports what it knows.`
    )
  })
  const reached = (): boolean => reachedTimeLimit(signal)
  return {
    stop: limit.signal,
    reached,
    reason: () => (reached() ? (signal.reason as Error).message : ''),
    run: async (phases) => {
      if (!(await runWithin(phases(signal), limit, clock, unwindMs(step)))) {
        warn('The run had not finished unwinding at its time limit: reporting it as it stands.')
      }
    },
    end: () => {
      limit.stop()
    }
  }
}
