// How an ECS blue/green deployment moves on the virtual clock, one lifecycle event after another:
// BeforeInstall → Install (the replacement task set starts) → AfterInstall → AllowTestTraffic →
// AfterAllowTestTraffic → [Ready, with STOP_DEPLOYMENT] → BeforeAllowTraffic → AllowTraffic
// (production moves to the replacement) → AfterAllowTraffic → [termination wait] → the original
// task set is deleted, Succeeded. The group's outcome can make the AfterAllowTestTraffic hook fail.

import type { ServiceRecord, World } from '../state.js'
import { resolveTaskDefinition } from '../task-definitions.js'
import {
  hookFailure,
  rollbackMessage,
  stopMessage,
  readyTimeout,
  taskSetFailure
} from './messages.js'
import {
  codeDeployOf,
  groupKey,
  newDeploymentId,
  ECS_LIFECYCLE_EVENTS,
  TERMINAL_STATUSES,
  type CodeDeployDeploymentRecord,
  type DeploymentGroupRecord,
  type DeploymentStatus,
  type LifecycleStatus
} from './state.js'
import {
  createTaskSet,
  findTaskSet,
  promoteTaskSet,
  removeTaskSet,
  taskSetCounts
} from './task-sets.js'

/** Virtual seconds each step takes. */
export const codeDeployTiming = {
  start: 1,
  /** A lifecycle event with a hook Lambda; one without takes `plainEvent`. */
  hook: 3,
  plainEvent: 1,
  testTraffic: 2,
  traffic: 5,
  installCheck: 2,
  rollback: 10
}

export function groupOf(
  world: World,
  deployment: CodeDeployDeploymentRecord
): DeploymentGroupRecord {
  const group = codeDeployOf(world).groups.get(groupKey(deployment.application, deployment.group))
  if (group === undefined) throw new Error(`deployment group ${deployment.group} vanished`)
  return group
}

export function serviceOf(world: World, group: DeploymentGroupRecord): ServiceRecord | undefined {
  return world.clusters.get(group.cluster)?.services.get(group.service)
}

export function isFinished(deployment: CodeDeployDeploymentRecord): boolean {
  return TERMINAL_STATUSES.has(deployment.status)
}

function setStatus(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  status: DeploymentStatus
): void {
  if (deployment.status === status) return
  deployment.status = status
  if (TERMINAL_STATUSES.has(status)) deployment.completeTime = world.now
  world.record(`codedeploy-deployment ${status} ${deployment.id}`)
  const group = groupOf(world, deployment)
  if (deployment.creator === 'user') {
    group.lastAttempted = {
      deploymentId: deployment.id,
      status,
      createTime: deployment.createTime,
      ...(deployment.completeTime !== undefined && { endTime: deployment.completeTime })
    }
    if (status === 'Succeeded') {
      group.lastSuccessful = {
        deploymentId: deployment.id,
        status,
        createTime: deployment.createTime,
        endTime: world.now
      }
    }
  }
}

function setEvent(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  name: string,
  status: LifecycleStatus
): void {
  const event = deployment.events.find((e) => e.name === name)
  if (event === undefined || event.status === status) return
  event.status = status
  if (status === 'InProgress') event.startTime = world.now
  else event.endTime = world.now
  deployment.targetUpdatedAt = world.now
  world.record(`codedeploy-lifecycle ${deployment.id} ${name} ${status}`)
}

/** Schedules the whole deployment; every step first checks it is still running. */
export function startLifecycle(world: World, deployment: CodeDeployDeploymentRecord): void {
  const later = (seconds: number, what: string, run: () => void): void => {
    world.scheduler.after(seconds, `${deployment.id} ${what}`, () => {
      if (!isFinished(deployment)) run()
    })
  }
  const group = groupOf(world, deployment)
  const runEvent = (name: string, seconds: number, next: () => void): void => {
    setEvent(world, deployment, name, 'InProgress')
    later(seconds, name, () => {
      if (name === 'AfterAllowTestTraffic' && group.outcome !== 'success') {
        failOnHook(world, deployment, name)
        return
      }
      setEvent(world, deployment, name, 'Succeeded')
      next()
    })
  }
  const hookEvent = (name: string, next: () => void): void => {
    const takes =
      deployment.hooks[name] === undefined ? codeDeployTiming.plainEvent : codeDeployTiming.hook
    runEvent(name, takes, next)
  }

  const finish = (): void => {
    const service = serviceOf(world, group)
    if (service !== undefined && deployment.blueTaskSet !== undefined) {
      removeTaskSet(world, service, deployment.blueTaskSet)
    }
    deployment.targetStatus = 'Succeeded'
    deployment.targetUpdatedAt = world.now
    setStatus(world, deployment, 'Succeeded')
  }
  const terminationWait = (): void => {
    if (group.terminationWaitMinutes <= 0) {
      finish()
      return
    }
    // The original task set is kept for the termination wait; ContinueDeployment
    // (TERMINATION_WAIT) ends it early. Whether the status reads InProgress or Baking meanwhile
    // is not confirmed; InProgress is kept.
    deployment.waitingFor = 'TERMINATION_WAIT'
    deployment.resume = () => {
      deployment.waitingFor = undefined
      deployment.resume = undefined
      finish()
    }
    const resume = deployment.resume
    later(group.terminationWaitMinutes * 60, 'termination wait ends', () => {
      if (deployment.resume === resume) resume()
    })
  }
  const allowTraffic = (): void => {
    setEvent(world, deployment, 'AllowTraffic', 'InProgress')
    later(codeDeployTiming.traffic, 'AllowTraffic', () => {
      const service = serviceOf(world, group)
      const green = service && findTaskSet(service, deployment.greenTaskSet)
      if (service !== undefined && green !== undefined) promoteTaskSet(world, service, green)
      deployment.greenTraffic = 100
      world.record(`codedeploy-traffic ${deployment.id} 100`)
      setEvent(world, deployment, 'AllowTraffic', 'Succeeded')
      hookEvent('AfterAllowTraffic', terminationWait)
    })
  }
  const reroute = (): void => {
    hookEvent('BeforeAllowTraffic', allowTraffic)
  }
  const readyGate = (): void => {
    if (group.readyWaitMinutes <= 0) {
      reroute()
      return
    }
    setStatus(world, deployment, 'Ready')
    deployment.targetStatus = 'Ready'
    deployment.waitingFor = 'READY_WAIT'
    deployment.resume = () => {
      deployment.waitingFor = undefined
      deployment.resume = undefined
      deployment.targetStatus = 'InProgress'
      setStatus(world, deployment, 'InProgress')
      reroute()
    }
    const resume = deployment.resume
    later(group.readyWaitMinutes * 60, 'ready wait ends', () => {
      if (deployment.resume !== resume) return
      deployment.resume = undefined
      deployment.waitingFor = undefined
      endWith(
        world,
        deployment,
        'Stopped',
        { code: 'TIMEOUT', message: readyTimeout },
        'DEPLOYMENT_FAILURE'
      )
    })
  }
  const afterInstall = (): void => {
    hookEvent('AfterInstall', () => {
      setEvent(world, deployment, 'AllowTestTraffic', 'InProgress')
      later(codeDeployTiming.testTraffic, 'AllowTestTraffic', () => {
        setEvent(world, deployment, 'AllowTestTraffic', 'Succeeded')
        runEvent('AfterAllowTestTraffic', codeDeployTiming.hook, readyGate)
      })
    })
  }
  const install = (): void => {
    setEvent(world, deployment, 'Install', 'InProgress')
    const service = serviceOf(world, group)
    const taskDefinition = resolveTaskDefinition(world, deployment.taskDefinitionArn)
    if (service === undefined || taskDefinition === undefined || service.deployments.length === 0) {
      later(codeDeployTiming.installCheck, 'Install fails', () => {
        failEvent(world, deployment, 'Install', {
          errorCode: 'UnknownError',
          message: taskSetFailure(deployment.taskDefinitionArn)
        })
        endWith(
          world,
          deployment,
          'Failed',
          { code: 'ECS_UPDATE_ERROR', message: taskSetFailure(deployment.taskDefinitionArn) },
          'DEPLOYMENT_FAILURE'
        )
      })
      return
    }
    deployment.blueTaskSet = service.deployments.find((d) => d.status === 'PRIMARY')?.id
    const green = createTaskSet(world, service, taskDefinition, deployment.id)
    deployment.greenTaskSet = green.id
    world.record(`codedeploy-taskset ${deployment.id} ${green.id} created`)
    const check = (): void => {
      const { running } = taskSetCounts(world, green)
      if (running < green.desiredCount) {
        later(codeDeployTiming.installCheck, 'Install check', check)
        return
      }
      setEvent(world, deployment, 'Install', 'Succeeded')
      afterInstall()
    }
    later(codeDeployTiming.installCheck, 'Install check', check)
  }

  later(codeDeployTiming.start, 'starts', () => {
    deployment.startTime = world.now
    deployment.targetStatus = 'InProgress'
    setStatus(world, deployment, 'InProgress')
    hookEvent('BeforeInstall', install)
  })
}

function failEvent(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  name: string,
  diagnostics: { errorCode: string; message: string }
): void {
  const event = deployment.events.find((e) => e.name === name)
  if (event !== undefined) {
    event.diagnostics = { ...diagnostics, scriptName: deployment.hooks[name] ?? '', logTail: '' }
  }
  setEvent(world, deployment, name, 'Failed')
}

function failOnHook(world: World, deployment: CodeDeployDeploymentRecord, name: string): void {
  const hook = deployment.hooks[name] ?? `${name} hook`
  failEvent(world, deployment, name, {
    errorCode: 'UnknownError',
    message: hookFailure.diagnostics(hook)
  })
  endWith(
    world,
    deployment,
    'Failed',
    { code: 'HOOK_EXECUTION_FAILURE', message: hookFailure.error(name) },
    'DEPLOYMENT_FAILURE'
  )
}

/**
 * Ends a deployment that did not succeed: the remaining events are Skipped, and CodeDeploy rolls
 * back when asked to (StopDeployment's autoRollbackEnabled) or when the group's automatic
 * rollback covers `trigger`.
 */
export function endWith(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  status: 'Failed' | 'Stopped',
  error: { code: string; message: string },
  trigger: 'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_REQUEST',
  rollback?: boolean
): void {
  deployment.waitingFor = undefined
  deployment.resume = undefined
  for (const event of deployment.events) {
    if (event.status === 'InProgress')
      setEvent(world, deployment, event.name, status === 'Stopped' ? 'Skipped' : 'Failed')
    else if (event.status === 'Pending') setEvent(world, deployment, event.name, 'Skipped')
  }
  deployment.errorInformation = error
  deployment.targetStatus = 'Failed'
  deployment.targetUpdatedAt = world.now
  const group = groupOf(world, deployment)
  const rollsBack =
    rollback ?? (group.autoRollback.enabled && group.autoRollback.events.includes(trigger))
  if (rollsBack && deployment.creator === 'user') {
    const rollbackId = newDeploymentId(world)
    deployment.rollbackInfo = {
      rollbackDeploymentId: rollbackId,
      rollbackMessage: rollbackMessage(rollbackId)
    }
    setStatus(world, deployment, status)
    startRollback(world, deployment, rollbackId)
    return
  }
  setStatus(world, deployment, status)
}

/** The rollback deployment: production back on the original task set, the replacement deleted. */
function startRollback(world: World, failed: CodeDeployDeploymentRecord, rollbackId: string): void {
  const group = groupOf(world, failed)
  const service = serviceOf(world, group)
  const original = service && findTaskSet(service, failed.blueTaskSet)
  const rollback: CodeDeployDeploymentRecord = {
    id: rollbackId,
    application: failed.application,
    group: failed.group,
    status: 'Created',
    creator: 'codeDeployRollback',
    createTime: world.now,
    startTime: world.now,
    deploymentConfigName: failed.deploymentConfigName,
    revision: failed.revision,
    taskDefinitionArn: original?.taskDefinitionArn ?? failed.taskDefinitionArn,
    hooks: {},
    rollbackInfo: { rollbackTriggeringDeploymentId: failed.id },
    events: [{ name: 'AllowTraffic', status: 'Pending' }],
    targetStatus: 'InProgress',
    targetUpdatedAt: world.now,
    ...(failed.blueTaskSet !== undefined && { blueTaskSet: failed.blueTaskSet }),
    ...(failed.greenTaskSet !== undefined && { greenTaskSet: failed.greenTaskSet }),
    greenTraffic: failed.greenTraffic
  }
  codeDeployOf(world).deployments.set(rollback.id, rollback)
  world.record(`codedeploy-deployment Created ${rollback.id}`)
  setStatus(world, rollback, 'InProgress')
  setEvent(world, rollback, 'AllowTraffic', 'InProgress')
  world.scheduler.after(codeDeployTiming.rollback, `${rollback.id} rollback`, () => {
    if (service !== undefined) {
      if (original !== undefined) promoteTaskSet(world, service, original)
      if (failed.greenTaskSet !== undefined) removeTaskSet(world, service, failed.greenTaskSet)
    }
    failed.greenTraffic = 0
    rollback.greenTraffic = 0
    setEvent(world, rollback, 'AllowTraffic', 'Succeeded')
    rollback.targetStatus = 'Succeeded'
    setStatus(world, rollback, 'Succeeded')
  })
}

/** StopDeployment: ends it as Stopped (MANUAL_STOP), rolling back when asked or configured. */
export function stopDeployment(
  world: World,
  deployment: CodeDeployDeploymentRecord,
  autoRollbackEnabled: boolean | undefined
): void {
  endWith(
    world,
    deployment,
    'Stopped',
    { code: 'MANUAL_STOP', message: stopMessage },
    'DEPLOYMENT_STOP_ON_REQUEST',
    autoRollbackEnabled
  )
}

export function newLifecycleEvents(): CodeDeployDeploymentRecord['events'] {
  return ECS_LIFECYCLE_EVENTS.map((name) => ({ name, status: 'Pending' as const }))
}
