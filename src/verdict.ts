import type { ServiceDeploymentLifecycleStage } from '@aws-sdk/client-ecs'

// The verdict: what a run (or one service of it) ended with, and the one definition of passing.
// Every kind is listed here once. Code that treats kinds differently switches over VerdictKind and
// ends with assertNever, so adding a kind makes the compiler name every place that must handle it.

export const VERDICT_KINDS = [
  /** Our deployment completed, or reached the awaited stage (wait-until-stage). */
  'succeeded',
  /** The service already ran this revision: nothing was rolled out. */
  'unchanged',
  /** ECS rolled our deployment back (circuit breaker, alarms, a hook, or on request). */
  'rolled-back',
  /** Our deployment failed and was not rolled back, or the run stopped on an error of ECS's. */
  'failed',
  /** Someone else's deployment replaced ours. */
  'superseded',
  /** The deadline passed before ECS finished. */
  'timed-out',
  /** The runner cancelled the job. */
  'cancelled'
] as const

export type VerdictKind = (typeof VERDICT_KINDS)[number]

/** What stopped our deployment: ECS's monitors, a lifecycle hook, a person, or not known. */
export type RollbackCause = 'circuit-breaker' | 'alarms' | 'hook' | 'manual' | 'unknown'

export interface Verdict {
  readonly kind: VerdictKind
  /** One or two plain sentences: what happened and why. */
  readonly reason: string
  readonly cause?: RollbackCause
  /** The task definition the service went back to, when ECS rolled back. */
  readonly rollbackTaskDefinitionArn?: string
  readonly supersededBy?: string
  /** The failed verdict came from fail-fast-failed-tasks, before ECS stopped the deployment. */
  readonly failFast?: boolean
  /** The failed verdict came from stall-minutes: nothing of ours ran, ECS could not place or start it. */
  readonly stalled?: boolean
  /** ECS stopped our deployment and left it in place, not rolled back (the rollback option is off). */
  readonly leftInPlace?: boolean
  /**
   * wait-until-stage: the stage our service deployment had reached when the step passed early.
   * Absent when the deployment itself completed.
   */
  readonly stage?: ServiceDeploymentLifecycleStage
  /**
   * The kind may still change: ECS is expected to start a rollback it has not shown yet. The
   * watch confirms such a verdict over a few polls before it gives it.
   */
  readonly provisional?: boolean
}

/** The one setting that changes what passes. */
export interface PassingRules {
  /** on-superseded: whether someone else's deployment over ours fails the step. */
  readonly onSuperseded: 'fail' | 'succeed'
}

/** Does this verdict let the step (and what waits on it: scheduled tasks, housekeeping) pass? */
export function passes(kind: VerdictKind, rules: PassingRules): boolean {
  switch (kind) {
    case 'succeeded':
    case 'unchanged':
      return true
    case 'superseded':
      return rules.onSuperseded === 'succeed'
    case 'rolled-back':
    case 'failed':
    case 'timed-out':
    case 'cancelled':
      return false
    default:
      return assertNever(kind)
  }
}

/**
 * Did our revision take effect? Scheduled tasks move and old revisions are deregistered only then:
 * a superseded deployment never does, even when on-superseded lets the step pass.
 */
export function tookEffect(kind: VerdictKind): boolean {
  return passes(kind, { onSuperseded: 'fail' })
}

/** For the `default` of an exhaustive switch: a kind nobody handled is a compile error. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`)
}
