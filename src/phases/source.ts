import type { EcsPort } from '../aws/ecs.js'
import { awsCall } from '../aws/errors.js'
import type { InputFileReader } from '../input/file.js'
import { InputError } from '../input/values.js'
import { familyRevision } from '../text/names.js'
import type { TaskDefinitionSource } from '../settings/index.js'

/** The task definition as text, and how to name where it came from in messages. */
export interface LoadedSource {
  readonly text: string
  readonly label: string
  /** The revision read from ECS: deploying it unchanged registers nothing (promotion). */
  readonly revisionArn?: string
}

/**
 * Reads the task definition from its one source: a file, a revision in ECS (by ARN or family), or
 * the revision the service runs now. ECS answers are handed on in `describe-task-definition` form,
 * so they take the same normalizing path as a saved file.
 */
export async function loadSource(options: {
  source: TaskDefinitionSource
  readFile: InputFileReader
  ecs: () => EcsPort
  /** The revision the service runs, for `task-definition-from-service`. */
  serviceTaskDefinition?: string
}): Promise<LoadedSource> {
  const { source } = options
  if (source.kind === 'file') {
    const file = { input: 'task-definition', value: source.input, path: source.path }
    const text = await options.readFile(file).catch((error: unknown) => {
      // A link out of the workspace, a file too large: the reader's refusal names the input.
      if (error instanceof InputError) throw error
      const why =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'does not exist'
          : `cannot be read (${String(error)})`
      throw new Error(
        `Input "task-definition": file ${source.input} ${why}. Expected a JSON or YAML task definition file (resolved to ${source.path}).`
      )
    })
    return { text, label: source.input }
  }
  const reference =
    source.kind === 'arn'
      ? source.arn
      : source.kind === 'family'
        ? `${source.family}${source.revision === undefined ? '' : `:${source.revision}`}`
        : (options.serviceTaskDefinition ?? '')
  const described = await awsCall('DescribeTaskDefinition', () =>
    options.ecs().describeTaskDefinition(reference)
  )
  const label = `${familyRevision(described.taskDefinition.taskDefinitionArn)} from ECS`
  const revisionArn = described.taskDefinition.taskDefinitionArn
  return {
    text: JSON.stringify({ taskDefinition: described.taskDefinition, tags: described.tags }),
    label,
    ...(revisionArn !== undefined && { revisionArn })
  }
}
