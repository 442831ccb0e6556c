// DescribeServices: at most 10 services; a missing service is a `failures[]` entry with reason
// MISSING, not an error (that is what the ServicesStable waiter matches); an unknown cluster is
// ClusterNotFoundException.

import { arns } from '../arns.js'
import { invalidParameter } from '../errors.js'
import { checkInput, read, shape } from '../validate.js'
import { findCluster, findService } from './lookup.js'
import type { Operation } from './operation.js'
import { withServiceOptions } from './service-options.js'
import { serviceWire } from './wire.js'

const MAX_SERVICES = 10

export const describeServicesOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      cluster: shape.string,
      services: shape.list(shape.string),
      include: shape.list(shape.string)
    })
    const references = read.strings(request, 'services') ?? []
    // Real text (InvalidParameterException) seen in several trackers, e.g. remind101/empire#468.
    if (references.length > MAX_SERVICES) {
      throw invalidParameter('service names can have at most 10 items.')
    }
    if (references.length === 0) throw invalidParameter('Services cannot be empty.')
    const cluster = findCluster(world, read.string(request, 'cluster'))
    const withTags = (read.strings(request, 'include') ?? []).includes('TAGS')
    const services = []
    const failures = []
    for (const reference of references) {
      const service = findService(cluster, reference)
      if (service === undefined) {
        const arn = reference.startsWith('arn:')
          ? reference
          : arns.missingService(world.region, reference)
        failures.push({ arn, reason: 'MISSING' })
      } else {
        services.push(withServiceOptions(service, serviceWire(world, service, withTags)))
      }
    }
    return { services, failures }
  }
}
