// Turns the seeded service into a CODE_DEPLOY service: deploymentController CODE_DEPLOY, its
// running deployment shown as the PRIMARY task set (created by an earlier, successful CodeDeploy
// deployment), and the application AppECS-{cluster}-{service} with the deployment group
// DgpECS-{cluster}-{service}, the names the ECS console gives them.

import type { JsonObject, World } from '../state.js'
import { newLifecycleEvents } from './lifecycle.js'
import {
  codeDeployOf,
  groupKey,
  newDeploymentId,
  type CodeDeployDeploymentRecord,
  type CodeDeployOutcome,
  type DeploymentGroupRecord
} from './state.js'

export interface CodeDeployOptions {
  /** What deployments to the group do: succeed, fail the AfterAllowTestTraffic hook and roll back, or fail with automatic rollback off. */
  outcome: CodeDeployOutcome
  /** > 0: deploymentReadyOption STOP_DEPLOYMENT with this wait (the deployment waits in Ready for ContinueDeployment). Default 0. */
  readyWaitMinutes?: number
  /** terminationWaitTimeInMinutes (default 0); present but undefined: the member is left out. */
  terminationWaitMinutes?: number | undefined
  /** The group has no deploymentReadyOption nor terminateBlueInstancesOnDeploymentSuccess. */
  omitWaitOptions?: boolean
}

const DAY = 86_400

export function seedCodeDeploy(
  world: World,
  options: CodeDeployOptions,
  target: { cluster: string; service: string }
): void {
  const service = world.clusters.get(target.cluster)?.services.get(target.service)
  if (service === undefined) return
  const state = codeDeployOf(world)
  const application = `AppECS-${target.cluster}-${target.service}`
  const groupName = `DgpECS-${target.cluster}-${target.service}`
  if (state.groups.has(groupKey(application, groupName))) return
  service.controller = 'CODE_DEPLOY'

  const readyWaitMinutes = Math.max(0, options.readyWaitMinutes ?? 0)
  const terminationWaitMinutes = options.terminationWaitMinutes ?? 0
  const blueGreen: JsonObject = options.omitWaitOptions
    ? {}
    : {
        deploymentReadyOption:
          readyWaitMinutes > 0
            ? { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: readyWaitMinutes }
            : { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
        terminateBlueInstancesOnDeploymentSuccess: {
          action: 'TERMINATE',
          ...('terminationWaitMinutes' in options && options.terminationWaitMinutes === undefined
            ? {}
            : { terminationWaitTimeInMinutes: terminationWaitMinutes })
        }
      }
  state.applications.set(application, {
    name: application,
    id: world.ids.uuid(),
    createTime: world.now - 30 * DAY
  })
  const group: DeploymentGroupRecord = {
    application,
    name: groupName,
    id: world.ids.uuid(),
    cluster: target.cluster,
    service: target.service,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    autoRollback:
      options.outcome === 'fail-no-rollback'
        ? { enabled: false, events: [] }
        : { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'] },
    blueGreen,
    readyWaitMinutes: options.omitWaitOptions ? 0 : readyWaitMinutes,
    terminationWaitMinutes: options.omitWaitOptions ? 0 : terminationWaitMinutes,
    outcome: options.outcome
  }
  state.groups.set(groupKey(application, groupName), group)

  // The deployment that created the running task set, a day ago.
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  if (primary === undefined) return
  const createdAt = world.now - DAY
  const past: CodeDeployDeploymentRecord = {
    id: newDeploymentId(world),
    application,
    group: groupName,
    status: 'Succeeded',
    creator: 'user',
    createTime: createdAt,
    startTime: createdAt + 1,
    completeTime: createdAt + 120,
    deploymentConfigName: group.deploymentConfigName,
    revision: { revisionType: 'AppSpecContent' },
    taskDefinitionArn: primary.taskDefinitionArn,
    hooks: {},
    events: newLifecycleEvents().map((event) => ({ ...event, status: 'Succeeded' as const })),
    targetStatus: 'Succeeded',
    targetUpdatedAt: createdAt + 120,
    greenTaskSet: primary.id,
    greenTraffic: 100
  }
  state.deployments.set(past.id, past)
  state.taskSetOwners.set(primary.id, past.id)
  group.lastSuccessful = {
    deploymentId: past.id,
    status: 'Succeeded',
    createTime: createdAt,
    endTime: createdAt + 120
  }
  group.lastAttempted = { ...group.lastSuccessful }
}
