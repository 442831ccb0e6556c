import type { Service } from '@aws-sdk/client-ecs'

/**
 * The least time ECS needs for a rollout of this service, from its deploymentConfiguration, or
 * undefined when the strategy sets no floor (rolling updates end as soon as tasks are healthy).
 * API reference, DeploymentConfiguration: LINEAR shifts stepPercent of production traffic a step
 * and bakes stepBakeTimeInMinutes after each step but the last; CANARY shifts canaryPercent and
 * bakes canaryBakeTimeInMinutes before the rest; BLUE_GREEN, LINEAR and CANARY then bake
 * bakeTimeInMinutes with both revisions up. Defaults from the same reference: 10 % and 6 minutes a
 * linear step, 5 % and 10 minutes for a canary.
 */
export function leastRolloutMs(service: Service | undefined): number | undefined {
  const config = service?.deploymentConfiguration
  const bake = config?.bakeTimeInMinutes ?? 0
  let minutes: number
  switch (config?.strategy) {
    case 'LINEAR': {
      const step = config.linearConfiguration?.stepPercent ?? 10
      const steps = Math.ceil(100 / Math.max(step, 0.1))
      minutes = (steps - 1) * (config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) + bake
      break
    }
    case 'CANARY':
      minutes = (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) + bake
      break
    case 'BLUE_GREEN':
      minutes = bake
      break
    default:
      return undefined
  }
  return minutes > 0 ? minutes * 60_000 : undefined
}
