// Resolving the cluster and service references ECS accepts: a name or an ARN, with the
// cluster defaulting to `default`.

import { nameFromArnOrName } from '../arns.js'
import { clusterNotFound } from '../errors.js'
import type { ClusterRecord, ServiceRecord, World } from '../state.js'

export function findCluster(world: World, reference: string | undefined): ClusterRecord {
  const name = nameFromArnOrName(reference ?? 'default', 'cluster')
  const cluster = name === undefined ? undefined : world.clusters.get(name)
  if (cluster === undefined) throw clusterNotFound()
  return cluster
}

export function findService(cluster: ClusterRecord, reference: string): ServiceRecord | undefined {
  const name = nameFromArnOrName(reference, 'service')
  return name === undefined ? undefined : cluster.services.get(name)
}
