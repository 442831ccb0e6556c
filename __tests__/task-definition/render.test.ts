import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { describe, expect, it } from '@jest/globals'
import {
  renderTaskDefinition,
  TaskDefinitionError,
  type RenderSettings
} from '../../src/task-definition/index.js'

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const NEW_IMAGE = `${ECR}/web:2.0.0`
const SSM = 'arn:aws:ssm:eu-west-1:123456789012:parameter/web'
const ROLE = 'arn:aws:iam::123456789012:role/web-task'

function taskDefinition(): RegisterTaskDefinitionCommandInput {
  return {
    family: 'web',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'app',
        image: `${ECR}/web:1.0.0`,
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'EMPTY', value: '' }
        ],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: `${SSM}/db-password` }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'eu-west-1' }
        },
        dockerLabels: { team: 'payments' },
        command: ['node', 'server.js']
      },
      { name: 'worker', image: `${ECR}/web:1.0.0`, command: ['node', 'worker.js'] },
      { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod' }
    ],
    tags: [
      { key: 'team', value: 'payments' },
      { key: 'env', value: 'staging' }
    ]
  }
}

function render(settings: RenderSettings, td = taskDefinition()) {
  return renderTaskDefinition(td, settings)
}

function container(td: RegisterTaskDefinitionCommandInput, name: string): ContainerDefinition {
  const found = td.containerDefinitions?.find((c) => c.name === name)
  if (found === undefined) throw new Error(`no container ${name}`)
  return found
}

function renderError(settings: RenderSettings, td = taskDefinition()): TaskDefinitionError {
  try {
    renderTaskDefinition(td, settings)
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error
    throw error
  }
  throw new Error('expected renderTaskDefinition to throw')
}

describe('renderTaskDefinition: images', () => {
  it.each([
    [['app'], [NEW_IMAGE, `${ECR}/web:1.0.0`]],
    [['worker'], [`${ECR}/web:1.0.0`, NEW_IMAGE]],
    [
      ['app', 'worker'],
      [NEW_IMAGE, NEW_IMAGE]
    ]
  ])('sets the image of %j only', (containerNames, images) => {
    const { taskDefinition: td, info } = render({ containerNames, image: NEW_IMAGE })
    expect(td.containerDefinitions?.map((c) => c.image)).toEqual([
      ...images,
      'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod'
    ])
    expect(info).toEqual(
      containerNames.map((name) => `Container ${name}: image set to ${NEW_IMAGE}.`)
    )
  })

  it('sets images per container, for containers not in containerNames too', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      image: NEW_IMAGE,
      images: {
        worker: `${ECR}/worker:7`,
        envoy: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.30.0.0-prod'
      }
    })
    expect(td.containerDefinitions?.map((c) => c.image)).toEqual([
      NEW_IMAGE,
      `${ECR}/worker:7`,
      'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.30.0.0-prod'
    ])
    expect(info).toEqual([
      `Container app: image set to ${NEW_IMAGE}.`,
      `Container worker: image set to ${ECR}/worker:7.`,
      'Container envoy: image set to public.ecr.aws/appmesh/aws-appmesh-envoy:v1.30.0.0-prod.'
    ])
  })

  it('works with images alone, without containerNames', () => {
    const { taskDefinition: td } = render({ images: { worker: 'busybox:1.36' } })
    expect(container(td, 'worker').image).toBe('busybox:1.36')
    expect(container(td, 'app').image).toBe(`${ECR}/web:1.0.0`)
  })

  it('prints nothing when the image is already the one given', () => {
    expect(render({ containerNames: ['app'], image: `${ECR}/web:1.0.0` }).info).toEqual([])
  })

  it('rejects image and images naming the same container', () => {
    const error = renderError({
      containerNames: ['app', 'worker'],
      image: NEW_IMAGE,
      images: { worker: 'busybox', envoy: 'envoyproxy/envoy:v1.30' }
    })
    expect(error.input).toBe('images')
    expect(error.message).toBe(
      'images sets the image of "worker", which image (through container-name) sets too; give each container its image in one of them'
    )
  })

  it.each([
    [
      'image',
      { containerNames: ['app'], image: 'Web:1' },
      '"Web:1" is not a valid image reference: repository path "Web" must be lowercase'
    ],
    ['image', { containerNames: ['app'], image: 'https://ghcr.io/org/app' }, 'URL scheme'],
    [
      'images',
      { images: { worker: 'my image' } },
      '"my image" (for container worker) is not a valid image reference: it contains whitespace'
    ]
  ])('rejects an invalid reference in %s', (input, settings, message) => {
    const error = renderError(settings)
    expect(error.input).toBe(input)
    expect(error.message).toContain(message)
  })
})

describe('renderTaskDefinition: container names', () => {
  it.each<[string, RenderSettings, string, string]>([
    [
      'a name that does not exist',
      { containerNames: ['api'], image: NEW_IMAGE },
      'container-name',
      'container-name "api" matches no container in the task definition; containers: app, worker, envoy'
    ],
    [
      'several names that do not exist',
      { containerNames: ['app', 'api', 'db'], image: NEW_IMAGE },
      'container-name',
      'container-name "api", "db" match no container in the task definition; containers: app, worker, envoy'
    ],
    [
      'a name in another case',
      { containerNames: ['App'], image: NEW_IMAGE },
      'container-name',
      'container-name "App" matches no container in the task definition (names are case-sensitive: "App" is not "app"); containers: app, worker, envoy'
    ],
    [
      'an images name that does not exist',
      { images: { web: NEW_IMAGE } },
      'images',
      'images names container "web", which is not in the task definition; containers: app, worker, envoy'
    ],
    [
      'several images names that do not exist',
      { images: { web: NEW_IMAGE, app: NEW_IMAGE, Worker: NEW_IMAGE } },
      'images',
      'images names containers "web", "Worker", which are not in the task definition (names are case-sensitive: "Worker" is not "worker"); containers: app, worker, envoy'
    ]
  ])('rejects %s and lists the containers that exist', (_label, settings, input, message) => {
    const error = renderError(settings)
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('says so when the task definition has no containers', () => {
    const error = renderError(
      { containerNames: ['app'], image: 'nginx' },
      { family: 'web', containerDefinitions: [] }
    )
    expect(error.message).toBe(
      'container-name "app" matches no container in the task definition; the task definition has no named containers'
    )
  })

  it.each<[string, RenderSettings, string]>([
    ['image', { image: NEW_IMAGE }, 'image is'],
    ['environment', { environment: [['A', '1']] }, 'environment-variables is'],
    ['secrets', { secrets: [['A', SSM]] }, 'secrets is'],
    ['envFiles', { envFiles: ['arn:aws:s3:::bucket/a.env'] }, 'env-files is'],
    ['logDriver', { logDriver: 'awslogs' }, 'log-configuration-log-driver is'],
    ['logOptions', { logOptions: [['mode', 'non-blocking']] }, 'log-configuration-options is'],
    ['dockerLabels', { dockerLabels: [['a', 'b']] }, 'docker-labels is'],
    ['command', { command: ['a'] }, 'command is'],
    [
      'several',
      { image: NEW_IMAGE, environment: [['A', '1']], command: ['a'] },
      'image, environment-variables and command are'
    ]
  ])('requires containerNames for %s, naming the setting', (_key, settings, named) => {
    const error = renderError(settings)
    expect(error.input).toBe('container-name')
    expect(error.message).toMatch(
      new RegExp(`^container-name is required when ${named} set: name the container`)
    )
  })

  it('treats an empty containerNames like none', () => {
    expect(renderError({ containerNames: [], image: NEW_IMAGE }).input).toBe('container-name')
  })

  it('rejects containerNames that no setting uses', () => {
    const error = renderError({ containerNames: ['app'], images: { worker: NEW_IMAGE } })
    expect(error.input).toBe('container-name')
    expect(error.message).toBe(
      'container-name (app) has no effect: it names the containers that image, environment-variables, secrets, env-files, log-configuration-log-driver, log-configuration-options, docker-labels or command apply to, and none of them is set; set one (usually image), or remove container-name'
    )
  })

  it('applies container settings to every container of a duplicated name (validation reports the duplicate)', () => {
    const td = taskDefinition()
    td.containerDefinitions?.push({ name: 'app', image: 'nginx' })
    const rendered = render({ containerNames: ['app'], image: NEW_IMAGE }, td).taskDefinition
    expect(rendered.containerDefinitions?.filter((c) => c.image === NEW_IMAGE)).toHaveLength(2)
  })
})

describe('renderTaskDefinition: no settings', () => {
  it('returns an equal copy and no info', () => {
    const input = taskDefinition()
    const rendered = renderTaskDefinition(input)
    expect(rendered.taskDefinition).toEqual(taskDefinition())
    expect(rendered.taskDefinition).not.toBe(input)
    expect(rendered.info).toEqual([])
  })
})

describe('renderTaskDefinition: never mutates the input', () => {
  it('leaves the input as it was and shares no objects with the result', () => {
    const input = taskDefinition()
    const rendered = render(
      {
        containerNames: ['app'],
        image: NEW_IMAGE,
        environment: [['LOG_LEVEL', 'debug']],
        secrets: [['API_KEY', SSM]],
        logOptions: [['mode', 'non-blocking']],
        dockerLabels: [['tier', 'web']],
        command: ['node', 'other.js'],
        cpu: '512',
        tags: [['env', 'prod']]
      },
      input
    ).taskDefinition
    expect(input).toEqual(taskDefinition())
    const before = container(input, 'app')
    const after = container(rendered, 'app')
    expect(after.environment).not.toBe(before.environment)
    expect(after.logConfiguration?.options).not.toBe(before.logConfiguration?.options)
    expect(rendered.tags).not.toBe(input.tags)
  })
})

describe('renderTaskDefinition: environment', () => {
  it('merges by name: updates, appends, keeps the rest, in order', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      environment: [
        ['LOG_LEVEL', 'debug'],
        ['NEW_ONE', 'a=b'],
        ['EMPTY', '']
      ]
    })
    expect(container(td, 'app').environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'EMPTY', value: '' },
      { name: 'NEW_ONE', value: 'a=b' }
    ])
    expect(info).toEqual([
      'Container app: environment LOG_LEVEL updated.',
      'Container app: environment NEW_ONE added.'
    ])
  })

  it('merges into a container without environment', () => {
    const { taskDefinition: td } = render({
      containerNames: ['worker'],
      environment: [['QUEUE', 'jobs']]
    })
    expect(container(td, 'worker').environment).toEqual([{ name: 'QUEUE', value: 'jobs' }])
  })

  it('applies to every named container', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app', 'worker'],
      environment: [['REGION', 'eu-west-1']]
    })
    expect(container(td, 'worker').environment).toEqual([{ name: 'REGION', value: 'eu-west-1' }])
    expect(container(td, 'app').environment).toContainEqual({ name: 'REGION', value: 'eu-west-1' })
    expect(container(td, 'envoy').environment).toBeUndefined()
    expect(info).toEqual([
      'Container app: environment REGION added.',
      'Container worker: environment REGION added.'
    ])
  })

  it('replace mode sets exactly the given list and reports removals', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      environment: [
        ['NEW_ONE', '1'],
        ['LOG_LEVEL', 'info']
      ],
      environmentMode: 'replace'
    })
    expect(container(td, 'app').environment).toEqual([
      { name: 'NEW_ONE', value: '1' },
      { name: 'LOG_LEVEL', value: 'info' }
    ])
    expect(info).toEqual([
      'Container app: environment NEW_ONE added.',
      'Container app: environment EMPTY removed.'
    ])
  })

  it('replace mode with an empty list clears the environment', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      environment: [],
      environmentMode: 'replace'
    })
    expect(container(td, 'app').environment).toEqual([])
    expect(info).toEqual([
      'Container app: environment LOG_LEVEL removed.',
      'Container app: environment EMPTY removed.'
    ])
  })

  it('replace mode also fixes a file whose environment is not a list', () => {
    const td = taskDefinition()
    ;(container(td, 'app') as Record<string, unknown>).environment = { LOG_LEVEL: 'info' }
    const rendered = render(
      { containerNames: ['app'], environment: [['A', '1']], environmentMode: 'replace' },
      td
    )
    expect(container(rendered.taskDefinition, 'app').environment).toEqual([
      { name: 'A', value: '1' }
    ])
  })

  it('merge mode refuses a file whose environment is not a list', () => {
    const td = taskDefinition()
    ;(container(td, 'app') as Record<string, unknown>).environment = { LOG_LEVEL: 'info' }
    const error = renderError({ containerNames: ['app'], environment: [['A', '1']] }, td)
    expect(error.input).toBe('task-definition')
    expect(error.message).toBe(
      'containerDefinitions[0].environment is an object, not a list, so environment-variables cannot be merged into it; fix the task definition'
    )
  })

  it('never prints values', () => {
    const { info } = render({
      containerNames: ['app'],
      environment: [['LOG_LEVEL', 's3cr3t-value']],
      secrets: [
        [
          'DB_PASSWORD',
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password::'
        ]
      ]
    })
    expect(info.join('\n')).not.toMatch(/s3cr3t|secretsmanager/)
  })
})

describe('renderTaskDefinition: secrets', () => {
  it('merges by name without any environment setting', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbCdEf:token::'
    const { taskDefinition: td, info } = render({
      containerNames: ['app', 'worker'],
      secrets: [
        ['DB_PASSWORD', `${SSM}/db-password-v2`],
        ['API_TOKEN', secret]
      ]
    })
    expect(container(td, 'app').secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: `${SSM}/db-password-v2` },
      { name: 'API_TOKEN', valueFrom: secret }
    ])
    expect(container(td, 'app').environment).toEqual(container(taskDefinition(), 'app').environment)
    expect(container(td, 'worker').secrets).toHaveLength(2)
    expect(info).toEqual([
      'Container app: secret DB_PASSWORD updated.',
      'Container app: secret API_TOKEN added.',
      'Container worker: secret DB_PASSWORD added.',
      'Container worker: secret API_TOKEN added.'
    ])
  })

  it('rejects a secret without a source', () => {
    const error = renderError({ containerNames: ['app'], secrets: [['DB_PASSWORD', ' ']] })
    expect(error.input).toBe('secrets')
    expect(error.message).toBe(
      'secrets gives DB_PASSWORD no source; expected DB_PASSWORD=<SSM parameter name or ARN, or Secrets Manager ARN>'
    )
  })
})

describe('renderTaskDefinition: env files', () => {
  it('replaces environmentFiles with s3 entries', () => {
    const td = taskDefinition()
    container(td, 'app').environmentFiles = [
      { value: 'arn:aws:s3:::old-bucket/old.env', type: 's3' }
    ]
    const { taskDefinition: rendered, info } = render(
      {
        containerNames: ['app'],
        envFiles: ['arn:aws:s3:::cfg-bucket/web/common.env', 'arn:aws:s3:::cfg-bucket/web/prod.env']
      },
      td
    )
    expect(container(rendered, 'app').environmentFiles).toEqual([
      { value: 'arn:aws:s3:::cfg-bucket/web/common.env', type: 's3' },
      { value: 'arn:aws:s3:::cfg-bucket/web/prod.env', type: 's3' }
    ])
    expect(info).toEqual([
      'Container app: environmentFiles replaced (had 1): arn:aws:s3:::cfg-bucket/web/common.env, arn:aws:s3:::cfg-bucket/web/prod.env.'
    ])
  })

  it('says "set" for a container that had none, and removes them with an empty list', () => {
    const set = render({ containerNames: ['worker'], envFiles: ['arn:aws:s3:::cfg-bucket/w.env'] })
    expect(set.info).toEqual([
      'Container worker: environmentFiles set: arn:aws:s3:::cfg-bucket/w.env.'
    ])
    const removed = render({ containerNames: ['worker'], envFiles: [] }, set.taskDefinition)
    expect(container(removed.taskDefinition, 'worker')).not.toHaveProperty('environmentFiles')
    expect(removed.info).toEqual(['Container worker: environmentFiles removed (had 1).'])
    expect(render({ containerNames: ['worker'], envFiles: [] }).info).toEqual([])
  })

  it.each([
    [
      ['s3://cfg-bucket/w.env'],
      'env-files: "s3://cfg-bucket/w.env" is an S3 URL; ECS wants the object ARN: arn:aws:s3:::cfg-bucket/w.env'
    ],
    [
      Array.from({ length: 11 }, (_, i) => `arn:aws:s3:::cfg-bucket/${i}.env`),
      'env-files lists 11 files; ECS allows at most 10 per container'
    ]
  ])('rejects %j', (envFiles, message) => {
    const error = renderError({ containerNames: ['app'], envFiles })
    expect(error.input).toBe('env-files')
    expect(error.message).toBe(message)
  })
})

describe('renderTaskDefinition: log configuration', () => {
  it('merges options into the existing driver, values with = intact', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      logOptions: [
        ['awslogs-group', '/ecs/web-prod'],
        ['awslogs-multiline-pattern', '^(?=\\d{4}-)'],
        ['mode', 'non-blocking']
      ]
    })
    expect(container(td, 'app').logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/web-prod',
        'awslogs-region': 'eu-west-1',
        'awslogs-multiline-pattern': '^(?=\\d{4}-)',
        mode: 'non-blocking'
      }
    })
    expect(info).toEqual([
      'Container app: log option awslogs-group updated.',
      'Container app: log option awslogs-multiline-pattern added.',
      'Container app: log option mode added.'
    ])
  })

  it('keeps the options when the driver given is the one already set', () => {
    const { taskDefinition: td, info } = render({ containerNames: ['app'], logDriver: 'awslogs' })
    expect(container(td, 'app').logConfiguration).toEqual(
      container(taskDefinition(), 'app').logConfiguration
    )
    expect(info).toEqual([])
  })

  it("drops the old driver's options when the driver changes, then applies the new ones", () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      logDriver: 'awsfirelens',
      logOptions: [
        ['Name', 'cloudwatch_logs'],
        ['region', 'eu-west-1']
      ]
    })
    expect(container(td, 'app').logConfiguration).toEqual({
      logDriver: 'awsfirelens',
      options: { Name: 'cloudwatch_logs', region: 'eu-west-1' }
    })
    expect(info).toEqual([
      'Container app: log driver awslogs → awsfirelens (the options of awslogs were dropped).',
      'Container app: log option Name added.',
      'Container app: log option region added.'
    ])
  })

  it('creates a logConfiguration for a container without one', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['worker'],
      logDriver: 'json-file',
      logOptions: [['max-size', '10m']]
    })
    expect(container(td, 'worker').logConfiguration).toEqual({
      logDriver: 'json-file',
      options: { 'max-size': '10m' }
    })
    expect(info[0]).toBe('Container worker: log driver (none) → json-file.')
  })

  it('rejects options for a container without a driver', () => {
    const error = renderError({ containerNames: ['worker'], logOptions: [['max-size', '10m']] })
    expect(error.input).toBe('log-configuration-options')
    expect(error.message).toBe(
      'log-configuration-options needs a log driver, and container worker has none (containerDefinitions[1].logConfiguration.logDriver); set log-configuration-log-driver too'
    )
  })

  it.each([
    [
      'logentries',
      'log-configuration-log-driver must be one of awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog; got "logentries"'
    ],
    [
      'AWSLOGS',
      'log-configuration-log-driver must be one of awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog; got "AWSLOGS" (values are case-sensitive)'
    ]
  ])('rejects the driver %s, listing the ones ECS accepts', (logDriver, message) => {
    const error = renderError({ containerNames: ['app'], logDriver })
    expect(error.input).toBe('log-configuration-log-driver')
    expect(error.message).toBe(message)
  })
})

describe('renderTaskDefinition: docker labels and command', () => {
  it('merges docker labels', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app', 'worker'],
      dockerLabels: [
        ['team', 'platform'],
        ['com.datadoghq.ad.logs', '[{"source":"nodejs"}]']
      ]
    })
    expect(container(td, 'app').dockerLabels).toEqual({
      team: 'platform',
      'com.datadoghq.ad.logs': '[{"source":"nodejs"}]'
    })
    expect(container(td, 'worker').dockerLabels).toEqual({
      team: 'platform',
      'com.datadoghq.ad.logs': '[{"source":"nodejs"}]'
    })
    expect(info).toEqual([
      'Container app: docker label team updated.',
      'Container app: docker label com.datadoghq.ad.logs added.',
      'Container worker: docker label team added.',
      'Container worker: docker label com.datadoghq.ad.logs added.'
    ])
  })

  it('replaces the command', () => {
    const { taskDefinition: td, info } = render({
      containerNames: ['app'],
      command: ['node', 'server.js', '--port', '8080']
    })
    expect(container(td, 'app').command).toEqual(['node', 'server.js', '--port', '8080'])
    expect(info).toEqual([
      'Container app: command ["node","server.js"] → ["node","server.js","--port","8080"].'
    ])
  })

  it('removes the command with an empty list, and prints nothing when it is unchanged', () => {
    const removed = render({ containerNames: ['app'], command: [] })
    expect(container(removed.taskDefinition, 'app')).not.toHaveProperty('command')
    expect(removed.info).toEqual([
      `Container app: command ["node","server.js"] removed (the image's CMD applies).`
    ])
    expect(render({ containerNames: ['app'], command: ['node', 'server.js'] }).info).toEqual([])
  })
})

describe('renderTaskDefinition: task-level settings', () => {
  it('sets cpu, memory and the roles', () => {
    const { taskDefinition: td, info } = render({
      cpu: '1 vCPU',
      memory: '2048',
      taskRoleArn: ROLE,
      executionRoleArn: 'arn:aws-cn:iam::123456789012:role/service-role/ecs-exec'
    })
    expect(td).toMatchObject({
      cpu: '1 vCPU',
      memory: '2048',
      taskRoleArn: ROLE,
      executionRoleArn: 'arn:aws-cn:iam::123456789012:role/service-role/ecs-exec'
    })
    expect(info).toEqual([
      'Task: cpu 256 → 1 vCPU.',
      'Task: memory 512 → 2048.',
      `Task: taskRoleArn (none) → ${ROLE}.`,
      'Task: executionRoleArn (none) → arn:aws-cn:iam::123456789012:role/service-role/ecs-exec.'
    ])
  })

  it.each<[RenderSettings, string, string]>([
    [
      { cpu: 'two' },
      'cpu',
      'cpu "two" is not a CPU amount: write CPU units ("1024") or vCPUs ("1 vCPU")'
    ],
    [
      { memory: '2 GiB' },
      'memory',
      'memory "2 GiB" is not a memory amount: write MiB ("2048") or GB ("2 GB")'
    ],
    [{ memory: '0' }, 'memory', 'memory "0" is not a memory amount'],
    [
      { taskRoleArn: 'web-task' },
      'task-role-arn',
      'task-role-arn: "web-task" is not an IAM role ARN (give the full ARN, not the role name); expected arn:<partition>:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::123456789012:role/my-role'
    ],
    [
      { executionRoleArn: 'arn:aws:iam::12345:role/x' },
      'execution-role-arn',
      'execution-role-arn: "arn:aws:iam::12345:role/x" is not an IAM role ARN; expected'
    ],
    [
      { taskRoleArn: 'arn:aws:sts::123456789012:assumed-role/deploy/session' },
      'task-role-arn',
      '(that is an assumed-role session; use the role ARN from IAM)'
    ],
    [
      { taskRoleArn: 'arn:aws:iam::123456789012:instance-profile/ecs' },
      'task-role-arn',
      '(that is an instance profile; use the role ARN)'
    ]
  ])('rejects %j', (settings, input, message) => {
    const error = renderError(settings)
    expect(error.input).toBe(input)
    expect(error.message).toContain(message)
  })

  it('accepts role ARNs in every partition, with paths', () => {
    for (const arn of [
      'arn:aws:iam::123456789012:role/web',
      'arn:aws-us-gov:iam::123456789012:role/path/to/web+role=1,a.b@c_d-e',
      'arn:aws-iso-b:iam::123456789012:role/web',
      'arn:aws-eusc:iam::123456789012:role/web'
    ]) {
      expect(render({ taskRoleArn: arn }).taskDefinition.taskRoleArn).toBe(arn)
    }
  })

  it('merges tags by key', () => {
    const { taskDefinition: td, info } = render({
      tags: [
        ['env', 'prod'],
        ['service', 'web'],
        ['team', 'payments']
      ]
    })
    expect(td.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'env', value: 'prod' },
      { key: 'service', value: 'web' }
    ])
    expect(info).toEqual(['Task: tag env updated.', 'Task: tag service added.'])
  })

  it('adds tags to a task definition without any', () => {
    const td = taskDefinition()
    delete td.tags
    expect(render({ tags: [['env', 'prod']] }, td).taskDefinition.tags).toEqual([
      { key: 'env', value: 'prod' }
    ])
  })

  it.each([
    [
      [['aws:cloudformation:stack-name', 'x']],
      'tags: key "aws:cloudformation:stack-name" starts with "aws:", a prefix AWS reserves for its own tags; choose another key'
    ],
    [
      [['k'.repeat(129), 'x']],
      `tags: key "${'k'.repeat(129)}" is 129 characters long; ECS allows at most 128`
    ],
    [
      [['env', 'v'.repeat(257)]],
      'tags: the value of env is 257 characters long; ECS allows at most 256'
    ],
    [[[' ', 'x']], 'tags has an empty name; give every entry one']
  ])('rejects bad tags %#', (tags, message) => {
    const error = renderError({ tags: tags as [string, string][] })
    expect(error.input).toBe('tags')
    expect(error.message).toBe(message)
  })
})
