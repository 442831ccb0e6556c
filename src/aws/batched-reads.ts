import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { EcsPort, ServiceTarget } from './ecs.js'

// The ECS API takes up to 10 services in one DescribeServices, up to 20 ARNs in one
// DescribeServiceDeployments and up to 20 in one DescribeServiceRevisions (API reference:
// "You can specify a maximum of 20 ARNs."). Throttling buckets are per account and Region, shared
// with every deploy and tool there, so several services watched side by side share their reads.

const MAX_SERVICES = 10
const MAX_SERVICE_DEPLOYMENTS = 20
const MAX_SERVICE_REVISIONS = 20

interface Waiting<K, V> {
  key: K
  resolve(value: V): void
  reject(error: unknown): void
}

/**
 * A port whose describeService, describeServiceDeployment and serviceRevisionTaskDefinition calls,
 * made within one turn of the event loop (the watches of one run poll in step), go to ECS as one
 * call per cluster and batch.
 * Everything else passes through.
 */
export function batchedReads(ecs: EcsPort): EcsPort {
  const services = batcher<ServiceTarget, Service | undefined>({
    groupOf: (target) => target.cluster,
    max: MAX_SERVICES,
    send: (targets) =>
      ecs.describeServices({
        cluster: targets[0]?.cluster ?? '',
        services: targets.map((t) => t.service)
      })
  })
  const deployments = batcher<string, ServiceDeployment | undefined>({
    groupOf: () => '',
    max: MAX_SERVICE_DEPLOYMENTS,
    send: (arns) => ecs.describeServiceDeployments(arns)
  })
  const revisions = batcher<string, string | undefined>({
    groupOf: () => '',
    max: MAX_SERVICE_REVISIONS,
    send: (arns) => ecs.serviceRevisionTaskDefinitions(arns)
  })
  return {
    ...ecs,
    describeService: (target) => services({ cluster: target.cluster, service: target.service }),
    describeServiceDeployment: (arn) => deployments(arn),
    serviceRevisionTaskDefinition: (arn) => revisions(arn)
  }
}

/** Collects calls until the event loop turns, then sends them in groups of at most `max`. */
function batcher<K, V>(options: {
  groupOf(key: K): string
  max: number
  send(keys: K[]): Promise<V[]>
}): (key: K) => Promise<V> {
  let queue: Waiting<K, V>[] = []
  const flush = (): void => {
    const groups = new Map<string, Waiting<K, V>[]>()
    for (const waiting of queue) {
      const group = options.groupOf(waiting.key)
      groups.set(group, [...(groups.get(group) ?? []), waiting])
    }
    queue = []
    for (const group of groups.values()) {
      for (let start = 0; start < group.length; start += options.max) {
        const batch = group.slice(start, start + options.max)
        options.send(batch.map((w) => w.key)).then(
          (values) => {
            batch.forEach((w, i) => {
              w.resolve(values[i] as V)
            })
          },
          (error: unknown) => {
            for (const w of batch) w.reject(error)
          }
        )
      }
    }
  }
  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ key, resolve, reject })
    })
}
