// CodeDeploy records → the JSON shapes GetDeploymentGroup, GetDeployment and
// BatchGetDeploymentTargets return (epoch-second timestamps, undefined members omitted).

import { ACCOUNT_ID, arns } from '../arns.js'
import type { JsonObject, World } from '../state.js'
import { groupOf, serviceOf } from './lifecycle.js'
import type { CodeDeployDeploymentRecord, DeploymentGroupRecord } from './state.js'
import { findTaskSet, taskSetCounts } from './task-sets.js'

const seconds = (value: number | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(value * 1000) / 1000

const SERVICE_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/ecsCodeDeployRole`

export function targetId(group: DeploymentGroupRecord): string {
  return `${group.cluster}:${group.service}`
}

export function deploymentGroupWire(world: World, group: DeploymentGroupRecord): JsonObject {
  const targetGroup = (color: string): JsonObject => ({ name: `${group.service}-${color}` })
  const lastInfo = (info: DeploymentGroupRecord['lastAttempted']): JsonObject | undefined =>
    info === undefined
      ? undefined
      : {
          deploymentId: info.deploymentId,
          status: info.status,
          endTime: seconds(info.endTime),
          createTime: seconds(info.createTime)
        }
  return {
    applicationName: group.application,
    deploymentGroupId: group.id,
    deploymentGroupName: group.name,
    deploymentConfigName: group.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: SERVICE_ROLE,
    triggerConfigurations: [],
    alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    autoRollbackConfiguration: group.autoRollback,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    outdatedInstancesStrategy: 'UPDATE',
    blueGreenDeploymentConfiguration: group.blueGreen,
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: [targetGroup('blue'), targetGroup('green')],
          prodTrafficRoute: {
            listenerArns: [
              `arn:aws:elasticloadbalancing:${world.region}:${ACCOUNT_ID}:listener/app/${group.service}/0123456789abcdef/0123456789abcdef`
            ]
          }
        }
      ]
    },
    lastSuccessfulDeployment: lastInfo(group.lastSuccessful),
    lastAttemptedDeployment: lastInfo(group.lastAttempted),
    computePlatform: 'ECS',
    ecsServices: [{ serviceName: group.service, clusterName: group.cluster }],
    terminationHookEnabled: false
  }
}

export function deploymentWire(world: World, deployment: CodeDeployDeploymentRecord): JsonObject {
  const group = groupOf(world, deployment)
  const finished = deployment.status === 'Succeeded' ? 1 : 0
  const failed = deployment.status === 'Failed' || deployment.status === 'Stopped' ? 1 : 0
  return {
    applicationName: deployment.application,
    deploymentGroupName: deployment.group,
    deploymentConfigName: deployment.deploymentConfigName,
    deploymentId: deployment.id,
    revision: deployment.revision,
    status: deployment.status,
    errorInformation: deployment.errorInformation,
    createTime: seconds(deployment.createTime),
    startTime: seconds(deployment.startTime),
    completeTime: seconds(deployment.completeTime),
    deploymentOverview: {
      Pending: deployment.status === 'Created' ? 1 : 0,
      InProgress:
        finished + failed === 0 && deployment.status !== 'Created' && deployment.status !== 'Ready'
          ? 1
          : 0,
      Succeeded: finished,
      Failed: failed,
      Skipped: 0,
      Ready: deployment.status === 'Ready' ? 1 : 0
    },
    description: deployment.description,
    creator: deployment.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: group.autoRollback,
    updateOutdatedInstancesOnly: false,
    rollbackInfo: deployment.rollbackInfo,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: deployment.waitingFor === 'TERMINATION_WAIT',
    blueGreenDeploymentConfiguration: group.blueGreen,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'ECS'
  }
}

export function ecsTargetWire(world: World, deployment: CodeDeployDeploymentRecord): JsonObject {
  const group = groupOf(world, deployment)
  const service = serviceOf(world, group)
  const taskSetInfo = (id: string | undefined, label: 'Blue' | 'Green'): JsonObject | undefined => {
    const taskSet = service && findTaskSet(service, id)
    if (taskSet === undefined) return undefined
    const { running, pending } = taskSetCounts(world, taskSet)
    const greenWeight = deployment.greenTraffic
    return {
      identifer: taskSet.id, // sic: the API's own spelling
      desiredCount: taskSet.desiredCount,
      pendingCount: pending,
      runningCount: running,
      status: taskSet.status,
      trafficWeight: label === 'Green' ? greenWeight : 100 - greenWeight,
      targetGroup: { name: `${group.service}-${label === 'Green' ? 'green' : 'blue'}` },
      taskSetLabel: label
    }
  }
  return {
    deploymentId: deployment.id,
    targetId: targetId(group),
    targetArn: arns.service(world.region, group.cluster, group.service),
    lastUpdatedAt: seconds(deployment.targetUpdatedAt),
    lifecycleEvents: deployment.events.map((event) => ({
      lifecycleEventName: event.name,
      diagnostics: event.diagnostics,
      startTime: seconds(event.startTime),
      endTime: seconds(event.endTime),
      status: event.status
    })),
    status: deployment.targetStatus,
    taskSetsInfo: [
      taskSetInfo(deployment.blueTaskSet, 'Blue'),
      taskSetInfo(deployment.greenTaskSet, 'Green')
    ].filter((info) => info !== undefined)
  }
}
