import type { Deployment, Service, ServiceDeployment, ServiceEvent } from '@aws-sdk/client-ecs'
import type { DeploymentRef } from './deployment-ref.js'
import { familyRevision } from './names.js'

/**
 * One line describing every deployment of the service. The watch loop prints it only when it
 * differs from the previous one, so the log grows by a line per change and never redraws.
 */
export function describeState(
  ref: DeploymentRef,
  service: Service,
  sd?: ServiceDeployment
): string {
  const deployments = [...(service.deployments ?? [])].sort((a, b) => rank(ref, a) - rank(ref, b))
  const parts = deployments.map((d) => describeDeployment(ref, d))
  if (sd?.status !== undefined) {
    const breaker = sd.deploymentCircuitBreaker
    const counts =
      breaker?.failureCount !== undefined && breaker.threshold !== undefined
        ? ` · circuit breaker ${breaker.failureCount}/${breaker.threshold}`
        : ''
    parts.push(`service deployment ${sd.status}${counts}`)
  }
  return parts.length === 0 ? 'no deployments' : parts.join(' · ')
}

function describeDeployment(ref: DeploymentRef, d: Deployment): string {
  const failed = d.failedTasks ? `, ${d.failedTasks} failed` : ''
  const pending = d.pendingCount ? `, ${d.pendingCount} pending` : ''
  // Our deployment's rollout state is the news; for the others, whether they are still serving.
  const state = label(ref, d) === 'new' ? (d.rolloutState ?? d.status ?? '') : (d.status ?? '')
  return (
    `${d.id ?? '?'} (${label(ref, d)}, ${familyRevision(d.taskDefinition)}) ${state} ` +
    `${d.runningCount ?? 0}/${d.desiredCount ?? 0} running${pending}${failed}`
  )
}

function label(ref: DeploymentRef, d: Deployment): string {
  if (d.id === ref.deploymentId) return 'new'
  if (/rolling back/i.test(d.rolloutStateReason ?? '')) return 'rollback'
  if (d.id === ref.previousDeploymentId) return 'old'
  return 'other'
}

function rank(ref: DeploymentRef, d: Deployment): number {
  return d.id === ref.deploymentId ? 0 : d.status === 'PRIMARY' ? 1 : 2
}

/** Service events not printed yet, oldest first (ECS lists them newest first). */
export function unseenEvents(service: Service, seen: Set<string>): ServiceEvent[] {
  const fresh = (service.events ?? []).filter((e) => e.id !== undefined && !seen.has(e.id))
  for (const event of fresh) seen.add(event.id ?? '')
  return fresh.reverse()
}

/** `[2:05]`: time since the watch started, so a reader can see how long each step took. */
export function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  return `[${minutes}:${String(seconds % 60).padStart(2, '0')}]`
}

/** "30 minutes", "1 minute", "45 seconds". */
export function duration(ms: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`
  return ms >= 60_000 && ms % 60_000 === 0
    ? plural(ms / 60_000, 'minute')
    : plural(Math.round(ms / 1000), 'second')
}
