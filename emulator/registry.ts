// ECR data: the seeded repository and image lookups. Tasks use it too: ECS resolves a tag to a
// digest per service deployment, and the digest shows on tasks and service revisions.

import { createHash } from 'node:crypto'

import { ACCOUNT_ID } from './arns.js'
import type { ImageRecord, RepositoryRecord, World } from './state.js'

export const seededRepository = 'web'
const seededTags: readonly (readonly string[])[] = [
  ['1.0.0'],
  ['1.1.0'],
  ['1.2.0', 'latest'],
  ['2.0.0']
]

const digestOf = (text: string): string =>
  `sha256:${createHash('sha256').update(text).digest('hex')}`

export function seedRepositories(world: World, startedAt: number): void {
  const images: ImageRecord[] = seededTags.map((tags, index) => ({
    digest: digestOf(`${seededRepository}:${tags.join(',')}`),
    tags: [...tags],
    // Pushed a day apart, the newest an hour before the emulator started.
    pushedAt: startedAt - 3600 - (seededTags.length - 1 - index) * 86400,
    sizeInBytes: 48_000_000 + index * 1_250_000
  }))
  const repository: RepositoryRecord = {
    name: seededRepository,
    createdAt: startedAt - 90 * 86400,
    images
  }
  world.repositories.set(repository.name, repository)
}

export const registryHost = (region: string): string =>
  `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com`

export function findImage(
  repository: RepositoryRecord,
  id: { imageTag?: string; imageDigest?: string }
): ImageRecord | undefined {
  return repository.images.find(
    (image) =>
      (id.imageDigest === undefined || image.digest === id.imageDigest) &&
      (id.imageTag === undefined || image.tags.includes(id.imageTag))
  )
}

/** The digest ECS would resolve for an image URI of this registry, if the image exists. */
export function digestForImage(world: World, image: string): string | undefined {
  const host = `${registryHost(world.region)}/`
  if (!image.startsWith(host)) return undefined
  const path = image.slice(host.length)
  const at = path.indexOf('@')
  if (at >= 0) return path.slice(at + 1)
  const colon = path.lastIndexOf(':')
  const name = colon >= 0 ? path.slice(0, colon) : path
  const tag = colon >= 0 ? path.slice(colon + 1) : 'latest'
  const repository = world.repositories.get(name)
  return repository === undefined ? undefined : findImage(repository, { imageTag: tag })?.digest
}
