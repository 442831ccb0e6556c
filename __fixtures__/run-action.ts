import { fileURLToPath } from 'node:url'
import { runBundle, type BundleRun, type RunBundleOptions } from '../scripts/run-bundle.js'

/** The bundle under test: dist/, or another build named by ECS_ROLLOUT_ACTION (parallel work). */
export const ACTION =
  process.env.ECS_ROLLOUT_ACTION ?? fileURLToPath(new URL('../dist/index.js', import.meta.url))

export type ActionRun = BundleRun

export interface RunActionOptions extends Omit<
  RunBundleOptions,
  'bundle' | 'files' | 'timeScale' | 'killAfterMs'
> {
  files?: Record<string, string>
  timeScale?: number
}

/** Runs the bundled action the way the runner does: INPUT_* variables and the two command files. */
export function runAction(options: RunActionOptions): Promise<ActionRun> {
  return runBundle({
    ...options,
    bundle: ACTION,
    files: options.files ?? {},
    timeScale: options.timeScale ?? 200,
    // A hung action must fail its test, not the whole suite.
    killAfterMs: 60_000
  })
}
