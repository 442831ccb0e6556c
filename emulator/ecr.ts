// ECR's DescribeImages and DescribeRepositories, with ECR's real error texts:
// "The image with imageId {imageDigest:'null', imageTag:'28f3d25'} does not exist within the
// repository with name '…' in the registry with id '…'" and "The repository with name '…' does
// not exist in the registry with id '…'".

import { ACCOUNT_ID, arns } from './arns.js'
import { AwsError, invalidParameter } from './errors.js'
import type { Operation } from './ecs/operation.js'
import { epochSeconds } from './ecs/wire.js'
import { findImage, registryHost } from './registry.js'
import type { ImageRecord, JsonObject, RepositoryRecord, World } from './state.js'
import { checkInput, read, shape } from './validate.js'

const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json'
const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json'

const repositoryNotFound = (name: string, registryId: string): AwsError =>
  new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`
  )

function requireRepositoryName(request: JsonObject): string {
  const name = read.string(request, 'repositoryName')
  if (name === undefined) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null"
    )
  }
  return name
}

function findRepository(world: World, name: string, registryId: string): RepositoryRecord {
  const repository = registryId === ACCOUNT_ID ? world.repositories.get(name) : undefined
  if (repository === undefined) throw repositoryNotFound(name, registryId)
  return repository
}

function imageDetail(world: World, repository: RepositoryRecord, image: ImageRecord): JsonObject {
  return {
    registryId: ACCOUNT_ID,
    repositoryName: repository.name,
    imageDigest: image.digest,
    imageTags: image.tags.length > 0 ? image.tags : undefined,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: epochSeconds(image.pushedAt),
    imageManifestMediaType: MANIFEST_MEDIA_TYPE,
    artifactMediaType: CONFIG_MEDIA_TYPE,
    lastRecordedPullTime: epochSeconds(Math.max(image.pushedAt, world.now - 3600))
  }
}

const describeImages: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      registryId: shape.string,
      repositoryName: shape.string,
      imageIds: shape.list(shape.structure({ imageDigest: shape.string, imageTag: shape.string })),
      nextToken: shape.string,
      maxResults: shape.integer,
      filter: shape.structure({ tagStatus: shape.string, imageStatus: shape.string })
    })
    const name = requireRepositoryName(request)
    const registryId = read.string(request, 'registryId') ?? ACCOUNT_ID
    const repository = findRepository(world, name, registryId)
    const imageIds = read.objects(request, 'imageIds')
    if (imageIds !== undefined && imageIds.length > 0) {
      const images = imageIds.map((id) => {
        const wanted = {
          imageTag: read.string(id, 'imageTag'),
          imageDigest: read.string(id, 'imageDigest')
        }
        const image = findImage(repository, wanted)
        if (image === undefined) {
          const shown = `{imageDigest:'${wanted.imageDigest ?? 'null'}', imageTag:'${wanted.imageTag ?? 'null'}'}`
          throw new AwsError(
            'ImageNotFoundException',
            `The image with imageId ${shown} does not exist within the repository with name '${name}' in the registry with id '${registryId}'`
          )
        }
        return image
      })
      return {
        imageDetails: [...new Set(images)].map((image) => imageDetail(world, repository, image))
      }
    }
    const tagStatus = read.string(read.object(request, 'filter') ?? {}, 'tagStatus') ?? 'ANY'
    const images = repository.images.filter(
      (image) =>
        tagStatus === 'ANY' ||
        (tagStatus === 'TAGGED' ? image.tags.length > 0 : image.tags.length === 0)
    )
    return { imageDetails: images.map((image) => imageDetail(world, repository, image)) }
  }
}

const describeRepositories: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      registryId: shape.string,
      repositoryNames: shape.list(shape.string),
      nextToken: shape.string,
      maxResults: shape.integer
    })
    const registryId = read.string(request, 'registryId') ?? ACCOUNT_ID
    const names = read.strings(request, 'repositoryNames')
    const repositories =
      names === undefined || names.length === 0
        ? [...world.repositories.values()]
        : names.map((name) => findRepository(world, name, registryId))
    return {
      repositories: repositories.map((repository) => ({
        repositoryArn: arns.repository(world.region, repository.name),
        registryId: ACCOUNT_ID,
        repositoryName: repository.name,
        repositoryUri: `${registryHost(world.region)}/${repository.name}`,
        createdAt: epochSeconds(repository.createdAt),
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
        encryptionConfiguration: { encryptionType: 'AES256' }
      }))
    }
  }
}

// DescribePullThroughCacheRules (API reference): every rule of the registry, or those whose
// ecrRepositoryPrefix is asked for; an asked prefix without a rule is
// PullThroughCacheRuleNotFoundException. A repository under a rule's prefix is created on the
// first pull through it (user guide, pull-through-cache-working), so DescribeImages answers
// RepositoryNotFoundException for it until then.
const describePullThroughCacheRules: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      registryId: shape.string,
      ecrRepositoryPrefixes: shape.list(shape.string),
      nextToken: shape.string,
      maxResults: shape.integer
    })
    const asked = read.strings(request, 'ecrRepositoryPrefixes') ?? []
    const rules =
      asked.length === 0
        ? world.pullThroughCacheRules
        : asked.map((prefix) => {
            const rule = world.pullThroughCacheRules.find((r) => r.ecrRepositoryPrefix === prefix)
            // unconfirmed wording of the message; the error name is the model's.
            if (rule === undefined) {
              throw new AwsError(
                'PullThroughCacheRuleNotFoundException',
                `The pull through cache rule with prefix '${prefix}' does not exist in the registry with id '${ACCOUNT_ID}'`
              )
            }
            return rule
          })
    return {
      pullThroughCacheRules: rules.map((rule) => ({
        ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
        upstreamRegistryUrl: rule.upstreamRegistryUrl,
        registryId: ACCOUNT_ID,
        createdAt: epochSeconds(world.now - 86_400)
      }))
    }
  }
}

export const ecrOperations: Readonly<Record<string, Operation>> = {
  DescribeImages: describeImages,
  DescribeRepositories: describeRepositories,
  DescribePullThroughCacheRules: describePullThroughCacheRules
}
