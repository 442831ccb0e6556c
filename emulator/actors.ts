// What others do to the service while our rollout runs, as the scenario scripts it: another
// pipeline deploys (supersede.ts), an operator stops our service deployment, Application Auto
// Scaling changes the desired count, ECS itself starts a second deployment of our revision.
// Each is timed from our UpdateService; none of their calls reach the HTTP server.

import { AwsError } from './errors.js'
import { changeDesiredCount, startDeployment } from './rollout.js'
import type { DeploymentRecord, ServiceRecord, World } from './state.js'
import { stopServiceDeployment } from './stop.js'
import { scheduleSupersede } from './supersede.js'
import { resolveTaskDefinition } from './task-definitions.js'

/** How often a deferred scale-in looks again whether the deployment has finished. */
const SCALE_IN_RECHECK = 15

export function scheduleActors(world: World, service: ServiceRecord, ours: DeploymentRecord): void {
  const scenario = world.scenarioOf(service)
  if (scenario.supersede !== undefined) {
    scheduleSupersede(world, service, scenario.supersede.afterSeconds)
  }
  if (scenario.operatorStop !== undefined) operatorStop(world, ours, scenario.operatorStop)
  if (scenario.scaleTo !== undefined) {
    const { afterSeconds, desiredCount } = scenario.scaleTo
    world.scheduler.after(afterSeconds, `autoscaling ${service.name}`, () => {
      autoscale(world, service, desiredCount)
    })
  }
  if (scenario.duplicateDeployment !== undefined) {
    world.scheduler.after(scenario.duplicateDeployment.afterSeconds, `ECS redeploys`, () => {
      duplicate(world, service, ours)
    })
  }
}

/**
 * StopServiceDeployment as an operator calls it from the console or the CLI, with the same
 * effect as the API's (stop.ts); a refusal (the deployment already finished) is only recorded.
 */
function operatorStop(
  world: World,
  ours: DeploymentRecord,
  { afterSeconds, stopType }: { afterSeconds: number; stopType: 'ROLLBACK' | 'ABORT' }
): void {
  world.scheduler.after(afterSeconds, `operator stops ${ours.serviceDeploymentArn}`, () => {
    const record = world.serviceDeployments.get(ours.serviceDeploymentArn)
    if (record === undefined) return
    world.record(`operator StopServiceDeployment ${stopType} ${record.arn}`)
    try {
      stopServiceDeployment(world, record, stopType)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      world.record(`operator StopServiceDeployment refused (${error.type}) ${record.arn}`)
    }
  })
}

/**
 * Application Auto Scaling sets the desired count the way UpdateService with only desiredCount
 * does: no new deployment, no new service deployment, the PRIMARY follows (rollout.ts,
 * changeDesiredCount). "Application Auto Scaling turns off scale-in processes while Amazon ECS
 * deployments are in progress, and they resume once the deployment has completed. However,
 * scale-out processes continue to occur" (developer guide, troubleshoot-service-auto-scaling:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-auto-scaling.html),
 * so a scale-in waits for the rollout to end. No service event: "When viewing service event
 * messages using the Amazon ECS API, only the events from the service scheduler are returned";
 * scaling events (prefix "Message") are the console's (developer guide, service-event-messages).
 */
function autoscale(world: World, service: ServiceRecord, desiredCount: number): void {
  if (service.status !== 'ACTIVE' || desiredCount === service.desiredCount) return
  const deploying = service.deployments.some(
    (deployment) => deployment.status === 'PRIMARY' && deployment.rolloutState === 'IN_PROGRESS'
  )
  if (desiredCount < service.desiredCount && deploying) {
    world.scheduler.after(SCALE_IN_RECHECK, `autoscaling ${service.name} (scale-in waits)`, () => {
      autoscale(world, service, desiredCount)
    })
    return
  }
  world.record(`autoscaling desiredCount ${service.desiredCount} -> ${desiredCount} ${service.arn}`)
  changeDesiredCount(world, service, desiredCount)
}

/**
 * kayac/ecspresso#899 (ListServiceDeployments output from a real service): "two deployment events
 * are created for the same task definition", "the first event terminates quickly, while the
 * second event proceeds"; the first service deployment was STOPPED 0.137 s after the second
 * started, each with its own service revision. rollout.ts stops the replaced one that way.
 * unconfirmed: why ECS does it; the reporter's services use Fargate and Fargate Spot.
 */
function duplicate(world: World, service: ServiceRecord, ours: DeploymentRecord): void {
  if (service.status !== 'ACTIVE' || ours.status !== 'PRIMARY') return
  if (ours.rolloutState !== 'IN_PROGRESS') return
  const taskDefinition = resolveTaskDefinition(world, ours.taskDefinitionArn)
  if (taskDefinition === undefined) return
  world.record(`ECS started a second deployment of ${taskDefinition.arn} ${service.arn}`)
  startDeployment(world, service, { taskDefinition, origin: 'ecs' })
}
