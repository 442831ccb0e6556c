import type { ServiceDeployment } from '@aws-sdk/client-ecs'

export type Listener = 'production' | 'test'

/** How a listener's traffic is split between the new revision and the ones it replaces. */
export interface TrafficSplit {
  readonly newPercent: number
  readonly oldPercent: number
}

/**
 * The requested weights of a blue/green, linear or canary deployment. ECS calls them a snapshot
 * ("may not reflect real-time changes"), which is all a log line needs. Rolling deployments carry
 * no weights: undefined.
 */
export function trafficOf(sd: ServiceDeployment, listener: Listener): TrafficSplit | undefined {
  const weight = (r: {
    requestedProductionTrafficWeight?: number
    requestedTestTrafficWeight?: number
  }) =>
    listener === 'production' ? r.requestedProductionTrafficWeight : r.requestedTestTrafficWeight
  const target = sd.targetServiceRevision && weight(sd.targetServiceRevision)
  if (target === undefined) return undefined
  const sources = (sd.sourceServiceRevisions ?? []).map(weight).filter((w) => w !== undefined)
  const old = sources.length > 0 ? sources.reduce((sum, w) => sum + w, 0) : 100 - target
  return { newPercent: target, oldPercent: old }
}

/** "Production traffic: 10% new / 90% old" */
export function trafficLine(listener: Listener, split: TrafficSplit): string {
  const name = listener === 'production' ? 'Production' : 'Test'
  return `${name} traffic: ${percent(split.newPercent)} new / ${percent(split.oldPercent)} old`
}

/** 10 → "10%", 33.33 → "33.3%": stepPercent is a multiple of 0.1. */
export function percent(value: number): string {
  return `${String(Math.round(value * 10) / 10)}%`
}
