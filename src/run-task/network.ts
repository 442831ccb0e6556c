import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { InputError } from '../input/values.js'
import { RUN_TASK_INPUTS, type RunTaskSettings } from './settings.js'

/**
 * A task in the awsvpc network mode (every Fargate task) gets its own network interface, and RunTask
 * needs the subnets to put it in (API reference, RunTask networkConfiguration: "required for task
 * definitions that use the awsvpc network mode"). Known from the inputs and the rendered task
 * definition alone, so it is an input error before anything is registered, dry runs included.
 */
export function checkRunTaskNetwork(
  settings: RunTaskSettings,
  taskDefinition: RegisterTaskDefinitionCommandInput
): void {
  if (settings.network !== undefined) return
  const awsvpc =
    taskDefinition.networkMode === 'awsvpc' ||
    settings.launchType === 'FARGATE' ||
    (settings.capacityProviderStrategy ?? []).some((item) =>
      (item.capacityProvider ?? '').startsWith('FARGATE')
    )
  if (!awsvpc) return
  throw new InputError(
    RUN_TASK_INPUTS.subnets,
    `is required: the task runs in the awsvpc network mode (${taskDefinition.networkMode === 'awsvpc' ? 'its task definition says so' : 'as every Fargate task does'}), so ECS needs the subnets to place it in, e.g. subnet-0123456789abcdef0,subnet-0123456789abcdef1`
  )
}
