import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/settings/index.js'
import { resolveContainerOverrides } from '../../src/run-task/overrides.js'
import { readRunTaskSettings } from '../../src/run-task/settings.js'
import { readInputs } from '../../src/settings/table.js'

const SUBNET = 'subnet-0123456789abcdef0'
const SG = 'sg-0123456789abcdef0'

/** The inputs as readSettings reads them, through the input table. */
const read = (inputs: Record<string, string>) =>
  readRunTaskSettings(readInputs({ getInput: (name) => inputs[name] ?? '' }))

const inputError = (inputs: Record<string, string>): InputError => {
  try {
    read(inputs)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readRunTaskSettings', () => {
  it('is off by default, and then no other run-task input may be set', () => {
    expect(read({})).toBeUndefined()
    expect(read({ 'run-task': 'false' })).toBeUndefined()
    const stray = inputError({ 'run-task-subnets': SUBNET })
    expect(stray.input).toBe('run-task-subnets')
    expect(stray.message).toBe(
      'Input "run-task-subnets" is set, but run-task is not true; set run-task: true or remove it'
    )
    expect(inputError({ 'run-task': 'false', 'wait-for-task-stopped': 'true' }).input).toBe(
      'wait-for-task-stopped'
    )
    expect(inputError({ 'run-task': 'yes' }).input).toBe('run-task')
  })

  it('has defaults that gate: Fargate, GitHub-Actions, wait for the task, 30 minutes', () => {
    expect(read({ 'run-task': 'true' })).toEqual({
      containerOverrides: [],
      launchType: 'FARGATE',
      startedBy: 'GitHub-Actions',
      tags: [],
      waitForTaskStopped: true,
      waitMinutes: 30
    })
  })

  it('reads every input', () => {
    expect(
      read({
        'run-task': 'true',
        'run-task-command': 'npm run migrate -- --to "0042 add index"',
        'run-task-container-overrides':
          '[{"name":"migrate","environment":[{"name":"LOG_LEVEL","value":"debug"}],"memory":1024}]',
        'run-task-subnets': ` ${SUBNET} , subnet-0123456789abcdef1`,
        'run-task-security-groups': SG,
        'run-task-assign-public-IP': 'ENABLED',
        'run-task-launch-type': 'EC2',
        'run-task-started-by': 'deploy/1234_migrate',
        'run-task-tags': '[{"key":"purpose","value":"migration"},{"key":"empty"}]',
        'run-task-wait-minutes': '90'
      })
    ).toEqual({
      command: ['npm', 'run', 'migrate', '--', '--to', '0042 add index'],
      containerOverrides: [
        { name: 'migrate', environment: [{ name: 'LOG_LEVEL', value: 'debug' }], memory: 1024 }
      ],
      network: {
        subnets: [SUBNET, 'subnet-0123456789abcdef1'],
        securityGroups: [SG],
        assignPublicIp: 'ENABLED'
      },
      launchType: 'EC2',
      startedBy: 'deploy/1234_migrate',
      tags: [{ key: 'purpose', value: 'migration' }, { key: 'empty' }],
      waitForTaskStopped: true,
      waitMinutes: 90
    })
  })

  it('can start the task without waiting for it, as the official action does by default', () => {
    expect(read({ 'run-task': 'true', 'wait-for-task-stopped': 'false' })?.waitForTaskStopped).toBe(
      false
    )
  })

  it('sends a capacity-provider strategy instead of a launch type', () => {
    const settings = read({
      'run-task': 'true',
      'run-task-capacity-provider-strategy':
        '[{"capacityProvider":"FARGATE_SPOT","weight":3,"base":1},{"capacityProvider":"FARGATE","weight":1}]'
    })
    expect(settings?.launchType).toBeUndefined()
    expect(settings?.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 1 },
      { capacityProvider: 'FARGATE', weight: 1 }
    ])
  })

  it.each([
    [{ 'run-task-command': 'migrate && seed' }, 'run-task-command', /shell operator "&&"/],
    [{ 'run-task-command': "echo 'open" }, 'run-task-command', /never closed/],
    [
      { 'run-task-container-overrides': '{"name":"a"}' },
      'run-task-container-overrides',
      /must be a JSON array/
    ],
    [
      { 'run-task-container-overrides': '[{"name":"a"' },
      'run-task-container-overrides',
      /is not valid JSON/
    ],
    [
      { 'run-task-container-overrides': '[{"command":["x"]}]' },
      'run-task-container-overrides',
      /item 0 needs "name"/
    ],
    [
      { 'run-task-container-overrides': '[{"name":"a","comand":["x"]}]' },
      'run-task-container-overrides',
      /unknown member "comand"/
    ],
    [
      { 'run-task-container-overrides': '[{"name":"a","command":"x"}]' },
      'run-task-container-overrides',
      /"command" must be an array of strings/
    ],
    [
      { 'run-task-container-overrides': '[{"name":"a"},{"name":"a"}]' },
      'run-task-container-overrides',
      /two items for container "a"/
    ],
    [
      { 'run-task-subnets': `${SUBNET},,${SUBNET}` },
      'run-task-subnets',
      /empty item at position 2/
    ],
    [{ 'run-task-subnets': 'subnet-xyz' }, 'run-task-subnets', /is not an id like subnet-/],
    [
      { 'run-task-subnets': SUBNET, 'run-task-security-groups': 'sg-1, ' },
      'run-task-security-groups',
      /is not an id like sg-|empty item/
    ],
    [
      { 'run-task-security-groups': SG },
      'run-task-subnets',
      /is required when run-task-security-groups is set/
    ],
    [
      { 'run-task-assign-public-IP': 'ENABLED' },
      'run-task-assign-public-IP',
      /has no effect without run-task-subnets/
    ],
    [
      { 'run-task-subnets': SUBNET, 'run-task-assign-public-IP': 'yes' },
      'run-task-assign-public-IP',
      /must be one of ENABLED, DISABLED/
    ],
    [
      { 'run-task-launch-type': 'SPOT' },
      'run-task-launch-type',
      /must be one of FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES/
    ],
    [
      {
        'run-task-launch-type': 'FARGATE',
        'run-task-capacity-provider-strategy': '[{"capacityProvider":"FARGATE"}]'
      },
      'run-task-launch-type',
      /cannot be used with run-task-capacity-provider-strategy/
    ],
    [
      { 'run-task-capacity-provider-strategy': '[]' },
      'run-task-capacity-provider-strategy',
      /empty list/
    ],
    [
      { 'run-task-capacity-provider-strategy': '[{"weight":1}]' },
      'run-task-capacity-provider-strategy',
      /needs "capacityProvider"/
    ],
    [
      { 'run-task-capacity-provider-strategy': '[{"capacityProvider":"A","weight":1.5}]' },
      'run-task-capacity-provider-strategy',
      /"weight" must be a whole number from 0 to 1000/
    ],
    [
      {
        'run-task-capacity-provider-strategy':
          '[{"capacityProvider":"A","base":1},{"capacityProvider":"B","base":1}]'
      },
      'run-task-capacity-provider-strategy',
      /on more than one item/
    ],
    [{ 'run-task-started-by': 'deploy by me' }, 'run-task-started-by', /1 to 128 letters/],
    [{ 'run-task-started-by': 'x'.repeat(129) }, 'run-task-started-by', /1 to 128 letters/],
    [{ 'run-task-tags': '[{"value":"x"}]' }, 'run-task-tags', /needs "key"/],
    [{ 'run-task-tags': '[{"key":"aws:owner","value":"x"}]' }, 'run-task-tags', /reserved/],
    [
      { 'run-task-tags': '[{"key":"a","value":"1"},{"key":"a","value":"2"}]' },
      'run-task-tags',
      /twice/
    ],
    [{ 'run-task-tags': '[{"key":"a","value":1}]' }, 'run-task-tags', /"value" must be a string/],
    [{ 'wait-for-task-stopped': 'maybe' }, 'wait-for-task-stopped', /true or false/],
    [{ 'run-task-wait-minutes': '0' }, 'run-task-wait-minutes', /from 1 to 360/],
    [{ 'run-task-wait-minutes': '361' }, 'run-task-wait-minutes', /from 1 to 360/],
    [{ 'run-task-wait-minutes': '1.5' }, 'run-task-wait-minutes', /whole number/],
    [
      { 'wait-for-task-stopped': 'false', 'run-task-wait-minutes': '10' },
      'run-task-wait-minutes',
      /has no effect when wait-for-task-stopped is false/
    ]
  ])('rejects %j, naming %s', (inputs, name, why) => {
    const error = inputError({ 'run-task': 'true', ...inputs })
    expect(error.input).toBe(name)
    expect(error.message.startsWith(`Input "${name}" `)).toBe(true)
    expect(error.message).toMatch(why)
  })

  it('never echoes override values, which may be secret', () => {
    const error = inputError({
      'run-task': 'true',
      'run-task-container-overrides': '[{"name":"a","environment":[{"name":"TOKEN","value":7}]}]'
    })
    expect(error.message).not.toContain('TOKEN')
    expect(error.message).toMatch(/"environment" must be an array of \{"name","value"\} objects/)
  })
})

describe('resolveContainerOverrides', () => {
  const taskDefinition = {
    containerDefinitions: [
      { name: 'migrate', image: 'i' },
      { name: 'xray', image: 'x', essential: false }
    ]
  }

  it('gives run-task-command to the only essential container, beside the other overrides', () => {
    expect(
      resolveContainerOverrides({
        containerOverrides: [{ name: 'xray', environment: [{ name: 'A', value: '1' }] }],
        command: ['npm', 'run', 'migrate'],
        taskDefinition
      })
    ).toEqual([
      { name: 'xray', environment: [{ name: 'A', value: '1' }] },
      { name: 'migrate', command: ['npm', 'run', 'migrate'] }
    ])
    // Merged into the container's own override when it has one.
    expect(
      resolveContainerOverrides({
        containerOverrides: [{ name: 'migrate', memory: 512 }],
        command: ['x'],
        taskDefinition
      })
    ).toEqual([{ name: 'migrate', memory: 512, command: ['x'] }])
  })

  it('names the input when the overrides do not fit the task definition', () => {
    const attempt = (options: Parameters<typeof resolveContainerOverrides>[0]): InputError => {
      try {
        resolveContainerOverrides(options)
      } catch (error) {
        if (error instanceof InputError) return error
        throw error
      }
      throw new Error('expected an InputError')
    }
    const unknown = attempt({ containerOverrides: [{ name: 'app' }], taskDefinition })
    expect(unknown.input).toBe('run-task-container-overrides')
    expect(unknown.message).toMatch(
      /names container "app", which the task definition does not have; it has migrate, xray/
    )

    const twoEssential = attempt({
      containerOverrides: [],
      command: ['x'],
      taskDefinition: { containerDefinitions: [{ name: 'a' }, { name: 'b', essential: true }] }
    })
    expect(twoEssential.input).toBe('run-task-command')
    expect(twoEssential.message).toMatch(
      /has 2 \(a, b\); give the command to one container in run-task-container-overrides/
    )

    const twice = attempt({
      containerOverrides: [{ name: 'migrate', command: ['y'] }],
      command: ['x'],
      taskDefinition
    })
    expect(twice.input).toBe('run-task-command')
    expect(twice.message).toMatch(/both set the command of container migrate/)
  })
})
