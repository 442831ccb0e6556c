import type { Run } from '../run/run.js'
import { deregisterPrevious, moveScheduledTasks, startGitHubDeployment } from './finish.js'
import { inspect } from './inspect.js'
import { chooseRevision, previewRevision } from './revision.js'
import { runTaskGate } from './run-task-gate.js'
import { deployServices } from './services.js'

/** The plan of a run, in order. Each phase hands what it found to the next; none reaches back. */
export async function runPhases(run: Run): Promise<void> {
  const plan = await inspect(run) // every read and every input check: nothing changes before it returns
  if (run.settings.dryRun) {
    previewRevision(run, plan) // what a real run would deploy; nothing changes
    return
  }
  const revision = await chooseRevision(run, plan) // reuse one with this content, or register
  const github = await startGitHubDeployment(run, plan, revision)
  try {
    if (await runTaskGate(run, revision)) await deployServices(run, plan, revision)
    await moveScheduledTasks(run, plan, revision)
    await deregisterPrevious(run, plan, revision)
  } finally {
    await github?.finish(run)
  }
}
