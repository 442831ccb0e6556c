import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import type { EcrPort } from '../aws/ecr.js'
import { describeAwsError, errorName } from '../aws/errors.js'
import { checkImageReference } from '../task-definition/index.js'

export interface ImageCheck {
  /** The task definition, with ECR images pinned to their digests when asked. */
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
  /** Container → digest, for every ECR image that was found. */
  readonly digests: Record<string, string>
}

/** Whether any image is in Amazon ECR: only those are checked (no empty "Check images" group). */
export function hasEcrImages(taskDefinition: RegisterTaskDefinitionCommandInput): boolean {
  return (taskDefinition.containerDefinitions ?? []).some((container) => {
    const check = checkImageReference(container.image ?? '')
    return check.ok && check.parsed.ecr !== undefined
  })
}

/**
 * Pre-flight for images: every image in Amazon ECR must exist before anything is registered, since a
 * missing tag otherwise costs minutes of failing tasks until the circuit breaker trips. Images outside
 * ECR are left alone; where ECR cannot be asked (access denied, another account), warn and go on.
 */
export async function checkImages(options: {
  ecr: EcrPort
  taskDefinition: RegisterTaskDefinitionCommandInput
  pin: boolean
  log: { info(line: string): void; warning(line: string): void }
}): Promise<ImageCheck> {
  const { ecr, pin, log } = options
  const digests: Record<string, string> = {}
  const containers = await Promise.all(
    (options.taskDefinition.containerDefinitions ?? []).map(async (container) => {
      const image = container.image ?? ''
      const check = checkImageReference(image)
      const location = check.ok ? check.parsed.ecr : undefined
      if (!check.ok || location === undefined) return container
      const { tag, digest } = check.parsed
      const name = `${location.repositoryName}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`
      try {
        const found = await ecr.digestOf({
          region: location.region,
          registryId: location.registryId,
          repository: location.repositoryName,
          ...(tag !== undefined && { tag }),
          ...(digest !== undefined && { digest })
        })
        digests[container.name ?? image] = found
        log.info(
          `Image ${name} of container ${container.name ?? '?'} is in ECR${digest === undefined ? ` (${found})` : ''}.`
        )
        if (!pin || digest !== undefined) return container
        const pinned = `${image.slice(0, image.indexOf('/'))}/${location.repositoryName}@${found}`
        log.info(`Container ${container.name ?? '?'}: image pinned to ${pinned}.`)
        return { ...container, image: pinned }
      } catch (error) {
        const problem = missing(error, { name, container: container.name ?? '?', location })
        if (problem !== undefined) throw new Error(problem, { cause: error })
        log.warning(
          `Could not check image ${image} in ECR, going on without the check: ${describeAwsError('DescribeImages', error)}`
        )
        return container
      }
    })
  )
  return {
    taskDefinition: { ...options.taskDefinition, containerDefinitions: containers },
    digests
  }
}

/** The message for an image that is certainly not there; undefined when ECR merely could not say. */
function missing(
  error: unknown,
  image: {
    name: string
    container: string
    location: { region: string; registryId: string; repositoryName: string }
  }
): string | undefined {
  const { name, container, location } = image
  switch (errorName(error)) {
    case 'ImageNotFoundException':
      return (
        `Image ${name} (container ${container}) was not found in ECR repository ${location.repositoryName} ` +
        `(${location.region}). Did the push step run?`
      )
    case 'RepositoryNotFoundException':
      return (
        `ECR repository ${location.repositoryName} does not exist in registry ${location.registryId} ` +
        `(${location.region}), so image ${name} (container ${container}) cannot be pulled. Check the image URI.`
      )
    default:
      return undefined
  }
}
