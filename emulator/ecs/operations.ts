// The ECS operations the emulator serves, by X-Amz-Target operation name.

import { describeServicesOperation } from './describe-services.js'
import { describeTaskDefinitionOperation } from './describe-task-definition.js'
import type { Operation } from './operation.js'
import { registerTaskDefinitionOperation } from './register-task-definition.js'
import {
  describeServiceDeploymentsOperation,
  describeServiceRevisionsOperation,
  listServiceDeploymentsOperation
} from './service-deployments.js'
import { stopServiceDeploymentOperation } from './stop-service-deployment.js'
import { describeTasksOperation, listTasksOperation } from './tasks.js'
import { updateServiceOperation } from './update-service.js'

export const ecsOperations: Readonly<Record<string, Operation>> = {
  RegisterTaskDefinition: registerTaskDefinitionOperation,
  DescribeTaskDefinition: describeTaskDefinitionOperation,
  DescribeServices: describeServicesOperation,
  UpdateService: updateServiceOperation,
  ListServiceDeployments: listServiceDeploymentsOperation,
  DescribeServiceDeployments: describeServiceDeploymentsOperation,
  DescribeServiceRevisions: describeServiceRevisionsOperation,
  StopServiceDeployment: stopServiceDeploymentOperation,
  ListTasks: listTasksOperation,
  DescribeTasks: describeTasksOperation
}
