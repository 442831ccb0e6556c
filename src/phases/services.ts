import { batchedReads } from '../aws/batched-reads.js'
import { newServiceOutcome } from '../report/outcome.js'
import { CallBudget } from '../rollout/call-budget.js'
import { CALLS_PER_MINUTE } from '../rollout/watch.js'
import type { Run } from '../run/run.js'
import { serviceLog, stepLog } from '../text/step-log.js'
import type { Plan } from './inspect.js'
import type { ChosenRevision } from './revision.js'

/**
 * Rolls the revision out to every service side by side, each through its own deployment method.
 * With one service an error ends the run; with several it is that service's failure, so it does
 * not hide the others' outcomes.
 */
export async function deployServices(
  run: Run,
  plan: Plan,
  revision: ChosenRevision
): Promise<void> {
  const { outcome } = run
  if (plan.services.length === 0) {
    stepLog.info(
      `No "service" input: ${revision.reused ? 'reused' : 'registered'} the task definition only.`
    )
    return
  }
  const single = plan.services.length === 1
  const context = {
    run,
    revision,
    region: await run.ecs.region(),
    reads: batchedReads(new CallBudget(run.clock, CALLS_PER_MINUTE).limit(run.ecs, run.signal)),
    // One service polls from its own UpdateService; several poll in step so their reads go together.
    ...(single ? {} : { pollGrid: run.clock.now() })
  }
  outcome.services = plan.services.map((t) => newServiceOutcome(t.name, t.before.taskDefinition))
  await Promise.all(
    plan.services.map(async (target, index) => {
      const result = outcome.services[index]
      if (result === undefined) return
      const log = single ? stepLog : serviceLog(target.name)
      try {
        await target.method.rollOut({ target, context, outcome: result, log })
      } catch (error) {
        if (single) throw error
        const reason = error instanceof Error ? error.message : String(error)
        log.warning(reason)
        result.verdict = { kind: 'failed', reason }
      }
    })
  )
}
