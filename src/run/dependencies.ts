import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { CodeDeployPort } from '../aws/codedeploy.js'
import type { EcrPort } from '../aws/ecr.js'
import type { EcsPort } from '../aws/ecs.js'
import type { EventBridgePort } from '../aws/eventbridge.js'
import type { LogStreamPort } from '../aws/log-stream.js'
import type { LogsPort } from '../aws/logs.js'
import type { SchedulerPort } from '../aws/scheduler.js'
import type { TaskDefinitionsPort } from '../aws/task-definitions.js'
import type { TaskPort } from '../aws/tasks.js'
import type { Clock } from '../clock.js'
import type { GitHubDeploymentsPort } from '../github/deployments.js'
import type { InputFileReader } from '../input/file.js'
import type { WorkflowContext } from '../github/workflow-context.js'
import type { SettingsSource } from '../settings/index.js'

/** Everything the run talks to, injected so tests can stand in for any of it. */
export interface RunDependencies {
  source: SettingsSource
  /**
   * Reads a file input: the one safe reader (src/input/file.ts) in a run, which refuses links out
   * of the workspace, files that are not regular and files over 1 MiB.
   */
  readFile: InputFileReader
  /** Created only after the inputs are valid, so bad input never reaches AWS. */
  ecs(): EcsPort
  logs(): LogsPort
  ecr(): EcrPort
  taskDefinitions(): TaskDefinitionsPort
  codeDeploy(): CodeDeployPort
  /** RunTask, DescribeTasks and StopTask for the run-task gate. */
  tasks(): TaskPort
  logStream(): LogStreamPort
  /** EventBridge rules and their targets, for scheduled tasks. */
  eventBridge(): EventBridgePort
  /** EventBridge Scheduler schedules, for scheduled tasks. */
  scheduler(): SchedulerPort
  /** Writes the rendered task definition for other steps; returns its path. */
  writeRendered(taskDefinition: RegisterTaskDefinitionCommandInput): Promise<string>
  /** The one clock of the run; compressed against the local emulator (clock.ts). */
  clock: Clock
  github: {
    /** The workflow run: repository, commit, ref and run, for tags and deployments. */
    context(): Promise<WorkflowContext>
    deployments(token: string): GitHubDeploymentsPort
  }
  signal?: AbortSignal
}
