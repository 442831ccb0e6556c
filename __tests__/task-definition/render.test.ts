import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { describe, expect, it } from '@jest/globals'
import { renderTaskDefinition, TaskDefinitionError } from '../../src/task-definition/index.js'

const NEW_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2.0.0'

function taskDefinition(): RegisterTaskDefinitionCommandInput {
  return {
    family: 'web',
    containerDefinitions: [
      { name: 'app', image: 'web:placeholder', environment: [{ name: 'A', value: '' }] },
      { name: 'envoy', image: 'envoy:1.29' }
    ]
  }
}

function renderError(options: { containerName?: string; image?: string }): TaskDefinitionError {
  try {
    renderTaskDefinition(taskDefinition(), options)
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error
    throw error
  }
  throw new Error('expected renderTaskDefinition to throw')
}

describe('renderTaskDefinition', () => {
  it.each([
    ['app', 0],
    ['envoy', 1]
  ])('sets the image of container %s only', (containerName, index) => {
    const rendered = renderTaskDefinition(taskDefinition(), { containerName, image: NEW_IMAGE })
    const images = rendered.containerDefinitions?.map((c) => c.image)
    const expected = ['web:placeholder', 'envoy:1.29']
    expected[index] = NEW_IMAGE
    expect(images).toEqual(expected)
  })

  it.each([
    ['neither given', {}],
    ['both empty strings (unset action inputs)', { containerName: '', image: '' }],
    ['both whitespace', { containerName: '  ', image: '\n' }]
  ])('returns an equal copy when %s', (_label, options) => {
    const input = taskDefinition()
    const rendered = renderTaskDefinition(input, options)
    expect(rendered).toEqual(taskDefinition())
    expect(rendered).not.toBe(input)
  })

  it('trims both inputs', () => {
    const rendered = renderTaskDefinition(taskDefinition(), {
      containerName: ' app\n',
      image: `  ${NEW_IMAGE} `
    })
    expect(rendered.containerDefinitions?.[0]?.image).toBe(NEW_IMAGE)
  })

  it('never mutates the input and shares no objects with it', () => {
    const input = taskDefinition()
    const rendered = renderTaskDefinition(input, { containerName: 'app', image: NEW_IMAGE })
    expect(input).toEqual(taskDefinition())
    expect(rendered.containerDefinitions?.[0]?.environment).not.toBe(
      input.containerDefinitions?.[0]?.environment
    )
  })

  it.each([
    [
      'image missing',
      { containerName: 'app' },
      'image',
      'image is required when container-name is set (container-name is "app"); give both to replace a container\'s image, or neither to deploy the task definition as it is'
    ],
    [
      'container-name missing',
      { image: NEW_IMAGE },
      'container-name',
      `container-name is required when image is set (image is "${NEW_IMAGE}"); name the container whose image should become "${NEW_IMAGE}"`
    ],
    [
      'container-name blank',
      { containerName: ' ', image: 'nginx' },
      'container-name',
      'container-name is required'
    ]
  ])('rejects only one of the two inputs: %s', (_label, options, input, message) => {
    const error = renderError(options)
    expect(error.input).toBe(input)
    expect(error.message).toContain(message)
  })

  it.each([
    [
      'a name that does not exist',
      'api',
      'container-name "api" matches no container in the task definition; containers: app, envoy'
    ],
    [
      'a different case',
      'App',
      'container-name "App" matches no container in the task definition; containers: app, envoy'
    ],
    [
      'a comma-separated list',
      'app,envoy',
      'container-name "app,envoy" matches no container in the task definition (container-name takes a single name); containers: app, envoy'
    ]
  ])('rejects %s and lists the containers that exist', (_label, containerName, message) => {
    const error = renderError({ containerName, image: NEW_IMAGE })
    expect(error.message).toBe(message)
    expect(error.input).toBe('container-name')
  })

  it('says so when the task definition has no containers', () => {
    expect(() =>
      renderTaskDefinition(
        { family: 'web', containerDefinitions: [] },
        { containerName: 'app', image: 'nginx' }
      )
    ).toThrow(
      'container-name "app" matches no container in the task definition; the task definition has no named containers'
    )
  })

  it.each([
    ['uppercase', 'Web:1', 'must be lowercase'],
    ['whitespace inside', 'my image', 'contains whitespace'],
    ['a URL', 'https://ghcr.io/org/app', 'URL scheme']
  ])('rejects an image input with %s, naming the image input', (_label, image, why) => {
    const error = renderError({ containerName: 'app', image })
    expect(error.input).toBe('image')
    expect(error.message).toContain(`"${image}" is not a valid image reference: `)
    expect(error.message).toContain(why)
  })
})
