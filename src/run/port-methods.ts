// The method names of each port, for lazyPort (src/lazy.ts). Types only are imported here, so
// naming them loads no AWS client.
import type { MethodNames } from '../lazy.js'
import type { GitHubDeploymentsPort } from '../github/deployments.js'
import type { CodeDeployPort } from '../aws/codedeploy.js'
import type { EcrPort } from '../aws/ecr.js'
import type { EcsPort } from '../aws/ecs.js'
import type { EventBridgePort } from '../aws/eventbridge.js'
import type { LogStreamPort } from '../aws/log-stream.js'
import type { LogsPort } from '../aws/logs.js'
import type { SchedulerPort } from '../aws/scheduler.js'
import type { TaskDefinitionsPort } from '../aws/task-definitions.js'
import type { TaskPort } from '../aws/tasks.js'

export const ECS_METHODS: MethodNames<EcsPort> = {
  region: true,
  registerTaskDefinition: true,
  describeTaskDefinition: true,
  describeService: true,
  describeServices: true,
  updateService: true,
  describeServiceDeployment: true,
  describeServiceDeployments: true,
  listServiceDeployments: true,
  serviceRevisionTaskDefinition: true,
  serviceRevisionTaskDefinitions: true,
  stopServiceDeployment: true,
  listStoppedTasks: true,
  describeTasks: true
}
export const TASK_DEFINITIONS_METHODS: MethodNames<TaskDefinitionsPort> = {
  listActiveRevisions: true,
  deregister: true
}
export const TASK_METHODS: MethodNames<TaskPort> = {
  runTask: true,
  describeTasks: true,
  stopTask: true
}
export const CODEDEPLOY_METHODS: MethodNames<CodeDeployPort> = {
  getDeploymentGroup: true,
  createDeployment: true,
  getDeployment: true,
  listDeploymentTargets: true,
  batchGetDeploymentTargets: true,
  stopDeployment: true
}
export const LOG_STREAM_METHODS: MethodNames<LogStreamPort> = { readForward: true }
export const LOGS_METHODS: MethodNames<LogsPort> = { tail: true }
export const ECR_METHODS: MethodNames<EcrPort> = { digestOf: true, pullThroughCachePrefixes: true }
export const GITHUB_DEPLOYMENTS_METHODS: MethodNames<GitHubDeploymentsPort> = {
  createDeployment: true,
  createDeploymentStatus: true
}
export const EVENTBRIDGE_METHODS: MethodNames<EventBridgePort> = {
  listRules: true,
  listTargetsByRule: true,
  listRuleNamesByTarget: true,
  putTargets: true
}
export const SCHEDULER_METHODS: MethodNames<SchedulerPort> = {
  listSchedules: true,
  getSchedule: true,
  updateSchedule: true
}
