import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import {
  normalizeTaskDefinition,
  parseTaskDefinitionText,
  READ_ONLY_TASK_DEFINITION_FIELDS,
  REGISTER_TASK_DEFINITION_MEMBERS,
  TaskDefinitionError
} from '../../src/task-definition/index.js'
import { readFixture } from './fixtures.js'

const minimal = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx' }] }

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

describe('normalizeTaskDefinition', () => {
  it('passes a plain task definition through with empty notes', () => {
    const { taskDefinition, notes } = normalizeTaskDefinition(minimal)
    expect(taskDefinition).toEqual(minimal)
    expect(notes).toEqual({ unwrapped: false, strippedReadOnly: [], unknownKeys: [], info: [] })
  })

  it('unwraps describe-task-definition output, moves its tags up and strips read-only fields', () => {
    const raw = parseTaskDefinitionText({
      text: readFixture('describe-web.json'),
      source: 'describe-web.json'
    })
    const { taskDefinition, notes } = normalizeTaskDefinition(raw)

    expect(notes.unwrapped).toBe(true)
    expect(notes.unknownKeys).toEqual([])
    expect(notes.strippedReadOnly).toEqual([
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
      'deregisteredAt',
      'deleteRequestedAt'
    ])
    expect(taskDefinition.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '' }
    ])
    expect(taskDefinition.family).toBe('web')
    expect(
      Object.keys(taskDefinition).every((key) => REGISTER_TASK_DEFINITION_MEMBERS.includes(key))
    ).toBe(true)
    expect(taskDefinition).not.toHaveProperty('taskDefinition')

    const app = taskDefinition.containerDefinitions?.[0]
    // nulls gone, empties kept
    expect(app).not.toHaveProperty('linuxParameters')
    expect(app).not.toHaveProperty('startTimeout')
    expect(app?.links).toEqual([])
    expect(app?.dockerLabels).toEqual({})
    expect(app?.logConfiguration?.options?.tag).toBe('')
    expect(app?.environment).toContainEqual({ name: 'FEATURE_FLAGS', value: '' })
    expect(taskDefinition.enableFaultInjection).toBe(false)
  })

  it.each(READ_ONLY_TASK_DEFINITION_FIELDS.map((field) => [field]))(
    'strips read-only field %s',
    (field) => {
      const { taskDefinition, notes } = normalizeTaskDefinition({ ...minimal, [field]: 'x' })
      expect(taskDefinition).not.toHaveProperty(field)
      expect(notes.strippedReadOnly).toEqual([field])
      expect(notes.unknownKeys).toEqual([])
    }
  )

  it('lists exactly the nine read-only fields ECS returns but does not accept', () => {
    expect([...READ_ONLY_TASK_DEFINITION_FIELDS].sort()).toEqual(
      [
        'compatibilities',
        'deleteRequestedAt',
        'deregisteredAt',
        'registeredAt',
        'registeredBy',
        'requiresAttributes',
        'revision',
        'status',
        'taskDefinitionArn'
      ].sort()
    )
    expect(REGISTER_TASK_DEFINITION_MEMBERS).toHaveLength(18)
  })

  it.each([
    [
      'inner tags win over the wrapper tags',
      { ...minimal, tags: [{ key: 'inner' }] },
      [{ key: 'inner' }]
    ],
    ['inner empty tags still win', { ...minimal, tags: [] }, []],
    ['wrapper tags are used when the inner has none', minimal, [{ key: 'outer', value: 'o' }]]
  ])('tags: %s', (_label, inner, expected) => {
    const { taskDefinition } = normalizeTaskDefinition({
      taskDefinition: inner,
      tags: [{ key: 'outer', value: 'o' }]
    })
    expect(taskDefinition.tags).toEqual(expected)
  })

  it('leaves tags out when the wrapper tags are null or absent', () => {
    expect(
      normalizeTaskDefinition({ taskDefinition: minimal, tags: null }).taskDefinition
    ).not.toHaveProperty('tags')
    expect(normalizeTaskDefinition({ taskDefinition: minimal }).taskDefinition).not.toHaveProperty(
      'tags'
    )
  })

  it('reports other wrapper siblings (e.g. boto3 ResponseMetadata) as unknown keys', () => {
    const { notes, taskDefinition } = normalizeTaskDefinition({
      taskDefinition: minimal,
      ResponseMetadata: { HTTPStatusCode: 200 }
    })
    expect(notes).toEqual({
      unwrapped: true,
      strippedReadOnly: [],
      unknownKeys: ['ResponseMetadata'],
      info: []
    })
    expect(taskDefinition).toEqual(minimal)
  })

  it('does not unwrap when the top level is already a task definition with a stray taskDefinition key', () => {
    const { notes, taskDefinition } = normalizeTaskDefinition({
      ...minimal,
      taskDefinition: { family: 'other' }
    })
    expect(notes.unwrapped).toBe(false)
    expect(notes.unknownKeys).toEqual(['taskDefinition'])
    expect(taskDefinition.family).toBe('web')
  })

  it('reports and removes keys RegisterTaskDefinition does not accept, in input order', () => {
    const { taskDefinition, notes } = normalizeTaskDefinition({
      famly: 'typo',
      ...minimal,
      containerDefinition: [],
      serviceName: 'web'
    })
    expect(notes.unknownKeys).toEqual(['famly', 'containerDefinition', 'serviceName'])
    expect(taskDefinition).toEqual(minimal)
  })

  it.each(REGISTER_TASK_DEFINITION_MEMBERS.map((member) => [member]))(
    'keeps accepted member %s',
    (member) => {
      const { taskDefinition, notes } = normalizeTaskDefinition({ [member]: 'kept' })
      expect(taskDefinition).toEqual({ [member]: 'kept' })
      expect(notes.unknownKeys).toEqual([])
    }
  )

  it('drops nulls at every depth, including inside lists, and keeps empty strings, lists and objects', () => {
    const raw = {
      family: 'web',
      cpu: null,
      volumes: [],
      containerDefinitions: [
        null,
        {
          name: 'app',
          image: 'nginx',
          command: ['a', null, ''],
          environment: [{ name: 'EMPTY', value: '' }, { name: 'GONE', value: null }, null],
          dockerLabels: {},
          logConfiguration: {
            logDriver: 'splunk',
            options: { tag: '', url: null },
            secretOptions: null
          },
          linuxParameters: { capabilities: { add: [null], drop: [] }, tmpfs: null },
          healthCheck: { command: [[null]], retries: 0, startPeriod: null }
        }
      ]
    }
    const { taskDefinition } = normalizeTaskDefinition(raw)
    expect(taskDefinition).toEqual({
      family: 'web',
      volumes: [],
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx',
          command: ['a', ''],
          environment: [{ name: 'EMPTY', value: '' }, { name: 'GONE' }],
          dockerLabels: {},
          logConfiguration: { logDriver: 'splunk', options: { tag: '' } },
          linuxParameters: { capabilities: { add: [], drop: [] } },
          healthCheck: { command: [[]], retries: 0 }
        }
      ]
    })
  })

  it('keeps false and 0', () => {
    const { taskDefinition } = normalizeTaskDefinition({
      family: 'web',
      enableFaultInjection: false,
      containerDefinitions: [{ name: 'a', image: 'b', essential: false, cpu: 0 }]
    })
    expect(taskDefinition.enableFaultInjection).toBe(false)
    expect(taskDefinition.containerDefinitions?.[0]).toEqual({
      name: 'a',
      image: 'b',
      essential: false,
      cpu: 0
    })
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    [
      'both',
      { cpu: 256, memory: 512 },
      { cpu: '256', memory: '512' },
      [
        'Converted task-level cpu 256 → "256" and memory 512 → "512": RegisterTaskDefinition takes task-level cpu and memory as strings.'
      ]
    ],
    [
      'memory only',
      { cpu: '1 vCPU', memory: 2048 },
      { cpu: '1 vCPU', memory: '2048' },
      [
        'Converted task-level memory 2048 → "2048": RegisterTaskDefinition takes task-level cpu and memory as strings.'
      ]
    ],
    ['neither (strings already)', { cpu: '256', memory: '512' }, { cpu: '256', memory: '512' }, []],
    // Not whole positive numbers: what they mean is unclear, so validation reports them.
    [
      'a fraction',
      { cpu: 0.25, memory: 512 },
      { cpu: 0.25, memory: '512' },
      [
        'Converted task-level memory 512 → "512": RegisterTaskDefinition takes task-level cpu and memory as strings.'
      ]
    ],
    ['zero and negative', { cpu: 0, memory: -1 }, { cpu: 0, memory: -1 }, []]
  ])('turns task-level cpu and memory numbers into strings: %s', (_label, size, expected, info) => {
    const { taskDefinition, notes } = normalizeTaskDefinition({
      family: 'web',
      ...size,
      containerDefinitions: [{ name: 'a', image: 'b', cpu: 128, memory: 256 }]
    })
    expect({ cpu: taskDefinition.cpu, memory: taskDefinition.memory }).toEqual(expected)
    expect(notes.info).toEqual(info)
    // Container-level cpu and memory are numbers in ECS and stay numbers.
    expect(taskDefinition.containerDefinitions?.[0]).toEqual({
      name: 'a',
      image: 'b',
      cpu: 128,
      memory: 256
    })
  })

  it('converts numbers inside describe-task-definition output too', () => {
    const { taskDefinition } = normalizeTaskDefinition({
      taskDefinition: { ...minimal, cpu: 512, memory: 1024 }
    })
    expect(taskDefinition).toMatchObject({ cpu: '512', memory: '1024' })
  })

  it('never mutates its input and returns fresh objects', () => {
    const raw = deepFreeze({
      taskDefinition: {
        ...minimal,
        containerDefinitions: [
          { name: 'app', image: 'nginx', environment: [{ name: 'A', value: null }] }
        ],
        revision: 3
      },
      tags: [{ key: 'k', value: 'v' }]
    })
    const snapshot = structuredClone(raw)
    const { taskDefinition } = normalizeTaskDefinition(raw)
    expect(raw).toEqual(snapshot)
    expect(taskDefinition.containerDefinitions).not.toBe(raw.taskDefinition.containerDefinitions)
    expect(taskDefinition.tags).not.toBe(raw.tags)
    expect(Object.isFrozen(taskDefinition.containerDefinitions?.[0])).toBe(false)
  })

  it('keeps a nested "__proto__" key as plain data without touching prototypes', () => {
    const raw = JSON.parse(
      '{"family":"web","containerDefinitions":[{"name":"a","image":"b","dockerLabels":{"__proto__":{"polluted":"yes"}}}]}'
    ) as unknown
    const { taskDefinition } = normalizeTaskDefinition(raw)
    const labels = taskDefinition.containerDefinitions?.[0]?.dockerLabels as Record<string, unknown>
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype)
    expect(Object.keys(labels)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('accepts plain objects from another realm (e.g. structuredClone under a vm)', () => {
    const foreign = runInNewContext(
      '({ family: "web", containerDefinitions: [{ name: "a", image: "b", x: null }] })'
    ) as unknown
    expect(normalizeTaskDefinition(foreign).taskDefinition).toEqual({
      family: 'web',
      containerDefinitions: [{ name: 'a', image: 'b' }]
    })
  })

  it.each([
    ['null', null, 'got null'],
    ['a list', [minimal], 'got a list'],
    ['a string', 'web', 'got string "web"']
  ])('rejects %s', (_label, raw, detail) => {
    expect(() => normalizeTaskDefinition(raw)).toThrow(TaskDefinitionError)
    expect(() => normalizeTaskDefinition(raw)).toThrow(
      `task definition must be an object with family and containerDefinitions, ${detail}`
    )
  })
})
