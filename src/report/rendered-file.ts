import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'

/**
 * Writes the rendered task definition as JSON under `directory` (RUNNER_TEMP on a runner), so any
 * other tool, the official deploy action included, can take it from the `task-definition` output.
 */
export async function writeRenderedFile(
  directory: string,
  taskDefinition: RegisterTaskDefinitionCommandInput
): Promise<string> {
  const folder = await mkdtemp(join(directory, 'ecs-rollout-'))
  const path = join(folder, `${taskDefinition.family ?? 'task-definition'}.json`)
  await writeFile(path, `${JSON.stringify(taskDefinition, null, 2)}\n`)
  return path
}
