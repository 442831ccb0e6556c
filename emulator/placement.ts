// A deployment whose tasks the scheduler cannot place at all: no container instance has room
// (EC2), or Fargate has no capacity in the service's Availability Zones. No task is created, so
// nothing fails: failedTasks stays 0, the circuit breaker (which counts tasks) never trips, and the
// rollout stays IN_PROGRESS while the old tasks keep serving. What shows is a service event, and
// ECS shows it once: "duplicate event messages are omitted until either the cause is resolved or
// six hours passes" (developer guide, service-event-messages:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html). A
// real DescribeServices answer (Shippable/support#4462, 2018) has the same placement event at
// 04:45:44 and 10:56:19, six hours apart.
//
// Not modelled: subnets without free addresses. A report has such Fargate tasks created, in
// PROVISIONING, then stopped with InsufficientFreeAddressesInSubnet (paradisec-archive/nabu#1259),
// which is a task that fails, not a placement without one; no service-event wording was found.

import { createHash } from 'node:crypto'

import { eventText, placementReason } from './messages.js'
import { addEvent } from './service-events.js'
import type { ServiceRecord, World } from './state.js'

const SIX_HOURS = 6 * 3600

export type PlacementShortage = 'memory' | 'fargate-capacity'

/**
 * The cluster's closest matching container instance, the same one every time (the real events
 * above name the same instance each time): 32 hex digits, the id format of current ARNs.
 */
const closestInstanceOf = (service: ServiceRecord): string =>
  createHash('sha256').update(`container-instance ${service.arn}`).digest('hex').slice(0, 32)

/** One failed placement attempt: the event, unless the same one was shown in the last six hours. */
export function reportUnplaceable(
  world: World,
  service: ServiceRecord,
  shortage: PlacementShortage
): void {
  const message =
    shortage === 'memory'
      ? eventText.noInstanceHasRoom(service.name, closestInstanceOf(service))
      : eventText.unableToPlace(service.name, placementReason.fargateCapacity)
  const shown = service.events.some(
    (event) => event.message === message && world.now - event.createdAt < SIX_HOURS
  )
  if (!shown) addEvent(world, service, message)
}
