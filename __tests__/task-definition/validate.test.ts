import { describe, expect, it } from '@jest/globals'
import {
  assertValidTaskDefinition,
  formatValidationProblems,
  normalizeTaskDefinition,
  parseTaskDefinitionText,
  TaskDefinitionError,
  validateTaskDefinition,
  type ValidationProblem
} from '../../src/task-definition/index.js'
import { readFixture } from './fixtures.js'

type Json = Record<string, unknown>
type Container = Json

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0'

/** A valid Fargate task definition; every case starts from a fresh copy. */
function fargate(): Json {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: ROLE,
    containerDefinitions: [
      {
        name: 'app',
        image: ECR_IMAGE,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        environment: [
          { name: 'NODE_ENV', value: 'production' },
          { name: 'EMPTY', value: '' }
        ],
        secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } }
      }
    ]
  }
}

/** A valid EC2 task definition without task-level memory. */
function ec2(): Json {
  return {
    family: 'worker',
    containerDefinitions: [
      { name: 'worker', image: 'busybox', memory: 128, command: ['sleep', '360'] }
    ]
  }
}

function app(td: Json): Container {
  const containers = td.containerDefinitions as Container[]
  const first = containers[0]
  if (first === undefined) throw new Error('fixture has no container')
  return first
}

type Case = [label: string, build: () => Json, path: string, message: string]

describe('validateTaskDefinition', () => {
  it.each([
    ['the Fargate base case', fargate],
    ['the EC2 base case', ec2]
  ])('finds nothing wrong in %s', (_label, build) => {
    expect(validateTaskDefinition(build())).toEqual([])
  })

  it.each([
    ['web.json', 'web.json'],
    ['web.yaml', 'web.yaml'],
    ['describe-web.json (after normalizing)', 'describe-web.json']
  ])('finds nothing wrong in the fixture %s', (_label, file) => {
    const raw = parseTaskDefinitionText({ text: readFixture(file), source: file })
    expect(validateTaskDefinition(normalizeTaskDefinition(raw).taskDefinition)).toEqual([])
  })

  it.each<Case>([
    // family
    [
      'family missing',
      () => ({ ...fargate(), family: undefined }),
      'family',
      'is required: the task definition family name'
    ],
    [
      'family not a string',
      () => ({ ...fargate(), family: 42 }),
      'family',
      'must be a string, got number 42'
    ],
    [
      'family with a space',
      () => ({ ...fargate(), family: 'my app' }),
      'family',
      '"my app" is not a valid family name: use up to 255 letters, digits, hyphens (-) and underscores (_)'
    ],
    [
      'family empty',
      () => ({ ...fargate(), family: '' }),
      'family',
      '"" is not a valid family name'
    ],
    [
      'family too long',
      () => ({ ...fargate(), family: 'f'.repeat(256) }),
      'family',
      'is not a valid family name'
    ],
    // containerDefinitions
    [
      'containerDefinitions missing',
      () => ({ ...fargate(), containerDefinitions: undefined }),
      'containerDefinitions',
      'is required: a list of 1 to 10 container definitions'
    ],
    [
      'containerDefinitions an object',
      () => ({ ...fargate(), containerDefinitions: { name: 'app' } }),
      'containerDefinitions',
      'must be a list of container definitions, got an object'
    ],
    [
      'containerDefinitions empty',
      () => ({ ...fargate(), containerDefinitions: [] }),
      'containerDefinitions',
      'is empty; a task definition needs at least one container'
    ],
    [
      'more than 10 containers',
      () => ({
        ...ec2(),
        containerDefinitions: Array.from({ length: 11 }, (_, i) => ({
          name: `c${i}`,
          image: 'busybox',
          memory: 64
        }))
      }),
      'containerDefinitions',
      'has 11 containers; ECS allows at most 10'
    ],
    [
      'a container that is not an object',
      () => ({ ...ec2(), containerDefinitions: ['busybox'] }),
      'containerDefinitions[0]',
      'must be an object, got string "busybox"'
    ],
    // container name and image
    [
      'container name missing',
      () => {
        const td = fargate()
        delete app(td).name
        return td
      },
      'containerDefinitions[0].name',
      'is required: a container name'
    ],
    [
      'container name with a dot',
      () => {
        const td = fargate()
        app(td).name = 'my.app'
        return td
      },
      'containerDefinitions[0].name',
      '"my.app" is not a valid container name'
    ],
    [
      'image missing',
      () => {
        const td = fargate()
        delete app(td).image
        return td
      },
      'containerDefinitions[0].image',
      'is required: an image reference, e.g. "nginx:1.27"'
    ],
    [
      'image not a string',
      () => {
        const td = fargate()
        app(td).image = ['nginx']
        return td
      },
      'containerDefinitions[0].image',
      'must be a string, got a list'
    ],
    [
      'image not plausible',
      () => {
        const td = fargate()
        app(td).image = 'Web:1'
        return td
      },
      'containerDefinitions[0].image',
      '"Web:1" is not a valid image reference: repository path "Web" must be lowercase'
    ],
    // placeholders a render step should have replaced
    [
      'image an unreplaced <IMAGE1_NAME> placeholder',
      () => {
        const td = fargate()
        app(td).image = '<IMAGE1_NAME>'
        return td
      },
      'containerDefinitions[0].image',
      'is the placeholder "<IMAGE1_NAME>", which was not replaced: set the image input (with container-name: app) or the images input (app=<image>) to replace it'
    ],
    [
      'image with an unreplaced tag placeholder',
      () => {
        const td = fargate()
        app(td).image = `${ECR_IMAGE.split(':')[0] ?? ''}:<TAG>`
        return td
      },
      'containerDefinitions[0].image',
      '"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:<TAG>" holds the placeholder "<TAG>", which was not replaced'
    ],
    [
      'image a ${IMAGE} placeholder',
      () => {
        const td = fargate()
        app(td).image = '${IMAGE}'
        return td
      },
      'containerDefinitions[0].image',
      'is the placeholder "${IMAGE}", which was not replaced'
    ],
    [
      'image a {{ image }} placeholder',
      () => {
        const td = fargate()
        app(td).image = '{{ image }}'
        return td
      },
      'containerDefinitions[0].image',
      'is the placeholder "{{ image }}", which was not replaced'
    ],
    [
      'duplicate container names',
      () => ({
        ...ec2(),
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 64 },
          { name: 'a', image: 'y', memory: 64 }
        ]
      }),
      'containerDefinitions[1].name',
      '"a" is already used by containerDefinitions[0]; container names must be unique'
    ],
    // task-level types and enums
    [
      'task cpu as a number (YAML cpu: 256)',
      () => ({ ...fargate(), cpu: 256 }),
      'cpu',
      'must be a string, got number 256 (in YAML, quote it: "256")'
    ],
    [
      'task memory as a number',
      () => ({ ...fargate(), memory: 512 }),
      'memory',
      'must be a string, got number 512'
    ],
    [
      'task cpu in words',
      () => ({ ...ec2(), cpu: 'one core' }),
      'cpu',
      '"one core" is not a cpu amount ECS accepts: write CPU units ("1024") or vCPUs ("1 vCPU")'
    ],
    [
      'task memory in GiB',
      () => ({ ...ec2(), memory: '2 GiB' }),
      'memory',
      '"2 GiB" is not a memory amount ECS accepts: write MiB ("2048") or GB ("2 GB")'
    ],
    [
      'task memory zero',
      () => ({ ...ec2(), memory: '0' }),
      'memory',
      '"0" is not a memory amount ECS accepts'
    ],
    [
      'networkMode unknown',
      () => ({ ...ec2(), networkMode: 'vpc' }),
      'networkMode',
      'must be one of bridge, host, awsvpc, none; got "vpc"'
    ],
    [
      'networkMode wrong case',
      () => ({ ...ec2(), networkMode: 'AWSVPC' }),
      'networkMode',
      '(values are case-sensitive)'
    ],
    [
      'taskRoleArn not a string',
      () => ({ ...fargate(), taskRoleArn: { arn: ROLE } }),
      'taskRoleArn',
      'must be a string, got an object'
    ],
    [
      'executionRoleArn not a string',
      () => ({ ...fargate(), executionRoleArn: true }),
      'executionRoleArn',
      'must be a string, got boolean true'
    ],
    [
      'requiresCompatibilities not a list',
      () => ({ ...fargate(), requiresCompatibilities: 'FARGATE' }),
      'requiresCompatibilities',
      'must be a list, got string "FARGATE"'
    ],
    [
      'requiresCompatibilities unknown item',
      () => ({ ...ec2(), requiresCompatibilities: ['EC2', 'LAMBDA'] }),
      'requiresCompatibilities[1]',
      'must be one of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES; got "LAMBDA"'
    ],
    [
      'requiresCompatibilities lowercase',
      () => ({ ...ec2(), requiresCompatibilities: ['fargate'] }),
      'requiresCompatibilities[0]',
      '(values are case-sensitive)'
    ],
    [
      'pidMode unknown',
      () => ({ ...ec2(), pidMode: 'container' }),
      'pidMode',
      'must be one of host, task'
    ],
    [
      'ipcMode unknown',
      () => ({ ...ec2(), ipcMode: 'shared' }),
      'ipcMode',
      'must be one of host, task, none'
    ],
    [
      'volumes not a list',
      () => ({ ...ec2(), volumes: {} }),
      'volumes',
      'must be a list, got an object'
    ],
    [
      'enableFaultInjection as a string',
      () => ({ ...ec2(), enableFaultInjection: 'true' }),
      'enableFaultInjection',
      'must be true or false, got string "true"; remove the quotes'
    ],
    [
      'ephemeralStorage size as a string',
      () => ({ ...fargate(), ephemeralStorage: { sizeInGiB: '30' } }),
      'ephemeralStorage.sizeInGiB',
      'must be a number, got string "30"; remove the quotes'
    ],
    // tags
    [
      'tag without key',
      () => ({ ...ec2(), tags: [{ value: 'x' }] }),
      'tags[0].key',
      'is required: the tag key'
    ],
    [
      'tag key too long',
      () => ({ ...ec2(), tags: [{ key: 'k'.repeat(129) }] }),
      'tags[0].key',
      'must be 1 to 128 characters long, got 129'
    ],
    [
      'tag value too long',
      () => ({ ...ec2(), tags: [{ key: 'k', value: 'v'.repeat(257) }] }),
      'tags[0].value',
      'must be at most 256 characters long, got 257'
    ],
    [
      'tag value a number',
      () => ({ ...ec2(), tags: [{ key: 'k', value: 1 }] }),
      'tags[0].value',
      'must be a string, got number 1'
    ],
    [
      'duplicate tag keys',
      () => ({ ...ec2(), tags: [{ key: 'team' }, { key: 'team' }] }),
      'tags[1].key',
      '"team" is already used by tags[0]; tag keys must be unique'
    ],
    [
      'more than 50 tags',
      () => ({ ...ec2(), tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}` })) }),
      'tags',
      'has 51 tags; ECS allows at most 50'
    ],
    // container member types
    [
      'container cpu as a string',
      () => {
        const td = fargate()
        app(td).cpu = '256'
        return td
      },
      'containerDefinitions[0].cpu',
      'must be a number, got string "256"; remove the quotes'
    ],
    [
      'container memory fractional',
      () => {
        const td = fargate()
        app(td).memory = 12.5
        return td
      },
      'containerDefinitions[0].memory',
      'must be a whole number, got number 12.5'
    ],
    [
      'container memoryReservation as a string',
      () => {
        const td = fargate()
        app(td).memoryReservation = 'lots'
        return td
      },
      'containerDefinitions[0].memoryReservation',
      'must be a whole number, got string "lots"'
    ],
    [
      'memory below memoryReservation',
      () => {
        const td = fargate()
        Object.assign(app(td), { memory: 128, memoryReservation: 256 })
        return td
      },
      'containerDefinitions[0].memory',
      '(hard limit, 128 MiB) must not be lower than memoryReservation (soft limit, 256 MiB)'
    ],
    [
      'essential as a string',
      () => {
        const td = fargate()
        app(td).essential = 'true'
        return td
      },
      'containerDefinitions[0].essential',
      'must be true or false, got string "true"; remove the quotes'
    ],
    [
      'command as one string',
      () => {
        const td = fargate()
        app(td).command = 'npm run start'
        return td
      },
      'containerDefinitions[0].command',
      'must be a list of strings, e.g. ["npm","run","start"], got string "npm run start"'
    ],
    [
      'entryPoint with a number',
      () => {
        const td = fargate()
        app(td).entryPoint = ['sh', 1]
        return td
      },
      'containerDefinitions[0].entryPoint[1]',
      'must be a string, got number 1 (in YAML, quote it: "1")'
    ],
    [
      'stopTimeout negative',
      () => {
        const td = fargate()
        app(td).stopTimeout = -1
        return td
      },
      'containerDefinitions[0].stopTimeout',
      'must be 0 or more, got -1'
    ],
    // environment
    [
      'environment not a list',
      () => {
        const td = fargate()
        app(td).environment = { A: '1' }
        return td
      },
      'containerDefinitions[0].environment',
      'must be a list, got an object'
    ],
    [
      'environment item not an object',
      () => {
        const td = fargate()
        app(td).environment = ['A=1']
        return td
      },
      'containerDefinitions[0].environment[0]',
      'must be an object, got string "A=1"'
    ],
    [
      'environment value a number',
      () => {
        const td = fargate()
        app(td).environment = [{ name: 'PORT', value: 8080 }]
        return td
      },
      'containerDefinitions[0].environment[0].value',
      'must be a string, got number 8080 (in YAML, quote it: "8080")'
    ],
    [
      'environment value a boolean',
      () => {
        const td = fargate()
        app(td).environment = [{ name: 'DEBUG', value: false }]
        return td
      },
      'containerDefinitions[0].environment[0].value',
      'must be a string, got boolean false'
    ],
    [
      'environment value missing (YAML value: null was dropped)',
      () => {
        const td = fargate()
        app(td).environment = [{ name: 'X' }]
        return td
      },
      'containerDefinitions[0].environment[0].value',
      'ECS would silently drop the variable; for an empty value write value: ""'
    ],
    [
      'environment name missing',
      () => {
        const td = fargate()
        app(td).environment = [{ value: 'x' }]
        return td
      },
      'containerDefinitions[0].environment[0].name',
      'is required: the variable name (ECS rejects a blank name)'
    ],
    [
      'environment name blank',
      () => {
        const td = fargate()
        app(td).environment = [{ name: '', value: 'x' }]
        return td
      },
      'containerDefinitions[0].environment[0].name',
      'is required'
    ],
    [
      'duplicate environment names',
      () => {
        const td = fargate()
        app(td).environment = [
          { name: 'A', value: '1' },
          { name: 'B', value: '' },
          { name: 'A', value: '2' }
        ]
        return td
      },
      'containerDefinitions[0].environment[2].name',
      '"A" is already set by containerDefinitions[0].environment[0]; each variable name may appear once'
    ],
    // secrets
    [
      'secret without valueFrom',
      () => {
        const td = fargate()
        app(td).secrets = [{ name: 'DB' }]
        return td
      },
      'containerDefinitions[0].secrets[0].valueFrom',
      'is required: the ARN of the Secrets Manager secret or SSM parameter'
    ],
    [
      'secret without name',
      () => {
        const td = fargate()
        app(td).secrets = [{ valueFrom: 'arn:x' }]
        return td
      },
      'containerDefinitions[0].secrets[0].name',
      'is required'
    ],
    // port mappings
    [
      'portMappings not a list',
      () => {
        const td = fargate()
        app(td).portMappings = 8080
        return td
      },
      'containerDefinitions[0].portMappings',
      'must be a list, got number 8080'
    ],
    [
      'containerPort as a string',
      () => {
        const td = fargate()
        app(td).portMappings = [{ containerPort: '8080' }]
        return td
      },
      'containerDefinitions[0].portMappings[0].containerPort',
      'must be a number, got string "8080"; remove the quotes'
    ],
    [
      'hostPort out of range',
      () => {
        const td = ec2()
        app(td).portMappings = [{ containerPort: 80, hostPort: 70000 }]
        return td
      },
      'containerDefinitions[0].portMappings[0].hostPort',
      'must be between 0 and 65535, got 70000'
    ],
    [
      'protocol unknown',
      () => {
        const td = fargate()
        app(td).portMappings = [{ containerPort: 80, protocol: 'http' }]
        return td
      },
      'containerDefinitions[0].portMappings[0].protocol',
      'must be one of tcp, udp; got "http"'
    ],
    [
      'appProtocol unknown',
      () => {
        const td = fargate()
        app(td).portMappings = [{ containerPort: 80, appProtocol: 'https' }]
        return td
      },
      'containerDefinitions[0].portMappings[0].appProtocol',
      'must be one of http, http2, grpc; got "https"'
    ],
    [
      'awsvpc hostPort differs from containerPort',
      () => {
        const td = fargate()
        app(td).portMappings = [{ containerPort: 8080, hostPort: 80 }]
        return td
      },
      'containerDefinitions[0].portMappings[0].hostPort',
      '(80) must equal containerPort (8080) or be left out with networkMode "awsvpc"'
    ],
    [
      'port mappings with networkMode none',
      () => {
        const td = { ...ec2(), networkMode: 'none' }
        app(td).portMappings = [{ containerPort: 80 }]
        return td
      },
      'containerDefinitions[0].portMappings',
      'must be empty with networkMode "none"'
    ],
    [
      'hostname with awsvpc',
      () => {
        const td = fargate()
        app(td).hostname = 'web'
        return td
      },
      'containerDefinitions[0].hostname',
      'is not supported with networkMode "awsvpc"; remove it'
    ],
    // log configuration and labels
    [
      'logConfiguration without logDriver',
      () => {
        const td = fargate()
        app(td).logConfiguration = { options: {} }
        return td
      },
      'containerDefinitions[0].logConfiguration.logDriver',
      'is required: the log driver, e.g. "awslogs"'
    ],
    [
      'log option as a boolean (YAML true)',
      () => {
        const td = fargate()
        app(td).logConfiguration = {
          logDriver: 'awslogs',
          options: { 'awslogs-create-group': true }
        }
        return td
      },
      'containerDefinitions[0].logConfiguration.options["awslogs-create-group"]',
      'must be a string, got boolean true (in YAML, quote it: "true")'
    ],
    [
      'docker label as a number',
      () => {
        const td = fargate()
        app(td).dockerLabels = { version: 2 }
        return td
      },
      'containerDefinitions[0].dockerLabels["version"]',
      'must be a string, got number 2'
    ],
    // essential
    [
      'no essential container',
      () => {
        const td = fargate()
        app(td).essential = false
        return td
      },
      'containerDefinitions',
      'has no essential container; ECS needs at least one (essential defaults to true'
    ],
    // memory without task-level memory
    [
      'EC2 container without memory or memoryReservation',
      () => {
        const td = ec2()
        delete app(td).memory
        return td
      },
      'containerDefinitions[0]',
      'needs memory or memoryReservation (MiB) because the task has no task-level memory'
    ],
    // Fargate
    [
      'Fargate without task cpu',
      () => ({ ...fargate(), cpu: undefined }),
      'cpu',
      'is required when requiresCompatibilities includes FARGATE: the task\'s CPU units as a string, e.g. "256" or "1 vCPU"'
    ],
    [
      'Fargate without task memory',
      () => ({ ...fargate(), memory: undefined }),
      'memory',
      'is required when requiresCompatibilities includes FARGATE'
    ],
    [
      'Fargate without networkMode',
      () => ({ ...fargate(), networkMode: undefined }),
      'networkMode',
      'is required when requiresCompatibilities includes FARGATE: Fargate supports only "awsvpc"'
    ],
    [
      'Fargate with bridge',
      () => ({ ...fargate(), networkMode: 'bridge' }),
      'networkMode',
      'is "bridge", but Fargate supports only "awsvpc"'
    ],
    [
      'Fargate with EC2 too, still Fargate rules',
      () => ({ ...fargate(), requiresCompatibilities: ['EC2', 'FARGATE'], networkMode: 'host' }),
      'networkMode',
      'Fargate supports only "awsvpc"'
    ],
    [
      'Fargate with ipcMode',
      () => ({ ...fargate(), ipcMode: 'task' }),
      'ipcMode',
      'is not supported on Fargate; remove it'
    ],
    [
      'Fargate with pidMode host',
      () => ({ ...fargate(), pidMode: 'host' }),
      'pidMode',
      'must be "task" on Fargate, got "host"'
    ],
    [
      'Fargate, private ECR image, no execution role',
      () => {
        const td = { ...fargate(), executionRoleArn: undefined }
        delete app(td).logConfiguration
        return td
      },
      'executionRoleArn',
      'is required on Fargate for the private ECR image in containerDefinitions[0].image'
    ],
    [
      'Fargate, awslogs, no execution role',
      () => {
        const td = { ...fargate(), executionRoleArn: undefined }
        app(td).image = 'nginx'
        return td
      },
      'executionRoleArn',
      'is required on Fargate for the awslogs log driver in containerDefinitions[0].logConfiguration'
    ]
  ])('reports %s', (_label, build, path, message) => {
    const problems = validateTaskDefinition(JSON.parse(JSON.stringify(build())) as unknown)
    const atPath = problems.filter((problem) => problem.path === path)
    expect(atPath.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(message)])
    )
  })

  it.each<[string, () => Json]>([
    [
      'essential left out (defaults to true)',
      () => {
        const td = fargate()
        delete app(td).essential
        return td
      }
    ],
    [
      'one essential among non-essential sidecars',
      () => ({
        ...ec2(),
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 64, essential: false },
          { name: 'b', image: 'y', memory: 64 }
        ]
      })
    ],
    [
      'exactly 10 containers',
      () => ({
        ...ec2(),
        containerDefinitions: Array.from({ length: 10 }, (_, i) => ({
          name: `c${i}`,
          image: 'busybox',
          memory: 64
        }))
      })
    ],
    ['a 255-character family', () => ({ ...fargate(), family: 'f'.repeat(255) })],
    [
      'an empty environment value',
      () => {
        const td = fargate()
        app(td).environment = [{ name: 'X', value: '' }]
        return td
      }
    ],
    [
      'an empty environment list',
      () => {
        const td = fargate()
        app(td).environment = []
        return td
      }
    ],
    [
      'the same variable name in two containers',
      () => ({
        ...ec2(),
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 64, environment: [{ name: 'A', value: '1' }] },
          { name: 'b', image: 'y', memory: 64, environment: [{ name: 'A', value: '1' }] }
        ]
      })
    ],
    [
      'awsvpc hostPort left out',
      () => {
        const td = fargate()
        app(td).portMappings = [{ containerPort: 8080 }]
        return td
      }
    ],
    [
      'bridge with a different hostPort',
      () => {
        const td = ec2()
        app(td).portMappings = [{ containerPort: 8080, hostPort: 80 }]
        return td
      }
    ],
    [
      'bridge with a hostname',
      () => {
        const td = ec2()
        app(td).hostname = 'worker'
        return td
      }
    ],
    [
      'EC2 with task-level memory only',
      () => {
        const td = { ...ec2(), memory: '512' }
        delete app(td).memory
        return td
      }
    ],
    [
      'EC2 with memoryReservation only',
      () => {
        const td = ec2()
        delete app(td).memory
        app(td).memoryReservation = 64
        return td
      }
    ],
    [
      'memory equal to memoryReservation',
      () => {
        const td = ec2()
        app(td).memoryReservation = 128
        return td
      }
    ],
    [
      'Fargate without an execution role when nothing needs one (public image, no awslogs)',
      () => {
        const td = { ...fargate(), executionRoleArn: undefined }
        app(td).image = 'nginx'
        delete app(td).logConfiguration
        return td
      }
    ],
    [
      'EC2 with a private ECR image and no execution role',
      () => {
        const td = ec2()
        app(td).image = ECR_IMAGE
        return td
      }
    ],
    [
      'EXTERNAL and MANAGED_INSTANCES compatibilities',
      () => ({ ...ec2(), requiresCompatibilities: ['EXTERNAL', 'MANAGED_INSTANCES'] })
    ],
    [
      'tags with an empty value and no value',
      () => ({ ...ec2(), tags: [{ key: 'a', value: '' }, { key: 'b' }] })
    ],
    ['cpu as vCPU text', () => ({ ...fargate(), cpu: '1 vCPU', memory: '2 GB' })],
    [
      'unknown container members (left to ECS)',
      () => {
        const td = fargate()
        app(td).restartPolicy = { enabled: true }
        return td
      }
    ]
  ])('accepts %s', (_label, build) => {
    expect(validateTaskDefinition(JSON.parse(JSON.stringify(build())) as unknown)).toEqual([])
  })

  it('reports every problem together, in document order', () => {
    const td = {
      family: 'my app',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [
        { name: 'app', image: 'Web:1', environment: [{ name: 'PORT', value: 80 }] },
        { name: 'app', image: 'web:', essential: 'yes' }
      ]
    }
    expect(validateTaskDefinition(td).map((problem) => problem.path)).toEqual([
      'family',
      'containerDefinitions[0].image',
      'containerDefinitions[0].environment[0].value',
      'containerDefinitions[1].image',
      'containerDefinitions[1].essential',
      'containerDefinitions[1].name',
      'cpu',
      'memory',
      'networkMode'
    ])
  })

  it.each([
    ['null', null],
    ['a list', []],
    ['a string', 'web']
  ])('reports a task definition that is %s as one problem', (_label, td) => {
    const problems = validateTaskDefinition(td)
    expect(problems).toHaveLength(1)
    expect(problems[0]?.path).toBe('')
    expect(problems[0]?.message).toMatch(/^the task definition must be an object, got /)
  })
})

describe('the size limit', () => {
  const withValues = (length: number): Json => {
    const td = fargate()
    app(td).environment = [{ name: 'BIG', value: 'x'.repeat(length) }]
    return td
  }
  const bytes = (td: Json): number => new TextEncoder().encode(JSON.stringify(td)).length

  it('accepts a task definition of exactly 64 KiB as compact JSON', () => {
    const base = bytes(withValues(0))
    const td = withValues(65_536 - base)
    expect(bytes(td)).toBe(65_536)
    expect(validateTaskDefinition(td)).toEqual([])
  })

  it('rejects one byte more, naming the limit and the way out', () => {
    const td = withValues(65_536 - bytes(withValues(0)) + 1)
    expect(validateTaskDefinition(td)).toEqual([
      {
        path: '',
        message:
          'the task definition is 65537 bytes as JSON; ECS accepts at most 65536 bytes (64 KiB): move long values out, e.g. environment variables into environmentFiles in S3 or into SSM parameters read through secrets'
      }
    ])
  })

  it('counts bytes, not characters', () => {
    const characters = 65_536 - bytes(withValues(0))
    // "é" is two bytes in UTF-8: the same number of characters is over the limit.
    expect(validateTaskDefinition(withValues(characters))).toEqual([])
    const td = fargate()
    app(td).environment = [{ name: 'BIG', value: 'é'.repeat(characters) }]
    expect(validateTaskDefinition(td)).toHaveLength(1)
  })
})

describe('assertValidTaskDefinition', () => {
  it('returns quietly for a valid task definition', () => {
    expect(() => {
      assertValidTaskDefinition(fargate())
    }).not.toThrow()
  })

  it('throws one TaskDefinitionError listing all problems', () => {
    const td = { family: '', containerDefinitions: [{ name: 'a', image: 'x' }, { name: 'b' }] }
    let caught: unknown
    try {
      assertValidTaskDefinition(td, { source: '.aws/td.json' })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(TaskDefinitionError)
    const error = caught as TaskDefinitionError
    expect(error.input).toBe('task-definition')
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'family',
      'containerDefinitions[1].image',
      'containerDefinitions[0]',
      'containerDefinitions[1]'
    ])
    expect(error.message).toBe(
      [
        'task-definition .aws/td.json has 4 problems that ECS would reject:',
        '  - family: "" is not a valid family name: use up to 255 letters, digits, hyphens (-) and underscores (_)',
        '  - containerDefinitions[1].image: is required: an image reference, e.g. "nginx:1.27"',
        '  - containerDefinitions[0]: needs memory or memoryReservation (MiB) because the task has no task-level memory; set one of them, or set memory on the task',
        '  - containerDefinitions[1]: needs memory or memoryReservation (MiB) because the task has no task-level memory; set one of them, or set memory on the task'
      ].join('\n')
    )
  })

  it('says "a problem" for one, and names the whole document by "(task definition)"', () => {
    expect(() => {
      assertValidTaskDefinition(null)
    }).toThrow(
      'the task definition has a problem that ECS would reject:\n  - (task definition): the task definition must be an object, got null'
    )
  })

  it('formats problems one per line', () => {
    const problems: ValidationProblem[] = [
      { path: 'a', message: 'x' },
      { path: '', message: 'y' }
    ]
    expect(formatValidationProblems(problems)).toBe('  - a: x\n  - (task definition): y')
  })
})
