import type { ECSTarget } from '@aws-sdk/client-codedeploy'
import type { CodeDeployObservation } from './judge.js'
import { describeFailedEvent, isTerminal } from './judge.js'

/** What was last printed, so each poll prints only what changed. */
export interface CodeDeployProgress {
  status?: string
  readonly events: Map<string, string>
  taskSets?: string
}

export function newProgress(): CodeDeployProgress {
  return { events: new Map() }
}

export interface ProgressContext {
  readonly deploymentId: string
  /** Set when the group waits for ContinueDeployment before rerouting (STOP_DEPLOYMENT). */
  readonly readyWaitMinutes?: number
}

/**
 * The lines one observation adds: a deployment status change, each lifecycle event whose status
 * changed (in CodeDeploy's order), and the task sets when their counts or traffic moved.
 */
export function progressLines(
  progress: CodeDeployProgress,
  observation: CodeDeployObservation,
  context: ProgressContext
): string[] {
  const lines: string[] = []
  const status = observation.deployment.status
  let final: string | undefined
  if (status !== undefined && status !== progress.status) {
    progress.status = status
    const line = `CodeDeploy deployment ${context.deploymentId}: ${status}${statusNote(status, context)}`
    // The final status comes after the events that led to it; any other before what it starts.
    if (isTerminal(status)) final = line
    else lines.push(line)
  }
  for (const event of observation.target?.lifecycleEvents ?? []) {
    const name = event.lifecycleEventName
    const eventStatus = event.status
    if (name === undefined || eventStatus === undefined) continue
    if (progress.events.get(name) === eventStatus) continue
    progress.events.set(name, eventStatus)
    // Pending is where every event starts: printing it would list all eight before anything happens.
    if (eventStatus === 'Pending') continue
    lines.push(
      eventStatus === 'Failed' ? `  ${describeFailedEvent(event)}` : `  ${name}: ${eventStatus}`
    )
  }
  const taskSets = describeTaskSets(observation.target)
  if (taskSets !== undefined && taskSets !== progress.taskSets) {
    progress.taskSets = taskSets
    lines.push(`  task sets: ${taskSets}`)
  }
  if (final !== undefined) lines.push(final)
  return lines
}

/** "original (Blue) 2/2 running, 100% traffic · replacement (Green) 1/2 running, 0% traffic" */
export function describeTaskSets(target: ECSTarget | undefined): string | undefined {
  const sets = target?.taskSetsInfo ?? []
  if (sets.length === 0) return undefined
  return sets
    .map((set) => {
      const label = set.taskSetLabel === 'Green' ? 'replacement (Green)' : 'original (Blue)'
      const traffic =
        set.trafficWeight === undefined ? '' : `, ${formatWeight(set.trafficWeight)}% traffic`
      return `${label} ${set.runningCount ?? 0}/${set.desiredCount ?? 0} running${traffic}`
    })
    .join(' · ')
}

/** The lifecycle event CodeDeploy is on (or reached last): for the timed-out reason. */
export function currentLifecycleState(target: ECSTarget | undefined): string | undefined {
  const events = target?.lifecycleEvents ?? []
  const active =
    events.find((e) => e.status === 'InProgress' || e.status === 'Failed') ??
    [...events].reverse().find((e) => e.status !== undefined && e.status !== 'Pending')
  if (active?.lifecycleEventName === undefined) return undefined
  return `${active.lifecycleEventName} ${active.status ?? 'Unknown'}`
}

function statusNote(status: string, context: ProgressContext): string {
  if (status === 'Ready' && context.readyWaitMinutes !== undefined) {
    return ` (the replacement task set is ready; CodeDeploy waits up to ${context.readyWaitMinutes} min for ContinueDeployment before rerouting traffic)`
  }
  return ''
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(1)
}
