import { describe, expect, it } from '@jest/globals'
import { InputError, readSettings, type Settings } from '../../src/settings/index.js'
import { INPUT_TABLE } from '../../src/settings/table.js'

function settings(inputs: Record<string, string>, env: Record<string, string> = {}): Settings {
  return readSettings({ getInput: (name) => inputs[name] ?? '', workspace: '/work/repo', env })
}

const base = { 'task-definition': '.aws/td.json' }

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    expect(settings(base)).toEqual({
      taskDefinition: { kind: 'file', input: '.aws/td.json', path: '/work/repo/.aws/td.json' },
      render: { environmentMode: 'merge' },
      cluster: 'default',
      services: [],
      serviceUpdate: {},
      tagWithGitHubContext: true,
      githubDeployment: { enabled: false },
      codeDeploy: {
        appSpec: { input: 'appspec.yaml', path: '/work/repo/appspec.yaml', given: false }
      },
      waitForServiceStability: true,
      waitForMinutes: 30,
      pollIntervalSeconds: 5,
      onSuperseded: 'fail',
      rollbackOnFailure: false,
      waitForRollback: false,
      showLogs: 20,
      stallMinutes: 10,
      verifyImages: true,
      pinImageDigest: false,
      registerUnchanged: false,
      showEnvironmentValues: false,
      dryRun: false,
      maxRetries: 5
    })
  })

  it('reads every input of the table, so none is declared and then ignored', () => {
    const asked = new Set<string>()
    const given: Record<string, string> = {
      ...base,
      service: 'web',
      'container-name': 'app',
      image: 'nginx'
    }
    readSettings({
      getInput: (name) => {
        asked.add(name)
        return given[name] ?? ''
      },
      workspace: '/w',
      env: {}
    })
    expect([...asked].sort()).toEqual(INPUT_TABLE.map((row) => row.name).sort())
  })

  it('reads every input, and sends the optional UpdateService members only when set', () => {
    const s = settings({
      'task-definition': '/work/repo/deploy/td.yaml',
      'container-name': ' app ',
      image: 'nginx:1.27',
      service: 'web',
      cluster: 'prod',
      'wait-for-service-stability': 'False',
      'wait-for-minutes': '45',
      'poll-interval-seconds': '15',
      'force-new-deployment': 'true',
      'desired-count': '0',
      'on-superseded': 'succeed',
      'fail-fast-failed-tasks': '3',
      'rollback-on-failure': 'true',
      'wait-for-rollback': 'TRUE',
      'show-logs': '0'
    })
    expect(s).toMatchObject({
      taskDefinition: { path: '/work/repo/deploy/td.yaml' },
      render: { containerNames: ['app'], image: 'nginx:1.27' },
      services: ['web'],
      cluster: 'prod',
      waitForServiceStability: false,
      waitForMinutes: 45,
      pollIntervalSeconds: 15,
      serviceUpdate: { forceNewDeployment: true, desiredCount: 0 },
      onSuperseded: 'succeed',
      failFastFailedTasks: 3,
      rollbackOnFailure: true,
      waitForRollback: true,
      showLogs: 0
    })
    expect(settings({ ...base, service: 'web' }).serviceUpdate).toEqual({})
  })

  it.each([
    ['web', ['web']],
    ['web,api', ['web', 'api']],
    [' web , api ,', ['web', 'api']],
    ['web\napi\n\nworker\n', ['web', 'api', 'worker']],
    [
      'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      ['arn:aws:ecs:us-east-1:123456789012:service/prod/web']
    ]
  ])('reads service %j as %j', (service, expected) => {
    expect(settings({ ...base, service }).services).toEqual(expected)
  })

  it.each([
    ['web,web', /Input "service" names "web" twice/],
    ['web api', /Input "service" has "web api", which is not a service name/],
    ['web;api', /which is not a service name/]
  ])('rejects service %j', (service, message) => {
    expect(() => settings({ ...base, service })).toThrow(message)
  })

  it('reads every service update option, and only those given', () => {
    const s = settings({
      ...base,
      service: 'web',
      'enable-ecs-managed-tags': 'true',
      'propagate-tags': 'SERVICE',
      'enable-execute-command': 'false',
      'health-check-grace-period-seconds': '60',
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume':
        '{"roleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","sizeInGiB":20}'
    })
    expect(s.serviceUpdate).toEqual({
      enableECSManagedTags: true,
      propagateTags: 'SERVICE',
      enableExecuteCommand: false,
      healthCheckGracePeriodSeconds: 60,
      volumeConfiguration: {
        name: 'data',
        managedEBSVolume: {
          roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
          sizeInGiB: 20
        }
      }
    })
  })

  it.each([
    [
      { 'propagate-tags': 'ALL' },
      /Input "propagate-tags" must be one of TASK_DEFINITION, SERVICE, NONE/
    ],
    [{ 'enable-execute-command': 'yes' }, /Input "enable-execute-command" must be true or false/],
    [
      { 'health-check-grace-period-seconds': '-5' },
      /Input "health-check-grace-period-seconds" must be a whole number/
    ],
    [
      { 'service-managed-ebs-volume-name': 'data' },
      /Input "service-managed-ebs-volume-name" needs "service-managed-ebs-volume"/
    ],
    [
      { 'service-managed-ebs-volume': '{}' },
      /Input "service-managed-ebs-volume" needs "service-managed-ebs-volume-name"/
    ],
    [
      { 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '{"sizeInGiB":' },
      /Input "service-managed-ebs-volume" is not valid JSON/
    ],
    [
      { 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '[]' },
      /must be a JSON object/
    ],
    [
      {
        'service-managed-ebs-volume-name': 'data',
        'service-managed-ebs-volume': '{"sizeInGiB":20}'
      },
      /needs "roleArn"/
    ],
    [
      {
        'service-managed-ebs-volume-name': 'bad name',
        'service-managed-ebs-volume': '{"roleArn":"arn:aws:iam::123456789012:role/r"}'
      },
      /Input "service-managed-ebs-volume-name" must be a volume name/
    ]
  ])('rejects service update option %j', (inputs, message) => {
    expect(() => settings({ ...base, service: 'web', ...inputs })).toThrow(message)
  })

  it.each([
    ['wait-for-minutes', 'abc'],
    ['wait-for-minutes', '-1'],
    ['wait-for-minutes', '1.5'],
    ['wait-for-minutes', '0'],
    ['wait-for-minutes', '361'],
    ['wait-for-minutes', '1e2'],
    ['poll-interval-seconds', '0'],
    ['poll-interval-seconds', '5s'],
    ['desired-count', '-1'],
    ['desired-count', '1.5'],
    ['desired-count', 'two'],
    ['force-new-deployment', 'yes'],
    ['wait-for-service-stability', '1'],
    ['fail-fast-failed-tasks', '0'],
    ['fail-fast-failed-tasks', '201'],
    ['show-logs', '-5'],
    ['rollback-on-failure', 'on'],
    ['on-superseded', 'ignore']
  ])('rejects %s = %s, naming the input', (name, value) => {
    const inputs = { ...base, service: 'web', [name]: value }
    expect(() => settings(inputs)).toThrow(InputError)
    expect(() => settings(inputs)).toThrow(
      new RegExp(`^Input "${name}" must be .*got "${value.replace('.', '\\.')}"`)
    )
  })

  it.each([
    [{}, /Input "task-definition" is required, or one of "task-definition-arn"/],
    [
      {
        ...base,
        'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3'
      },
      /^Input "task-definition" and "task-definition-arn" are both set: give exactly one source/
    ],
    [
      { 'task-definition-family': 'web', 'task-definition-from-service': 'true', service: 'web' },
      /^Input "task-definition-family" and "task-definition-from-service" are both set/
    ],
    [
      { 'task-definition-revision': '3' },
      /Input "task-definition-revision" needs "task-definition-family"/
    ],
    [
      { 'task-definition-from-service': 'true' },
      /Input "task-definition-from-service" needs "service"/
    ],
    [
      { 'task-definition-arn': 'web:3' },
      /Input "task-definition-arn" must be a task definition ARN/
    ],
    [
      { 'task-definition-family': 'web app' },
      /Input "task-definition-family" must be a family name/
    ],
    [
      { 'task-definition-family': 'web', 'task-definition-revision': '0' },
      /Input "task-definition-revision" must be a whole number/
    ],
    [{ ...base, image: 'nginx' }, /^container-name is required when image is set/],
    [{ ...base, 'container-name': 'app' }, /^container-name \(app\) has no effect/],
    [
      { ...base, 'container-name': 'app', 'environment-variables': 'NO_EQUALS' },
      /environment-variables line 1/
    ],
    [{ ...base, 'desired-count': '2' }, /Input "desired-count" needs "service"/],
    [{ ...base, 'force-new-deployment': 'true' }, /Input "force-new-deployment" needs "service"/],
    [{ ...base, 'propagate-tags': 'SERVICE' }, /Input "propagate-tags" needs "service"/],
    [
      {
        ...base,
        'service-managed-ebs-volume-name': 'data',
        'service-managed-ebs-volume': '{"roleArn":"arn:aws:iam::123456789012:role/r"}'
      },
      /Input "service-managed-ebs-volume-name" needs "service"/
    ]
  ])('rejects inconsistent inputs %#', (inputs, message) => {
    expect(() => settings(inputs)).toThrow(message)
  })

  it.each([
    [
      { 'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3' },
      { kind: 'arn', arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3' }
    ],
    [{ 'task-definition-family': 'web' }, { kind: 'family', family: 'web' }],
    [
      { 'task-definition-family': 'web', 'task-definition-revision': '7' },
      { kind: 'family', family: 'web', revision: 7 }
    ],
    [{ 'task-definition-from-service': 'true', service: 'web' }, { kind: 'service' }]
  ])('reads the task definition from ECS when asked: %j', (inputs, expected) => {
    expect(settings(inputs).taskDefinition).toEqual(expected)
  })

  it('keeps the task definition file inside the workspace or RUNNER_TEMP', () => {
    const path = (value: string, env: Record<string, string> = {}): unknown =>
      settings({ 'task-definition': value }, env).taskDefinition
    expect(path('ecs/../td.json')).toEqual({
      kind: 'file',
      input: 'ecs/../td.json',
      path: '/work/repo/td.json'
    })
    // The official render action writes its output to RUNNER_TEMP and passes the absolute path on.
    expect(path('/runner/tmp/task-definition-x.json', { RUNNER_TEMP: '/runner/tmp' })).toEqual({
      kind: 'file',
      input: '/runner/tmp/task-definition-x.json',
      path: '/runner/tmp/task-definition-x.json'
    })
    for (const value of ['../../etc/passwd', '/etc/passwd', '/work/repository/td.json', '..']) {
      expect(() => path(value, { RUNNER_TEMP: '/runner/tmp' })).toThrow(
        /^Input "task-definition" names ".*", which is outside the workspace \(it resolves to .*\); give a path inside GITHUB_WORKSPACE \(\/work\/repo\), relative to it, or inside RUNNER_TEMP$/
      )
    }
  })

  it.each([
    'my cluster',
    'prod\n::set-output name=x::y',
    'a'.repeat(256),
    'arn:aws:ecs:us-east-1:1:cluster/prod'
  ])('rejects the cluster %j before any AWS call', (cluster) => {
    expect(() => settings({ ...base, cluster })).toThrow(
      /^Input "cluster" must be a cluster name \(up to 255 letters, digits, "-" and "_"\) or cluster ARN, got "/
    )
  })

  it('takes a cluster name or ARN', () => {
    expect(settings({ ...base, cluster: 'prod_2-a' }).cluster).toBe('prod_2-a')
    const arn = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
    expect(settings({ ...base, cluster: arn }).cluster).toBe(arn)
  })
})
