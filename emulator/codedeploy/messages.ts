// Texts CodeDeploy writes into deployments and errors. None of these could be confirmed
// against real output (marked UNCONFIRMED each); callers should match on codes, not on them.

export const hookFailure = {
  // UNCONFIRMED: errorInformation.message for a failed ECS lifecycle hook.
  error: (event: string) =>
    `An error occurred during the ${event} lifecycle event: the lifecycle hook failed.`,
  // UNCONFIRMED: the failed event's diagnostics.message.
  diagnostics: (hook: string) => `The lifecycle event hook function ${hook} reported Failed.`
}

// UNCONFIRMED: rollbackInfo.rollbackMessage of a rolled-back deployment.
export const rollbackMessage = (rollbackId: string): string =>
  `Deployment was rolled back by deployment ${rollbackId}.`

// UNCONFIRMED: errorInformation.message after StopDeployment.
export const stopMessage = 'The deployment was stopped by the user.'

// UNCONFIRMED: errorInformation.message when nobody continued within the ready wait.
export const readyTimeout = 'The deployment timed out while waiting for traffic to be rerouted.'

// UNCONFIRMED: why Install fails when ECS cannot create the replacement task set.
export const taskSetFailure = (taskDefinition: string): string =>
  `The ECS service cannot create a task set with task definition ${taskDefinition}: TaskDefinition not found.`

export const errorText = {
  // As moto models them (UNCONFIRMED against CodeDeploy itself).
  applicationMissing: (name: string) =>
    `The application ${name} does not exist with the user or AWS account.`,
  groupMissing: (name: string) =>
    `The deployment group ${name} does not exist with the user or AWS account.`,
  deploymentMissing: (id: string) =>
    `The deployment ${id} does not exist with the user or AWS account.`,
  // UNCONFIRMED (recalled from CodePipeline failures).
  limitExceeded: (group: string, active: string) =>
    `The Deployment Group '${group}' already has an active Deployment '${active}'`,
  // UNCONFIRMED from here on.
  applicationRequired: 'Application name must be specified',
  groupRequired: 'Deployment group name must be specified',
  deploymentIdRequired: 'Deployment ID must be specified',
  invalidDeploymentId: (id: string) => `Specified DeploymentId is not in the valid format: ${id}`,
  revisionRequired: 'Revision must be specified',
  configMissing: (name: string) => `Deployment config ${name} does not exist`,
  descriptionTooLong: 'The description is too long.',
  alreadyCompleted: (id: string) => `The deployment ${id} has already completed.`,
  notWaiting: (id: string) => `The deployment ${id} is not waiting for ContinueDeployment.`,
  targetMissing: (id: string) => `The deployment target ${id} does not exist.`
}
