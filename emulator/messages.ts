// The texts ECS writes into service events, rollout reasons and stopped tasks. Each one is
// copied in shape from real output (sources in the comments), because callers match on them.

const taskList = (taskIds: readonly string[]): string =>
  taskIds.map((id) => `(task ${id})`).join(' ')

export const eventText = {
  // "(service X) has started 1 tasks: (task …)." (field report FIELD-1, copilot fixtures)
  started: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has started ${taskIds.length} tasks: ${taskList(taskIds)}.`,
  // "(service nginx-local) has stopped 1 running tasks: (task 834a…)." (ecspresso logs)
  stopped: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has stopped ${taskIds.length} running tasks: ${taskList(taskIds)}.`,
  steadyState: (service: string) => `(service ${service}) has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  // FIELD-2 timeline and copilot fixtures: "… deployment failed: tasks failed to start."
  deploymentFailed: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, deploymentId: string) =>
    `(service ${service}) rolling back to deployment ${deploymentId}.`,
  // Verbatim from a 2020 describe-services capture, including the trailing sentence.
  unableToStart: (service: string) =>
    `(service ${service}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`
}

export const rolloutReason = {
  inProgress: (deploymentId: string) => `ECS deployment ${deploymentId} in progress.`,
  completed: (deploymentId: string) => `ECS deployment ${deploymentId} completed.`,
  breakerFailed: 'ECS deployment circuit breaker: tasks failed to start.',
  rollingBackTo: (deploymentId: string) =>
    `ECS deployment circuit breaker: rolling back to deploymentId ${deploymentId}.`
}

export const stopReason = {
  essentialExited: 'Essential container in task exited',
  // The deployment named is the one the task belongs to, e.g. startedBy ecs-svc/9223370555039069146
  // with "Scaling activity initiated by (deployment ecs-svc/9223370555039069146)".
  scalingActivity: (deploymentId: string) =>
    `Scaling activity initiated by (deployment ${deploymentId})`
}
