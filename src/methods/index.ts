import type { Service } from '@aws-sdk/client-ecs'
import { codeDeployMethod } from './codedeploy.js'
import { ecsMethod } from './ecs.js'
import type { DeploymentMethod } from './method.js'

export type {
  DeploymentMethod,
  PrepareOptions,
  RollOutContext,
  RollOutOptions,
  RolloutRevision,
  ServiceTarget
} from './method.js'

/**
 * The deployment method for a service: the one reader of deploymentController. Each call makes a
 * new method, which keeps what its prepare() read for its rollOut().
 */
export function methodFor(service: Service): DeploymentMethod {
  const controller = service.deploymentController?.type ?? 'ECS'
  switch (controller) {
    case 'ECS':
      return ecsMethod()
    case 'CODE_DEPLOY':
      return codeDeployMethod()
    case 'EXTERNAL':
      throw new Error(
        `Service ${service.serviceName ?? ''} uses the EXTERNAL deployment controller: its task sets are managed by another tool ` +
          '(CreateTaskSet / UpdateServicePrimaryTaskSet), so neither UpdateService nor ECS Rollout can deploy a task definition to it. ' +
          'Deploy it with the tool that owns its task sets, or recreate the service with the ECS or CODE_DEPLOY controller.'
      )
    default:
      throw new Error(
        `Service ${service.serviceName ?? ''} uses the deployment controller ${String(controller)}, which ECS Rollout does not know: it deploys services with the ECS or CODE_DEPLOY controller.`
      )
  }
}
