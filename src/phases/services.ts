import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import type { AppSpec } from '../codedeploy/index.js'
import type { RunDependencies } from '../run/dependencies.js'
import type { Outcome, ServiceOutcome } from '../report/outcome.js'
import { overallVerdict } from '../report/overall.js'
import { CallBudget } from '../rollout/call-budget.js'
import { familyRevision } from '../text/names.js'
import { CALLS_PER_MINUTE } from '../rollout/watch.js'
import type { Settings } from '../settings/index.js'
import { deregisterPrevious } from '../housekeeping/deregister.js'
import { serviceLog, stepLog } from '../text/step-log.js'
import { rollOutService, type RollOutContext } from './roll-out.js'

/** The services, side by side, then housekeeping once every one passed. */
export async function deployServices(options: {
  appSpec: AppSpec | undefined
  deps: RunDependencies
  ecs: EcsPort
  settings: Settings
  services: ReadonlyMap<string, Service>
  taskDefinitionArn: string
  taskDefinition: RegisterTaskDefinitionCommandInput
  outcome: Outcome
  /**
   * Once every verdict is in, before housekeeping: scheduled tasks move off the old revisions before
   * any of them can be deregistered.
   */
  afterRollout?: () => Promise<void>
}): Promise<void> {
  const { deps, ecs, settings, services, taskDefinitionArn, taskDefinition, outcome } = options
  const names = [...services.keys()]
  const region = await ecs.region()
  const clock = deps.clock
  const results = names.map((name): ServiceOutcome => {
    const previous = services.get(name)?.taskDefinition
    return {
      service: name,
      stoppedTasks: [],
      timeline: [],
      ...(previous !== undefined && { previousTaskDefinitionArn: previous })
    }
  })
  outcome.services = results
  const context: RollOutContext = {
    ecs,
    logs: () => deps.logs(),
    clock,
    settings,
    region,
    taskDefinitionArn,
    taskDefinition,
    ...(options.appSpec !== undefined && { appSpec: options.appSpec }),
    codeDeploy: () => deps.codeDeploy(),
    // Several services are watched side by side within one API call budget.
    budget: new CallBudget(clock, CALLS_PER_MINUTE),
    ...(deps.signal !== undefined && { signal: deps.signal })
  }
  const single = results.length === 1
  try {
    await Promise.all(
      results.map(async (result) => {
        const log = single ? stepLog : serviceLog(result.service)
        const before = services.get(result.service)
        if (before === undefined) return
        try {
          await rollOutService(context, before, result, log)
        } catch (error) {
          if (single) throw error
          // One service's error must not hide the others' outcomes: it is that service's failure.
          const reason = error instanceof Error ? error.message : String(error)
          log.warning(reason)
          result.verdict = { kind: 'failed', reason }
        }
      })
    )
  } finally {
    // One service reports as before: its outcome is the run's.
    const [only] = results
    if (single && only !== undefined) Object.assign(outcome, only)
    else outcome.verdict = overallVerdict(results, settings.onSuperseded)
  }
  await options.afterRollout?.()
  const passed = outcome.verdict?.kind === 'succeeded' || outcome.verdict?.kind === 'unchanged'
  if (settings.deregisterPrevious !== undefined && passed) {
    await housekeeping({ ecs, deps, settings, names, taskDefinitionArn, before: services, outcome })
  }
}

/** deregister-previous: only after every service succeeded, and never a revision one still runs. */
async function housekeeping(options: {
  ecs: EcsPort
  deps: RunDependencies
  settings: Settings
  names: readonly string[]
  taskDefinitionArn: string
  before: ReadonlyMap<string, Service>
  outcome: Outcome
}): Promise<void> {
  const { ecs, settings, taskDefinitionArn } = options
  await core.group('Deregister previous revisions', async () => {
    const inUse = new Set([taskDefinitionArn])
    for (const name of options.names) {
      // What the service runs now, and what it ran before: either may still have tasks.
      const now = await ecs
        .describeService({ cluster: settings.cluster, service: name })
        .catch(() => undefined)
      for (const service of [options.before.get(name), now]) {
        if (service?.taskDefinition !== undefined) inUse.add(service.taskDefinition)
        for (const d of service?.deployments ?? [])
          if (d.taskDefinition !== undefined) inUse.add(d.taskDefinition)
      }
    }
    const result = await deregisterPrevious({
      port: options.deps.taskDefinitions(),
      family: familyRevision(taskDefinitionArn).replace(/:\d+$/, ''),
      keep: settings.deregisterPrevious ?? 1,
      inUse,
      log: { info: (line) => core.info(line), warning: (line) => core.warning(line) }
    })
    options.outcome.deregistered = result.deregistered
    if (result.deregistered.length === 0) core.info('No revision to deregister.')
  })
}
