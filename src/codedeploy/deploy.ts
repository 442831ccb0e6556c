import type { DeploymentGroupInfo, DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import type { CodeDeployPort } from '../aws/codedeploy.js'
import { classifyError, describeAwsError, errorName } from '../aws/errors.js'
import { extendTimeLimit, type Clock } from '../clock.js'
import { pollUntil } from '../aws/poll.js'
import type { Verdict } from '../verdict.js'
import { renderAppSpec, type AppSpec } from './appspec.js'
import { judgeCodeDeploy, type CodeDeployObservation } from './judge.js'
import { codeDeployConsoleUrl } from './links.js'
import { currentLifecycleState, newProgress, progressLines } from './progress.js'
import type { CodeDeploySettings } from './settings.js'

export interface CodeDeployLog {
  info(line: string): void
  warning(line: string): void
}

export interface DeployWithCodeDeployOptions {
  port: CodeDeployPort
  clock: Clock
  settings: CodeDeploySettings
  /** Loaded and checked up front with loadAppSpec. */
  appSpec: AppSpec
  /** The revision this run registered: written into the AppSpec. */
  taskDefinitionArn: string
  /** The service's task definition before this run: named when CodeDeploy rolls back to it. */
  previousTaskDefinitionArn?: string
  cluster: string
  service: string
  region: string
  log: CodeDeployLog
  /** false: start the deployment and return without a verdict. Default true. */
  wait?: boolean
  /** wait-for-minutes; the group's ready and termination waits are added (360 in all at most). */
  waitForMinutes: number
  pollIntervalMs: number
  /** On timeout or cancellation, StopDeployment with autoRollbackEnabled (rollback-on-failure). */
  rollbackOnFailure?: boolean
  signal?: AbortSignal
}

export interface CodeDeployResult {
  /** For the `codedeploy-deployment-id` output. */
  deploymentId: string
  /** Undefined only when `wait` is false. */
  verdict: Verdict | undefined
  consoleUrl: string
  /** The whole wait: wait-for-minutes plus the group's ready and termination waits, capped. */
  waitMinutes: number
}

/** A GitHub-hosted job runs 6 hours at most; the official action caps the wait there too. */
export const MAX_TOTAL_WAIT_MINUTES = 360
// CodeDeploy sets rollbackInfo a moment after it fails a deployment it is about to roll back.
const ROLLBACK_GRACE_POLLS = 2

/**
 * Deploys to a CODE_DEPLOY service: reads the deployment group's waits (missing ones count as 0,
 * where the official action crashes), creates the deployment from the AppSpec with the new task
 * definition, then watches it with our own poll loop until it ends, the deadline passes or the
 * run is cancelled. Transient errors are retried inside the deadline; permanent ones throw.
 */
export async function deployWithCodeDeploy(
  options: DeployWithCodeDeployOptions
): Promise<CodeDeployResult> {
  const { port, clock, settings, log } = options
  const group = await call('GetDeploymentGroup', settings, () =>
    port.getDeploymentGroup({
      applicationName: settings.application,
      deploymentGroupName: settings.deploymentGroup
    })
  )
  const waits = groupWaits(group)
  const rendered = renderAppSpec(options.appSpec, options.taskDefinitionArn)
  const deploymentId = await call('CreateDeployment', settings, () =>
    port.createDeployment({
      applicationName: settings.application,
      deploymentGroupName: settings.deploymentGroup,
      appSpec: rendered,
      ...(settings.deploymentConfig !== undefined && {
        deploymentConfigName: settings.deploymentConfig
      }),
      ...(settings.description !== undefined && { description: settings.description })
    })
  )
  const startedAt = clock.now()
  const consoleUrl = codeDeployConsoleUrl({ region: options.region, deploymentId })
  log.info(
    `Started CodeDeploy deployment ${deploymentId} (application ${settings.application}, deployment group ${settings.deploymentGroup}).`
  )
  log.info(`Watch it in the CodeDeploy console: ${consoleUrl}`)

  const waitMinutes = Math.min(
    options.waitForMinutes + waits.readyMinutes + waits.terminationMinutes,
    MAX_TOTAL_WAIT_MINUTES
  )
  if (options.wait === false) return { deploymentId, verdict: undefined, consoleUrl, waitMinutes }
  log.info(
    `Waiting up to ${waitMinutes} min (wait-for-minutes ${options.waitForMinutes} + ready wait ${waits.readyMinutes} + termination wait ${waits.terminationMinutes}` +
      `${waitMinutes === MAX_TOTAL_WAIT_MINUTES ? `, capped at ${MAX_TOTAL_WAIT_MINUTES}` : ''}).`
  )
  // The step's time limit counted wait-for-minutes for the watch: the group's waits come on top.
  extendTimeLimit(options.signal, (waitMinutes - options.waitForMinutes) * 60_000)

  const context = {
    deploymentId,
    taskDefinitionArn: options.taskDefinitionArn,
    ...(options.previousTaskDefinitionArn !== undefined && {
      previousTaskDefinitionArn: options.previousTaskDefinitionArn
    })
  }
  const progress = newProgress()
  const targets = targetReader({ port, deploymentId, log })
  let grace = ROLLBACK_GRACE_POLLS
  const outcome = await pollUntil<CodeDeployObservation, Verdict>({
    clock,
    intervalMs: options.pollIntervalMs,
    deadline: startedAt + waitMinutes * 60_000,
    ...(options.signal !== undefined && { signal: options.signal }),
    observe: async () => {
      const deployment = await port.getDeployment(deploymentId)
      const target = await targets.read()
      return { at: clock.now(), deployment, ...(target !== undefined && { target }) }
    },
    decide: (observation) => {
      for (const line of progressLines(progress, observation, {
        deploymentId,
        ...(waits.stopsWhenReady && { readyWaitMinutes: waits.readyMinutes })
      })) {
        log.info(line)
      }
      const verdict = judgeCodeDeploy(context, observation)
      if (
        verdict?.kind === 'failed' &&
        grace > 0 &&
        rollbackExpected(group, observation.deployment)
      ) {
        grace--
        return undefined
      }
      return verdict
    },
    onTransientError: (error) => {
      log.info(`CodeDeploy did not answer (${errorName(error)}); retrying.`)
    }
  })

  if (outcome.kind === 'decided') {
    return { deploymentId, verdict: outcome.result, consoleUrl, waitMinutes }
  }
  const last = outcome.last
  const state = describeLastState(last)
  const stop = options.rollbackOnFailure
    ? await stopWithRollback({ port, deploymentId, log })
    : ` CodeDeploy goes on with it: stop it in the console if it must not finish.`
  const verdict: Verdict =
    outcome.kind === 'deadline'
      ? {
          kind: 'timed-out',
          reason: `CodeDeploy deployment ${deploymentId} did not finish within ${waitMinutes} min${state}${stop}`
        }
      : {
          kind: 'cancelled',
          reason: `The run was cancelled while CodeDeploy deployment ${deploymentId} was in progress${state}${stop}`
        }
  return { deploymentId, verdict, consoleUrl, waitMinutes }
}

interface GroupWaits {
  readyMinutes: number
  terminationMinutes: number
  /** STOP_DEPLOYMENT: the deployment waits in Ready for ContinueDeployment. */
  stopsWhenReady: boolean
}

/** Null-safe: a group without blue/green options (or either wait) waits 0 minutes there. */
export function groupWaits(group: DeploymentGroupInfo): GroupWaits {
  const blueGreen = group.blueGreenDeploymentConfiguration
  const minutes = (value: number | undefined): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
  return {
    readyMinutes: minutes(blueGreen?.deploymentReadyOption?.waitTimeInMinutes),
    terminationMinutes: minutes(
      blueGreen?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes
    ),
    stopsWhenReady: blueGreen?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT'
  }
}

/** Whether CodeDeploy will roll this failed or stopped deployment back (so rollbackInfo is coming). */
function rollbackExpected(group: DeploymentGroupInfo, deployment: DeploymentInfo): boolean {
  if (deployment.rollbackInfo?.rollbackMessage !== undefined) return false
  const config = deployment.autoRollbackConfiguration ?? group.autoRollbackConfiguration
  if (config?.enabled !== true) return false
  const events = config.events ?? []
  return deployment.status === 'Failed'
    ? events.includes('DEPLOYMENT_FAILURE') || events.includes('DEPLOYMENT_STOP_ON_ALARM')
    : events.includes('DEPLOYMENT_STOP_ON_REQUEST') || events.includes('DEPLOYMENT_STOP_ON_ALARM')
}

/**
 * Reads the ECS target's lifecycle events. They only enrich the log and the reasons, so no error
 * here stops the watch: a denied or unknown call is given up with one warning, a transient one
 * keeps the last answer.
 */
function targetReader(options: {
  port: CodeDeployPort
  deploymentId: string
  log: CodeDeployLog
}): { read(): Promise<ECSTarget | undefined> } {
  const { port, deploymentId, log } = options
  let targetIds: string[] = []
  let last: ECSTarget | undefined
  let disabled = false
  return {
    async read() {
      if (disabled) return last
      try {
        if (targetIds.length === 0) targetIds = await port.listDeploymentTargets(deploymentId)
        if (targetIds.length === 0) return last
        const found = await port.batchGetDeploymentTargets({ deploymentId, targetIds })
        last = found.find((target) => target.ecsTarget !== undefined)?.ecsTarget ?? last
      } catch (error) {
        if (classifyError(error) === 'permanent') {
          disabled = true
          log.warning(
            `${describeAwsError('Reading the lifecycle events of the CodeDeploy deployment', error)} ` +
              'The deployment is still watched; only its lifecycle events are not shown.'
          )
        }
      }
      return last
    }
  }
}

function describeLastState(last: CodeDeployObservation | undefined): string {
  if (last === undefined) return ': CodeDeploy never answered.'
  const status = last.deployment.status ?? 'unknown'
  const lifecycle = currentLifecycleState(last.target)
  return `: it was ${status}${lifecycle === undefined ? '' : `, at ${lifecycle}`}.`
}

async function stopWithRollback(options: {
  port: CodeDeployPort
  deploymentId: string
  log: CodeDeployLog
}): Promise<string> {
  const { port, deploymentId, log } = options
  try {
    const answer = await port.stopDeployment({ deploymentId, autoRollbackEnabled: true })
    const said = [answer.status, answer.statusMessage].filter(Boolean).join(': ')
    log.info(
      `Asked CodeDeploy to stop deployment ${deploymentId} and roll back${said ? ` (${said})` : ''}.`
    )
    return ' Asked CodeDeploy to stop it and roll back (rollback-on-failure).'
  } catch (error) {
    log.warning(describeAwsError('StopDeployment', error))
    return ` Stopping it failed (${errorName(error)}): stop it in the CodeDeploy console.`
  }
}

const ADVICE: Readonly<Record<string, (settings: CodeDeploySettings) => string>> = {
  ApplicationDoesNotExistException: (s) =>
    `No CodeDeploy application "${s.application}" in this account and region: set "codedeploy-application" (default AppECS-{cluster}-{service}).`,
  DeploymentGroupDoesNotExistException: (s) =>
    `No deployment group "${s.deploymentGroup}" in application "${s.application}": set "codedeploy-deployment-group" (default DgpECS-{cluster}-{service}).`,
  DeploymentConfigDoesNotExistException: (s) =>
    `No deployment configuration "${s.deploymentConfig ?? ''}": check "codedeploy-deployment-config" (for ECS, e.g. CodeDeployDefault.ECSAllAtOnce).`,
  DeploymentLimitExceededException: () =>
    'Another deployment to this deployment group is still in progress: wait for it, or stop it in the CodeDeploy console.',
  InvalidRevisionException: (s) => `CodeDeploy rejected the AppSpec from ${s.appSpec.input}.`
}

/** One CodeDeploy call whose error says what failed and which input to check. */
async function call<T>(
  operation: string,
  settings: CodeDeploySettings,
  fn: () => Promise<T>
): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const advice = ADVICE[errorName(error)]?.(settings)
    throw new Error(
      `${describeAwsError(operation, error)}${advice === undefined ? '' : ` ${advice}`}`,
      {
        cause: error
      }
    )
  }
}
