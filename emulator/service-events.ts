// A service's event log as DescribeServices shows it: newest first, at most 100 ("we only show
// the 100 most recent events", developer guide, service-event-messages). Written by the service
// scheduler (rollout.ts) and by tasks that fail their health checks (health-checks.ts).

import type { ServiceRecord, World } from './state.js'

const MAX_EVENTS = 100

export function addEvent(world: World, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: world.ids.uuid(), createdAt: world.now, message })
  service.events.length = Math.min(service.events.length, MAX_EVENTS)
}
