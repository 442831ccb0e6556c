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
  const cacheRules = pullThroughCache(ecr)
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
        if (problem !== undefined) {
          const cache = await cacheRules(location, location.repositoryName)
          if (cache.prefix === undefined) {
            const why = cache.unreadable === undefined ? '' : ` (${cache.unreadable})`
            throw new Error(`${problem.what} ${problem.hint}${why}`, { cause: error })
          }
          log.warning(
            `${problem.what} It is under the pull through cache rule ${cache.prefix}/, so ECR fetches it from the upstream registry on the first pull: going on without the check.`
          )
          return container
        }
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

/**
 * The pull through cache rule (its prefix) a repository falls under, if any. Such a repository is
 * created, and its images cached, on the first pull (ECR user guide: pull through cache), so a
 * missing repository or tag there is no mistake. The rules are read once per registry; when they
 * cannot be read, the image counts as missing, with the reason said.
 */
function pullThroughCache(ecr: EcrPort) {
  const rules = new Map<string, Promise<string[] | Error>>()
  return async (
    registry: { region: string; registryId: string },
    repository: string
  ): Promise<{ prefix?: string; unreadable?: string }> => {
    const key = `${registry.region} ${registry.registryId}`
    let answer = rules.get(key)
    if (answer === undefined) {
      answer = ecr
        .pullThroughCachePrefixes(registry)
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      rules.set(key, answer)
    }
    const prefixes = await answer
    if (prefixes instanceof Error) {
      return {
        unreadable: `its pull through cache rules could not be read: ${describeAwsError('DescribePullThroughCacheRules', prefixes)}`
      }
    }
    const prefix = prefixes.find((p) => repository.startsWith(`${p.replace(/\/$/, '')}/`))
    return prefix === undefined ? {} : { prefix }
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
): { what: string; hint: string } | undefined {
  const { name, container, location } = image
  switch (errorName(error)) {
    case 'ImageNotFoundException':
      return {
        what: `Image ${name} (container ${container}) was not found in ECR repository ${location.repositoryName} (${location.region}).`,
        hint: 'Did the push step run?'
      }
    case 'RepositoryNotFoundException':
      return {
        what:
          `ECR repository ${location.repositoryName} does not exist in registry ${location.registryId} ` +
          `(${location.region}), so image ${name} (container ${container}) cannot be pulled.`,
        hint: 'Check the image URI.'
      }
    default:
      return undefined
  }
}
