import type { Service, ServiceEvent } from '@aws-sdk/client-ecs'
import { SKEW_MS } from './verdict.js'

/** At most this many events a poll are printed (ECS keeps 100; a flood would bury the rest). */
export const EVENTS_PER_POLL = 20

/**
 * Service events not seen yet, oldest first (ECS lists them newest first). Events from before our
 * UpdateService are not news, whatever their id: they are marked seen and skipped.
 */
export function newEvents(service: Service, seen: Set<string>, startedAt: number): ServiceEvent[] {
  const fresh: ServiceEvent[] = []
  for (const event of service.events ?? []) {
    if (event.id === undefined || seen.has(event.id)) continue
    seen.add(event.id)
    const at = event.createdAt?.getTime()
    if (at !== undefined && at < startedAt - SKEW_MS) continue
    fresh.push(event)
  }
  return fresh.reverse()
}

/**
 * Whether an event is about our deployment: it names its id or one of its tasks. Only those are
 * attributed to it; the rest are the service's own news (another deployment, scaling, health).
 */
export function namesOurs(
  message: string,
  deploymentIds: readonly string[],
  taskIds: ReadonlySet<string>
): boolean {
  if (deploymentIds.some((id) => message.includes(id))) return true
  for (const id of taskIds) if (id !== '' && message.includes(id)) return true
  return false
}
