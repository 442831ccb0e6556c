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
  // A real alarm rollback (a public evidence log, ECS events verbatim): "(service fraud-api-prod)
  // (deployment ecs-svc/8028...) deployment failed: alarm detected." then "rolling back to …".
  deploymentFailedAlarm: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: alarm detected.`,
  rollingBack: (service: string, deploymentId: string) =>
    `(service ${service}) rolling back to deployment ${deploymentId}.`,
  // Several field reports of bad image tags on Fargate, e.g. "(service backend-rag-multipurpose)
  // was unable to place a task. Reason: CannotPullContainerError: pull image manifest has been
  // retried 7 time(s): failed to resolve ref 9613….dkr.ecr.ap-southeast-1.amazonaws.com/rag-nginx:latest: not found."
  unableToPlace: (service: string, reason: string) =>
    `(service ${service}) was unable to place a task. Reason: ${reason}.`,
  // Fargate form, developer guide, service-unhealthy-event-messages
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-unhealthy-event-messages.html):
  // "(service service-name) (task task-id) (port port-number) is unhealthy in (target-group
  // target-group-name) due to (reason failure-reason)". The reason is the target group's health
  // description ("Health checks failed" for Target.FailedHealthChecks, ELB TargetHealth).
  // unconfirmed: whether ECS names the target group by name or ARN here (the stopped reason
  // below shows the ARN), and the trailing period.
  unhealthyInTargetGroup: (service: string, taskId: string, port: number, targetGroup: string) =>
    `(service ${service}) (task ${taskId}) (port ${port}) is unhealthy in (target-group ${targetGroup}) due to (reason Health checks failed).`,
  // Project notes (ecs-api.md §1.3, from the archived developer guide and copilot fixtures):
  // "(service X) (task …) failed container health checks."
  failedContainerHealthChecks: (service: string, taskId: string) =>
    `(service ${service}) (task ${taskId}) failed container health checks.`,
  // A real DescribeServices event (Shippable/support#4462): "(service …) was unable to place a
  // task because no container instance met all of its requirements. The closest matching
  // (container-instance 47d5cb9a-…) is already using a port required by your task. For more
  // information, see the Troubleshooting section of the Amazon ECS Developer Guide." The memory
  // cause ("Not enough memory" in the developer guide, service-event-messages) is worded like the
  // documented "has insufficient CPU units available". unconfirmed: "has insufficient memory
  // available" verbatim.
  noInstanceHasRoom: (service: string, containerInstanceId: string) =>
    `(service ${service}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${containerInstanceId}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  // Verbatim from a 2020 describe-services capture, including the trailing sentence.
  unableToStart: (service: string) =>
    `(service ${service}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`
}

export const rolloutReason = {
  inProgress: (deploymentId: string) => `ECS deployment ${deploymentId} in progress.`,
  completed: (deploymentId: string) => `ECS deployment ${deploymentId} completed.`,
  breakerFailed: 'ECS deployment circuit breaker: tasks failed to start.',
  rollingBackTo: (deploymentId: string) =>
    `ECS deployment circuit breaker: rolling back to deploymentId ${deploymentId}.`,
  // Not confirmed: no real alarm rolloutStateReason was found. Shaped like the breaker's texts
  // ("<mechanism>: <cause>") with the cause from the confirmed event "deployment failed: alarm detected."
  alarmFailed: 'ECS deployment alarms: alarm detected.',
  alarmRollingBackTo: (deploymentId: string) =>
    `ECS deployment alarms: rolling back to deploymentId ${deploymentId}.`,
  // Not confirmed: the texts ECS writes for StopServiceDeployment were not found in any source.
  userRollback: 'ECS deployment rollback requested by user.',
  userRollingBackTo: (deploymentId: string) =>
    `ECS deployment rollback requested by user: rolling back to deploymentId ${deploymentId}.`,
  userStop: 'ECS deployment stop requested by user.'
}

/** The `Reason: …` of a placement failure (eventText.unableToPlace). */
export const placementReason = {
  // sil-org/ecs-deploy#277 quotes the service event "was unable to place a task. Reason: Capacity
  // is unavailable at this time. Please try again later or in a different availability zone";
  // re:Post knowledge center ecs-fargate-runtask-capacity gives the same text for RunTask.
  fargateCapacity:
    'Capacity is unavailable at this time. Please try again later or in a different availability zone'
}

export const stopReason = {
  essentialExited: 'Essential container in task exited',
  // copilot's deploy progress (gist efekarakus/fe4afc1ab8b54835d27e47e253f46254): "Task failed ELB
  // health checks in (target-group arn:aws:elasticloadbalancing:us-west-2:…:targetgroup/…)".
  elbHealthChecks: (targetGroupArn: string) =>
    `Task failed ELB health checks in (target-group ${targetGroupArn})`,
  // re:Post knowledge center, "Why is my Amazon ECS task stopped?" (ecs-task-stopped): the
  // stopped reasons "Task failed ELB health checks" and "Task failed container health checks".
  containerHealthChecks: 'Task failed container health checks',
  // The deployment named is the one the task belongs to, e.g. startedBy ecs-svc/9223370555039069146
  // with "Scaling activity initiated by (deployment ecs-svc/9223370555039069146)".
  scalingActivity: (deploymentId: string) =>
    `Scaling activity initiated by (deployment ${deploymentId})`,
  // Fargate (containerd) wording for a tag that does not exist; the ref appears twice, as in
  // "failed to resolve ref ghcr.io/…:9f3f…@sha256:cca4…: ghcr.io/…:9f3f…@sha256:cca4…: not found"
  // (usdr-gost PR #4036). ECR reports show "retried 7 time(s)" (two independent write-ups).
  pullError: (image: string) =>
    `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${image}: ${image}: not found`
}
