// A RUNNING task that fails its health checks: the load balancer's target-group checks or its
// container health check. The scheduler then stops it and starts a replacement: "For tasks that
// are part of a service, if the task reports as unhealthy then the task will be stopped and the
// service scheduler will replace it" (API reference, HealthCheck:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html), stop code
// ServiceSchedulerInitiated. The circuit breaker counts these: its two stages, "stage 1 counts
// tasks that never reach RUNNING; once ≥1 task is RUNNING, stage 2 counts health-check failures
// (ELB target group, Cloud Map, container health checks)" (project notes, ecs-api.md §1.6, from
// the archived developer guide and deployment-circuit-breaker.html). tasks.ts does the stop;
// this file says what ECS shows.

import { eventText, stopReason } from './messages.js'
import { addEvent } from './service-events.js'
import type { ServiceRecord, TaskRecord, World } from './state.js'

/**
 * The service events and task health a failed check leaves, then the scheduler's own
 * "(service X) has stopped 1 running tasks: (task …)."; returns the task's stopped reason.
 */
export function reportHealthCheckFailure(
  world: World,
  service: ServiceRecord,
  task: TaskRecord,
  check: 'elb' | 'container'
): string {
  const stoppedReason = reportFailure(world, service, task, check)
  addEvent(world, service, eventText.stopped(service.name, [task.id]))
  return stoppedReason
}

function reportFailure(
  world: World,
  service: ServiceRecord,
  task: TaskRecord,
  check: 'elb' | 'container'
): string {
  const [loadBalancer] = service.loadBalancers ?? []
  if (check === 'elb' && loadBalancer !== undefined) {
    addEvent(
      world,
      service,
      eventText.unhealthyInTargetGroup(
        service.name,
        task.id,
        loadBalancer.containerPort,
        loadBalancer.targetGroupArn
      )
    )
    world.record(`task ${task.id} failed ELB health checks`)
    return stopReason.elbHealthChecks(loadBalancer.targetGroupArn)
  }
  // HealthCheck: UNHEALTHY "-One or more essential containers have failed their health check";
  // the essential container (the first, in the seeded and test revisions) is the one failing.
  task.healthStatus = 'UNHEALTHY'
  const [essential] = task.containers
  if (essential !== undefined) essential.healthStatus = 'UNHEALTHY'
  task.version++
  addEvent(world, service, eventText.failedContainerHealthChecks(service.name, task.id))
  world.record(`task ${task.id} failed container health checks`)
  return stopReason.containerHealthChecks
}
