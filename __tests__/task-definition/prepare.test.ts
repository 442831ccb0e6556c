import { describe, expect, it } from '@jest/globals'
import { prepareTaskDefinition, TaskDefinitionError } from '../../src/task-definition/index.js'
import { readFixture } from './fixtures.js'

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2.0.0'

describe('prepareTaskDefinition', () => {
  it.each([['web.json'], ['web.yaml']])('parses, renders and validates %s', (file) => {
    const prepared = prepareTaskDefinition({
      text: readFixture(file),
      source: file,
      containerName: 'app',
      image: IMAGE
    })
    expect(prepared.taskDefinition.containerDefinitions?.map((c) => c.image)).toEqual([
      IMAGE,
      'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod'
    ])
    expect(prepared.info).toEqual([`Container app: image set to ${IMAGE}.`])
    expect(prepared.warnings).toEqual([])
  })

  it('turns describe-task-definition output into a clean request, with one info line for read-only fields', () => {
    const prepared = prepareTaskDefinition({
      text: readFixture('describe-web.json'),
      source: 'td.json'
    })
    expect(prepared.info).toEqual([
      'td.json is describe-task-definition output: using its "taskDefinition" object with 2 tag(s).',
      'Ignored read-only fields that RegisterTaskDefinition does not accept: taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, deregisteredAt, deleteRequestedAt.'
    ])
    expect(prepared.warnings).toEqual([])
    expect(prepared.taskDefinition.tags).toHaveLength(2)
    expect(prepared.taskDefinition).not.toHaveProperty('revision')
  })

  it('warns once about unknown keys, naming them', () => {
    const prepared = prepareTaskDefinition({
      text: JSON.stringify({
        family: 'web',
        memory: '512',
        containerDefinitions: [{ name: 'a', image: 'nginx' }],
        famliy: 'x',
        service: 'web'
      }),
      source: 'td.json'
    })
    expect(prepared.warnings).toEqual([
      'td.json: ignored keys "famliy", "service": not RegisterTaskDefinition members, so ECS would never see them. Check the spelling, or remove them.'
    ])
    expect(prepared.taskDefinition).not.toHaveProperty('famliy')
  })

  it('validates after rendering, so a placeholder image in the file is fine once replaced', () => {
    const text = JSON.stringify({
      family: 'web',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: '<IMAGE>' }]
    })
    expect(() => prepareTaskDefinition({ text, source: 'td.json' })).toThrow(TaskDefinitionError)
    expect(
      prepareTaskDefinition({ text, source: 'td.json', containerName: 'app', image: 'nginx:1.27' })
        .taskDefinition.containerDefinitions?.[0]?.image
    ).toBe('nginx:1.27')
  })

  it('takes RenderSettings, and prints normalize notes before the render lines', () => {
    const text = [
      'family: web',
      'requiresCompatibilities: [FARGATE]',
      'networkMode: awsvpc',
      'cpu: 256',
      'memory: 512',
      'containerDefinitions:',
      '  - name: app',
      '    image: <IMAGE1_NAME>',
      '  - name: worker',
      '    image: <IMAGE2_NAME>'
    ].join('\n')
    const prepared = prepareTaskDefinition({
      text,
      source: 'td.yaml',
      renderSettings: {
        images: { app: 'nginx:1.27', worker: 'busybox:1.36' },
        containerNames: ['worker'],
        environment: [['QUEUE', 'jobs']]
      }
    })
    expect(prepared.info).toEqual([
      'Converted task-level cpu 256 → "256" and memory 512 → "512": RegisterTaskDefinition takes task-level cpu and memory as strings.',
      'Container app: image set to nginx:1.27.',
      'Container worker: image set to busybox:1.36.',
      'Container worker: environment QUEUE added.'
    ])
    expect(prepared.taskDefinition).toMatchObject({ cpu: '256', memory: '512' })
  })

  it('reads the legacy container-name as a trimmed comma list', () => {
    const prepared = prepareTaskDefinition({
      text: readFixture('web.json'),
      source: 'web.json',
      containerName: ' app , envoy ',
      image: IMAGE
    })
    expect(prepared.taskDefinition.containerDefinitions?.map((c) => c.image)).toEqual([
      IMAGE,
      IMAGE
    ])
  })

  it('prefers renderSettings over the legacy fields', () => {
    const prepared = prepareTaskDefinition({
      text: readFixture('web.json'),
      source: 'web.json',
      containerName: 'envoy',
      image: 'nginx',
      renderSettings: { containerNames: ['app'], image: IMAGE }
    })
    expect(prepared.taskDefinition.containerDefinitions?.map((c) => c.image)).toEqual([
      IMAGE,
      'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod'
    ])
  })

  it('reports a placeholder no input replaced, naming the inputs that would', () => {
    const text = JSON.stringify({
      family: 'web',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: '<IMAGE1_NAME>' }]
    })
    expect(() => prepareTaskDefinition({ text, source: 'td.json' })).toThrow(
      'task-definition td.json has a problem that ECS would reject:\n  - containerDefinitions[0].image: is the placeholder "<IMAGE1_NAME>", which was not replaced: set the image input (with container-name: app) or the images input (app=<image>) to replace it'
    )
  })

  it.each([
    [
      'a parse error',
      { text: '{', source: 'td.json' },
      'task-definition',
      /^task-definition file td\.json is not valid JSON/
    ],
    [
      'a container that does not exist',
      { text: readFixture('web.json'), source: 'web.json', containerName: 'api', image: IMAGE },
      'container-name',
      /containers: app, envoy$/
    ],
    [
      'a validation problem',
      {
        text: 'family: web\ncontainerDefinitions:\n  - name: app\n    image: nginx\n    memory: "256"\n',
        source: 'td.yaml'
      },
      'task-definition',
      /^task-definition td\.yaml has a problem that ECS would reject:\n {2}- containerDefinitions\[0\]\.memory: must be a number, got string "256"; remove the quotes/
    ]
  ])('throws TaskDefinitionError for %s', (_label, options, input, message) => {
    let caught: unknown
    try {
      prepareTaskDefinition(options)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(TaskDefinitionError)
    expect((caught as TaskDefinitionError).input).toBe(input)
    expect((caught as TaskDefinitionError).message).toMatch(message)
  })
})

describe('TaskDefinitionError', () => {
  it('is an Error with a name, an optional input, problems and a cause', () => {
    const cause = new Error('inner')
    const error = new TaskDefinitionError('bad', {
      input: 'image',
      problems: [{ path: 'a', message: 'b' }],
      cause
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('TaskDefinitionError')
    expect(error.message).toBe('bad')
    expect(error.input).toBe('image')
    expect(error.problems).toEqual([{ path: 'a', message: 'b' }])
    expect(error.cause).toBe(cause)
    const bare = new TaskDefinitionError('plain')
    expect(bare.input).toBeUndefined()
    expect(bare.problems).toEqual([])
    expect('cause' in bare).toBe(false)
  })
})
