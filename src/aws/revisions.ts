import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { familyRevision } from '../text/names.js'
import { normalizeTaskDefinition, sameTaskDefinition } from '../task-definition/index.js'
import type { EcsPort } from './ecs.js'
import { describeAwsError, errorName } from './errors.js'

/**
 * An ECS port whose DescribeTaskDefinition answers each reference once per run: loading the source,
 * comparing and diffing ask for the same revisions. A failed call is not kept, so it can be retried.
 */
export function withRevisionCache(ecs: EcsPort): EcsPort {
  const answers = new Map<string, ReturnType<EcsPort['describeTaskDefinition']>>()
  return {
    ...ecs,
    describeTaskDefinition: (reference) => {
      const cached = answers.get(reference)
      if (cached !== undefined) return cached
      const answer = ecs.describeTaskDefinition(reference)
      answers.set(reference, answer)
      answer.catch(() => answers.delete(reference))
      return answer
    }
  }
}

/** A registered revision, normalized as a RegisterTaskDefinition request. */
export interface Revision {
  readonly arn: string
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
}

/**
 * Describes a revision (an ARN, or a family for its latest ACTIVE revision). Used to compare and to
 * diff; not knowing only costs one identical revision or a diff, so errors are warnings.
 */
export async function describeRevision(
  ecs: Pick<EcsPort, 'describeTaskDefinition'>,
  reference: string,
  warn: (line: string) => void
): Promise<Revision | undefined> {
  try {
    const described = await ecs.describeTaskDefinition(reference)
    const { taskDefinition } = normalizeTaskDefinition({
      taskDefinition: described.taskDefinition,
      tags: described.tags
    })
    return { arn: described.taskDefinition.taskDefinitionArn ?? reference, taskDefinition }
  } catch (error) {
    // ClientException: no such revision (a new family), which is no news.
    if (errorName(error) !== 'ClientException') {
      warn(
        `Could not read ${familyRevision(reference)} to compare with it: ${describeAwsError('DescribeTaskDefinition', error)}`
      )
    }
    return undefined
  }
}

/** The first of the candidates with the same content as the rendered task definition. */
export function identicalRevision(
  rendered: RegisterTaskDefinitionCommandInput,
  candidates: readonly (Revision | undefined)[]
): Revision | undefined {
  return candidates.find(
    (candidate) => candidate !== undefined && sameTaskDefinition(rendered, candidate.taskDefinition)
  )
}
