import type { DeploymentRef } from './deployment-ref.js'
import { primaryOf } from '../aws/service-deployments.js'
import { familyRevision } from '../text/names.js'
import { percent, trafficOf } from './traffic.js'
import type { Observation } from './verdict.js'

export interface TimelineEntry {
  /** Milliseconds since the watch started. */
  readonly afterMs: number
  readonly text: string
}

/**
 * The most entries a timeline keeps, and the job summary shows: the first ones (how the rollout
 * began) and the latest (how it ended), with one line for those left out between. A rollout that
 * flaps for an hour, or answers that change on every poll, cannot grow it without bound.
 */
export const MAX_TIMELINE_ENTRIES = 40
const FIRST_KEPT = 20
const LATEST_KEPT = MAX_TIMELINE_ENTRIES - FIRST_KEPT - 1

/** The key transitions of a rollout, for the job summary: state changes only, never counts per poll. */
export class Timeline {
  private readonly first: TimelineEntry[] = []
  private readonly latest: TimelineEntry[] = []
  private dropped = 0
  private droppedAfterMs = 0
  private readonly last = new Map<string, string>()

  constructor(
    private readonly ref: DeploymentRef,
    private readonly start: number
  ) {
    this.add(
      start,
      `deployment ${ref.deploymentId} started (${familyRevision(ref.taskDefinitionArn)})`
    )
  }

  /** At most MAX_TIMELINE_ENTRIES, in order. */
  get entries(): TimelineEntry[] {
    if (this.dropped === 0) return [...this.first, ...this.latest]
    const gap = {
      afterMs: this.droppedAfterMs,
      text: `… ${this.dropped} more ${this.dropped === 1 ? 'transition' : 'transitions'} not kept`
    }
    return [...this.first, gap, ...this.latest]
  }

  add(at: number, text: string): void {
    const entry = { afterMs: at - this.start, text }
    if (this.first.length < FIRST_KEPT) {
      this.first.push(entry)
      return
    }
    this.latest.push(entry)
    // Once one is left out, a line says so: the latest keep one place fewer.
    const room = this.dropped === 0 ? MAX_TIMELINE_ENTRIES : MAX_TIMELINE_ENTRIES - 1
    if (this.first.length + this.latest.length <= room) return
    while (this.latest.length > LATEST_KEPT) {
      const gone = this.latest.shift()
      this.dropped++
      this.droppedAfterMs = gone?.afterMs ?? this.droppedAfterMs
    }
  }

  observe(observation: Observation): void {
    const ours = observation.service?.deployments?.find((d) => d.id === this.ref.deploymentId)
    const primary = primaryOf(observation.service)
    const sd = observation.serviceDeployment
    this.change(
      observation.at,
      'rollout',
      // IN_PROGRESS is where every rollout starts; only its end is news.
      ours?.rolloutState === 'IN_PROGRESS' ? undefined : ours?.rolloutState,
      (v) => `rollout ${v}${reasonOf(ours?.rolloutStateReason)}`
    )
    this.change(observation.at, 'sd', sd?.status, (v) => `service deployment ${v}`)
    this.change(observation.at, 'stage', sd?.lifecycleStage, (v) => `stage ${v}`)
    for (const listener of ['production', 'test'] as const) {
      const split = sd && trafficOf(sd, listener)
      // The split before any shift (0% new) is where every such deployment starts: not news.
      const value =
        split && (split.newPercent > 0 || this.last.has(listener))
          ? percent(split.newPercent)
          : undefined
      this.change(
        observation.at,
        listener,
        value,
        (v) => `${listener} traffic ${v} to the new revision`
      )
    }
    for (const hook of sd?.lifecycleHookDetails ?? []) {
      this.change(
        observation.at,
        `hook ${hook.hookId ?? ''}`,
        hook.status,
        (v) =>
          `lifecycle hook ${hook.hookId ?? ''} ${v}${v === 'AWAITING_ACTION' && sd?.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`
      )
    }
    const breaker = sd?.deploymentCircuitBreaker
    this.change(
      observation.at,
      'breaker',
      breaker?.status === 'TRIGGERED'
        ? `${breaker.failureCount ?? '?'}/${breaker.threshold ?? '?'}`
        : undefined,
      (v) => `circuit breaker tripped at ${v} failed tasks`
    )
    this.change(
      observation.at,
      'alarms',
      sd?.alarms?.status === 'TRIGGERED'
        ? (sd.alarms.triggeredAlarmNames ?? []).join(', ')
        : undefined,
      (v) => `alarm ${v} went into ALARM`
    )
    this.change(
      observation.at,
      'failed',
      ours?.failedTasks ? String(ours.failedTasks) : undefined,
      (v) => `${v} failed tasks`
    )
    this.change(
      observation.at,
      'primary',
      primary?.id !== this.ref.deploymentId ? primary?.id : undefined,
      (v) => `deployment ${v} (${familyRevision(primary?.taskDefinition)}) became PRIMARY`
    )
  }

  private change(
    at: number,
    key: string,
    value: string | undefined,
    text: (value: string) => string
  ): void {
    if (value === undefined || this.last.get(key) === value) return
    this.last.set(key, value)
    this.add(at, text(value))
  }
}

function reasonOf(reason: string | undefined): string {
  return reason ? `: ${reason}` : ''
}
