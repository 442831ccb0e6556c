// StopServiceDeployment (model 2025-04-23): `serviceDeploymentArn` required, `stopType` ROLLBACK
// (the only value the API reference calls valid, so also what an absent stopType means) or ABORT.
// Response `{serviceDeploymentArn}`. An unknown ARN is ServiceDeploymentNotFoundException.

import { AwsError, invalidParameter } from '../errors.js'
import { stopServiceDeployment, type StopType } from '../stop.js'
import { checkInput, read, shape } from '../validate.js'
import type { Operation } from './operation.js'
import { denyServiceDeploymentsApi } from './service-deployments.js'

const STOP_TYPES: readonly StopType[] = ['ABORT', 'ROLLBACK']
const isStopType = (value: string): value is StopType =>
  (STOP_TYPES as readonly string[]).includes(value)

export const stopServiceDeploymentOperation: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, { serviceDeploymentArn: shape.string, stopType: shape.string })
    const arn = read.string(request, 'serviceDeploymentArn')
    denyServiceDeploymentsApi(world, 'ecs:StopServiceDeployment', arn ?? '*')
    if (arn === undefined || arn === '') {
      throw invalidParameter('serviceDeploymentArn cannot be empty.')
    }
    const stopType = read.string(request, 'stopType') ?? 'ROLLBACK'
    if (!isStopType(stopType)) {
      // Coral's enum validation wording.
      throw invalidParameter(
        `1 validation error detected: Value '${stopType}' at 'stopType' failed to satisfy constraint: Member must satisfy enum value set: [${STOP_TYPES.join(', ')}]`
      )
    }
    const record = world.serviceDeployments.get(arn)
    if (record === undefined) {
      // Not confirmed: the message (shaped like "Service not found." / "Cluster not found.").
      throw new AwsError('ServiceDeploymentNotFoundException', 'Service deployment not found.')
    }
    stopServiceDeployment(world, record, stopType)
    return { serviceDeploymentArn: record.arn }
  }
}
