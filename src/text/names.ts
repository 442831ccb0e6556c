/** `arn:aws:ecs:…:task-definition/web:42` → `web:42`; anything else is returned as it is. */
export function familyRevision(taskDefinitionArn: string | undefined): string {
  if (taskDefinitionArn === undefined) return 'unknown'
  const slash = taskDefinitionArn.lastIndexOf('task-definition/')
  return slash === -1
    ? taskDefinitionArn
    : taskDefinitionArn.slice(slash + 'task-definition/'.length)
}

/** `arn:aws:ecs:…:task/prod/0123abcd…` → `0123abcd…` */
export function taskId(taskArn: string | undefined): string {
  return taskArn?.split('/').pop() ?? 'unknown'
}
