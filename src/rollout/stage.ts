import type { ServiceDeployment, ServiceDeploymentLifecycleStage } from '@aws-sdk/client-ecs'

/** A lifecycle stage of a service deployment, as DescribeServiceDeployments names it. */
export type Stage = ServiceDeploymentLifecycleStage

/**
 * The stages in the order a deployment passes them: the values `wait-until-stage` accepts (the
 * ServiceDeploymentLifecycleStage enum of the SDK). Rolling deployments skip most of them.
 */
export const STAGES: readonly Stage[] = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]

/**
 * Where an observed stage sits in that order. PRE_PRODUCTION_TRAFFIC_SHIFT is a hook stage the
 * API documentation also lists as a lifecycleStage, but the SDK's enum lacks it: it ranks between
 * the test and the production shift, so a deployment showing it is understood, never chosen.
 */
function rankOf(stage: string | undefined): number | undefined {
  if (stage === 'PRE_PRODUCTION_TRAFFIC_SHIFT')
    return STAGES.indexOf('POST_TEST_TRAFFIC_SHIFT') + 0.5
  const index = STAGES.indexOf(stage as Stage)
  return index === -1 ? undefined : index
}

/**
 * Has the service deployment got to `stage` or past it? SUCCESSFUL is past every stage. Only an
 * ongoing deployment counts: a rollback or a stop is a failure whatever stage it shows.
 */
export function reachedStage(sd: ServiceDeployment, stage: Stage): boolean {
  if (sd.status === 'SUCCESSFUL') return true
  if (sd.status !== 'IN_PROGRESS') return false
  const current = rankOf(sd.lifecycleStage)
  const wanted = rankOf(stage)
  return current !== undefined && wanted !== undefined && current >= wanted
}

const MEANING: Readonly<Record<string, string>> = {
  RECONCILE_SERVICE: 'ECS reconciles the revisions still active from earlier deployments',
  PRE_SCALE_UP: 'the new revision has not started; the old one serves all traffic',
  SCALE_UP: 'tasks of the new revision are starting; it serves no traffic yet',
  POST_SCALE_UP: 'the new revision runs; the old one still serves all traffic',
  TEST_TRAFFIC_SHIFT: 'test traffic is moving to the new revision',
  POST_TEST_TRAFFIC_SHIFT: 'test traffic 100% → new revision',
  PRE_PRODUCTION_TRAFFIC_SHIFT: 'production traffic is about to shift',
  PRODUCTION_TRAFFIC_SHIFT: 'production traffic is moving to the new revision',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'production traffic 100% → new revision',
  BAKE_TIME: 'both revisions run while ECS watches alarms and the circuit breaker',
  CLEAN_UP: 'the old revision is scaling down'
}

/** "Stage: BAKE_TIME (both revisions run while ECS watches …, 5 minutes)". */
export function stageLine(sd: ServiceDeployment): string | undefined {
  const stage = sd.lifecycleStage
  if (stage === undefined) return undefined
  const meaning = MEANING[stage]
  const bake = sd.deploymentConfiguration?.bakeTimeInMinutes
  const detail =
    stage === 'BAKE_TIME' && bake !== undefined
      ? `${meaning ?? ''}, ${bake} minute${bake === 1 ? '' : 's'}`
      : meaning
  return `Stage: ${stage}${detail ? ` (${detail})` : ''}`
}
