import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { TaskDefinitionError } from './errors.js'
import { checkImageReference } from './image-reference.js'

export interface RenderOptions {
  /** Input `container-name`: the container whose image to set. Trimmed; empty means not given. */
  readonly containerName?: string
  /** Input `image`: the new image reference. Trimmed; empty means not given. */
  readonly image?: string
}

/**
 * Returns a copy of the task definition with the named container's image replaced. With neither
 * option, the copy is unchanged (deploy the file as is). Names match exactly and case-sensitively,
 * as ECS compares them.
 */
export function renderTaskDefinition(
  taskDefinition: RegisterTaskDefinitionCommandInput,
  options: RenderOptions = {}
): RegisterTaskDefinitionCommandInput {
  const containerName = options.containerName?.trim() ?? ''
  const image = options.image?.trim() ?? ''
  const rendered = structuredClone(taskDefinition)

  if (containerName === '' && image === '') return rendered
  if (image === '') {
    throw new TaskDefinitionError(
      `image is required when container-name is set (container-name is "${containerName}"); give both to replace a container's image, or neither to deploy the task definition as it is`,
      { input: 'image' }
    )
  }
  if (containerName === '') {
    throw new TaskDefinitionError(
      `container-name is required when image is set (image is "${image}"); name the container whose image should become "${image}"`,
      { input: 'container-name' }
    )
  }

  const check = checkImageReference(image)
  if (!check.ok) {
    throw new TaskDefinitionError(`"${image}" is not a valid image reference: ${check.why}`, {
      input: 'image'
    })
  }

  const containers = Array.isArray(rendered.containerDefinitions)
    ? rendered.containerDefinitions
    : []
  const matches = containers.filter((container) => container.name === containerName)
  if (matches.length === 0) {
    throw new TaskDefinitionError(notFoundMessage(containerName, containers), {
      input: 'container-name'
    })
  }
  for (const container of matches) container.image = image
  return rendered
}

function notFoundMessage(
  containerName: string,
  containers: readonly { name?: string | undefined }[]
): string {
  const names = containers
    .map((container) => container.name)
    .filter((name) => typeof name === 'string')
  const list =
    names.length === 0
      ? 'the task definition has no named containers'
      : `containers: ${names.join(', ')}`
  const hint = containerName.includes(',') ? ' (container-name takes a single name)' : ''
  return `container-name "${containerName}" matches no container in the task definition${hint}; ${list}`
}
