import type { DeploymentLifecycleHookDetail, ServiceDeployment } from '@aws-sdk/client-ecs'
import { stageLine } from './stage.js'
import { trafficLine, trafficOf, type Listener } from './traffic.js'

export interface LifecycleLog {
  info(line: string): void
  warning(line: string): void
}

const LISTENERS: readonly Listener[] = ['production', 'test']

/**
 * Says what a blue/green, linear or canary deployment is doing, one line per change: each new
 * lifecycle stage, each change of the production or test traffic split, each hook that starts,
 * waits for someone or ends. A hook that waits is a warning: a person has to act, or the hook's
 * timeout decides. Rolling deployments show none of these fields, so nothing is printed for them.
 */
export class LifecycleReport {
  private stage: string | undefined
  /** Before any shift the new revision gets no traffic; only a change from that is news. */
  private readonly traffic = new Map<Listener, string>(LISTENERS.map((l) => [l, '0%']))
  private readonly hookStages = new Map<string, string>()
  private readonly hookStatuses = new Set<string>()

  constructor(private readonly log: LifecycleLog) {}

  observe(sd: ServiceDeployment, stamp: string): void {
    if (sd.lifecycleStage !== undefined && sd.lifecycleStage !== this.stage) {
      this.stage = sd.lifecycleStage
      const line = stageLine(sd)
      if (line !== undefined) this.log.info(`${stamp} ${line}`)
    }
    for (const listener of LISTENERS) {
      const split = trafficOf(sd, listener)
      if (split === undefined) continue
      const key = String(split.newPercent) + '%'
      if (this.traffic.get(listener) === key) continue
      this.traffic.set(listener, key)
      this.log.info(`${stamp} ${trafficLine(listener, split)}`)
    }
    for (const hook of sd.lifecycleHookDetails ?? []) this.hook(sd, hook, stamp)
  }

  private hook(sd: ServiceDeployment, hook: DeploymentLifecycleHookDetail, stamp: string): void {
    const id = hook.hookId ?? 'unknown'
    if (!this.hookStages.has(id)) this.hookStages.set(id, sd.lifecycleStage ?? 'an unknown stage')
    const key = `${id} ${hook.status ?? ''}`
    if (hook.status === undefined || this.hookStatuses.has(key)) return
    this.hookStatuses.add(key)
    const what = `Lifecycle hook ${id} (${hookKind(hook)} at ${this.hookStages.get(id) ?? ''})`
    switch (hook.status) {
      case 'AWAITING_ACTION':
        this.log.warning(awaitingAction(sd, hook, what))
        return
      case 'IN_PROGRESS':
        this.log.info(`${stamp} ${what} is running.`)
        return
      case 'SUCCEEDED':
        this.log.info(`${stamp} ${what} succeeded.`)
        return
      case 'FAILED':
        this.log.info(`${stamp} ${what} failed; ECS rolls the deployment back.`)
        return
      case 'TIMED_OUT':
        this.log.info(
          `${stamp} ${what} timed out; ECS ${timeoutWords(hook.timeoutAction)} the deployment.`
        )
        return
    }
  }
}

function hookKind(hook: DeploymentLifecycleHookDetail): string {
  if (hook.targetType === 'AWS_LAMBDA') {
    const name = hook.targetArn?.split(':').pop()
    return name ? `Lambda ${name}` : 'Lambda'
  }
  return hook.targetType ?? 'hook'
}

function timeoutWords(action: string | undefined): string {
  return action === 'CONTINUE' ? 'continues' : 'rolls back'
}

/** The plain instruction: who has to do what, the exact command, and what happens otherwise. */
export function awaitingAction(
  sd: ServiceDeployment,
  hook: DeploymentLifecycleHookDetail,
  what: string
): string {
  const arn = sd.serviceDeploymentArn ?? '<service deployment ARN>'
  const region = arn.startsWith('arn:') ? arn.split(':')[3] : undefined
  const command =
    'aws ecs continue-service-deployment' +
    (region ? ` --region ${region}` : '') +
    ` --service-deployment-arn ${arn} --hook-id ${hook.hookId ?? '<hook id>'} --action CONTINUE`
  // Absent timeoutAction means the documented default, ROLLBACK.
  const action = hook.timeoutAction ?? 'ROLLBACK'
  const expiry =
    hook.expiresAt === undefined
      ? `If nobody acts before the hook times out, ECS will ${action === 'CONTINUE' ? 'continue' : 'roll back'} (${action}).`
      : `It times out at ${hook.expiresAt.toISOString()} and then ECS will ${action === 'CONTINUE' ? 'continue' : 'roll back'} (${action}).`
  return (
    `${what} is waiting for someone to continue the deployment: ${command} ` +
    `(or --action ROLLBACK to roll it back). ${expiry} The watch keeps waiting.`
  )
}
