// The "superseded" scenario's other actor: some time after our UpdateService, another
// pipeline registers a new revision and updates the same service. Its calls are not recorded
// as ours (they never reach the HTTP server); the task definition's registeredBy names it.

import { ACCOUNT_ID } from './arns.js'
import { registryHost, seededRepository } from './registry.js'
import { startDeployment } from './rollout.js'
import type { JsonObject, ServiceRecord, World } from './state.js'
import { registerTaskDefinition, resolveTaskDefinition } from './task-definitions.js'

export const OTHER_ACTOR = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/other-pipeline/deploy-bot`
const OTHER_IMAGE_TAG = '2.0.0'

export function scheduleSupersede(
  world: World,
  service: ServiceRecord,
  afterSeconds: number
): void {
  world.scheduler.after(afterSeconds, `another actor updates ${service.name}`, () => {
    const current = resolveTaskDefinition(world, service.taskDefinitionArn)
    if (service.status !== 'ACTIVE' || current === undefined) return
    const containers = Array.isArray(current.definition.containerDefinitions)
      ? (current.definition.containerDefinitions as JsonObject[])
      : []
    const image = `${registryHost(world.region)}/${seededRepository}:${OTHER_IMAGE_TAG}`
    // family and compatibilities in the copied definition are recomputed by the registration.
    const taskDefinition = registerTaskDefinition(world, {
      family: current.family,
      members: {
        ...current.definition,
        containerDefinitions: containers.map((container) => ({ ...container, image }))
      },
      tags: [],
      registeredBy: OTHER_ACTOR
    })
    world.record(
      `another actor (${OTHER_ACTOR}) registered ${taskDefinition.arn} and called UpdateService`
    )
    startDeployment(world, service, { taskDefinition, origin: 'other' })
  })
}
