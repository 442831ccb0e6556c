import type { DeploymentInfo, ECSTarget, LifecycleEvent } from '@aws-sdk/client-codedeploy'
import { familyRevision } from '../text/names.js'
import type { RollbackCause, Verdict } from '../verdict.js'

/** One poll of CodeDeploy: the deployment, and its ECS target when CodeDeploy lists one. */
export interface CodeDeployObservation {
  readonly at: number
  readonly deployment: DeploymentInfo
  readonly target?: ECSTarget
}

export interface CodeDeployJudgeContext {
  readonly deploymentId: string
  readonly taskDefinitionArn: string
  /** The service's task definition before this run, named when CodeDeploy rolls back to it. */
  readonly previousTaskDefinitionArn?: string
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped'])

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status)
}

/**
 * The verdict for one observation, or `undefined` while CodeDeploy is still at work. A rollback is
 * what CodeDeploy reports in `rollbackInfo.rollbackDeploymentId`; `rollbackInfo` without that id
 * only explains why there was none.
 */
export function judgeCodeDeploy(
  context: CodeDeployJudgeContext,
  observation: CodeDeployObservation
): Verdict | undefined {
  const { deployment, target } = observation
  const id = context.deploymentId
  switch (deployment.status) {
    case 'Succeeded':
      return {
        kind: 'succeeded',
        reason: `CodeDeploy deployment ${id} succeeded: the service runs ${familyRevision(context.taskDefinitionArn)}.`
      }
    case 'Failed':
    case 'Stopped': {
      const why = failureDetail(deployment, target)
      const verb = deployment.status === 'Failed' ? 'failed' : 'was stopped'
      const rollbackId = deployment.rollbackInfo?.rollbackDeploymentId
      if (rollbackId !== undefined && rollbackId !== '') {
        const previous = context.previousTaskDefinitionArn
        return {
          kind: 'rolled-back',
          cause: rollbackCause(deployment),
          reason:
            `CodeDeploy deployment ${id} ${verb}${why} CodeDeploy rolled it back with deployment ${rollbackId}` +
            (previous === undefined ? '.' : `: the service stays on ${familyRevision(previous)}.`),
          ...(previous !== undefined && { rollbackTaskDefinitionArn: previous })
        }
      }
      const noRollback = deployment.rollbackInfo?.rollbackMessage
      return {
        kind: 'failed',
        reason:
          `CodeDeploy deployment ${id} ${verb}${why} It was not rolled back` +
          (noRollback === undefined || noRollback === '' ? '.' : ` (${trimStop(noRollback)}).`)
      }
    }
    default:
      return undefined
  }
}

/** ": CODE: message. AfterAllowTestTraffic failed: diagnostics." — or "." when CodeDeploy says nothing. */
export function failureDetail(deployment: DeploymentInfo, target: ECSTarget | undefined): string {
  const parts: string[] = []
  const error = deployment.errorInformation
  if (error?.code !== undefined || error?.message !== undefined) {
    parts.push([error.code, error.message && trimStop(error.message)].filter(Boolean).join(': '))
  }
  const failed = failedEvent(target)
  if (failed !== undefined) {
    // CodeDeploy's own message often names the event already: then only its diagnostics are news.
    const named =
      failed.lifecycleEventName !== undefined &&
      (error?.message ?? '').includes(failed.lifecycleEventName)
    const detail = eventDiagnostics(failed)
    if (!named) parts.push(describeFailedEvent(failed))
    else if (detail !== '') parts.push(detail)
  }
  return parts.length === 0 ? '.' : `: ${parts.join('. ')}.`
}

export function failedEvent(target: ECSTarget | undefined): LifecycleEvent | undefined {
  return target?.lifecycleEvents?.find((event) => event.status === 'Failed')
}

function eventDiagnostics(event: LifecycleEvent): string {
  const diagnostics = event.diagnostics
  return [diagnostics?.errorCode, diagnostics?.message && trimStop(diagnostics.message)]
    .filter(Boolean)
    .join(': ')
}

export function describeFailedEvent(event: LifecycleEvent): string {
  const detail = eventDiagnostics(event)
  return `lifecycle event ${event.lifecycleEventName ?? 'unknown'} failed${detail === '' ? '' : ` (${detail})`}`
}

function rollbackCause(deployment: DeploymentInfo): RollbackCause {
  const code = deployment.errorInformation?.code
  if (code === 'ALARM_ACTIVE') return 'alarms'
  if (code === 'MANUAL_STOP') return 'manual'
  const text = `${deployment.errorInformation?.message ?? ''} ${deployment.rollbackInfo?.rollbackMessage ?? ''}`
  return /alarm/i.test(text) ? 'alarms' : 'unknown'
}

function trimStop(text: string): string {
  return text.trim().replace(/\.$/, '')
}
