// The ECS operations the emulator serves, by X-Amz-Target operation name.

import { deregisterTaskDefinitionOperation } from './deregister-task-definition.js'
import { describeServicesOperation } from './describe-services.js'
import { describeTaskDefinitionOperation } from './describe-task-definition.js'
import { listTaskDefinitionsOperation } from './list-task-definitions.js'
import type { Operation } from './operation.js'
import { registerTaskDefinitionOperation } from './register-task-definition.js'
import { runTaskOperation } from './run-task.js'
import {
  continueServiceDeploymentOperation,
  describeServiceDeploymentsOperation,
  describeServiceRevisionsOperation,
  listServiceDeploymentsOperation
} from './service-deployments.js'
import { stopServiceDeploymentOperation } from './stop-service-deployment.js'
import { stopTaskOperation } from './stop-task.js'
import { describeTasksOperation, listTasksOperation } from './tasks.js'
import { updateServiceOperation } from './update-service.js'

export const ecsOperations: Readonly<Record<string, Operation>> = {
  RegisterTaskDefinition: registerTaskDefinitionOperation,
  DescribeTaskDefinition: describeTaskDefinitionOperation,
  DeregisterTaskDefinition: deregisterTaskDefinitionOperation,
  ListTaskDefinitions: listTaskDefinitionsOperation,
  DescribeServices: describeServicesOperation,
  UpdateService: updateServiceOperation,
  ListServiceDeployments: listServiceDeploymentsOperation,
  DescribeServiceDeployments: describeServiceDeploymentsOperation,
  DescribeServiceRevisions: describeServiceRevisionsOperation,
  StopServiceDeployment: stopServiceDeploymentOperation,
  ContinueServiceDeployment: continueServiceDeploymentOperation,
  ListTasks: listTasksOperation,
  DescribeTasks: describeTasksOperation,
  RunTask: runTaskOperation,
  StopTask: stopTaskOperation
}
