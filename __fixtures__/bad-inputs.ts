/**
 * A corpus of bad inputs for the end-to-end test (__tests__/e2e/bad-input.test.ts). Each case is a
 * mistake a workflow author makes, run against the bundled action: it must fail with an error that
 * names the input and says what is expected, and change nothing in AWS.
 */
import type { EmulatorOptions } from '../emulator/index.js'
import { TASK_DEFINITION } from './e2e.js'

export interface BadInputCase {
  readonly name: string
  /** Inputs over DEPLOY (the example file, container app, an ECR image, service web); '' unsets one. */
  readonly inputs: Readonly<Record<string, string>>
  /** Files over FILES (the example task definition at .aws/task-definition.json). */
  readonly files?: Readonly<Record<string, string>>
  readonly emulator?: Partial<EmulatorOptions>
  /** The input the error must name. */
  readonly input: string
  /** What the error must say: what is expected, or why the value is wrong. */
  readonly says: RegExp
  /**
   * The mistake shows only after ECS answered (the service's deployment controller, say): only
   * mutating calls are ruled out. Default: judged before any AWS call at all.
   */
  readonly afterReads?: boolean
  /** Text from the input that may appear in the log and summary only escaped or quoted. */
  readonly markup?: string
}

type Json = Record<string, unknown>

const EXAMPLE = JSON.parse(TASK_DEFINITION) as Json
const [APP] = EXAMPLE.containerDefinitions as Json[]

/** The example task definition with some members replaced, as pretty JSON. */
function taskDefinition(changes: Json): string {
  return JSON.stringify({ ...EXAMPLE, ...changes }, null, 2)
}

// Task definitions live at a path without the input's name in it, so that an error naming the
// input does so on purpose, not because it quotes the path.
const TD = 'ecs/web.json'
const fromFile = (text: string, path = TD): Pick<BadInputCase, 'inputs' | 'files'> => ({
  inputs: { 'task-definition': path },
  files: { [path]: text }
})

const WHOLE = /whole number from \d+ to \d+/
/** A non-numeric, a negative and a fractional value for a numeric input. */
function numeric(
  input: string,
  extra: Readonly<Record<string, string>> = {},
  says: RegExp = WHOLE
): BadInputCase[] {
  return ['ten', '-5', '2.5'].map((value) => ({
    name: `${input}: ${value}`,
    inputs: { ...extra, [input]: value },
    input,
    says
  }))
}

const RUN_TASK = { 'run-task': 'true' }
const GITHUB = { 'github-deployment': 'true', 'github-token': 'ghs_example', environment: 'prod' }
const CODEDEPLOY = { codeDeploy: { outcome: 'success' } } as const
const APPSPEC = [
  'version: 0.0',
  'Resources:',
  '  - TargetService:',
  '      Type: AWS::ECS::Service',
  '      Properties:',
  '        TaskDefinition: <TASK_DEFINITION>',
  '        LoadBalancerInfo:',
  '          ContainerName: app',
  '          ContainerPort: 8080',
  ''
].join('\n')

/** Markdown, HTML and a forged workflow command on a second line: never rendered, never obeyed. */
export const MARKUP = '**bold** <script>alert(1)</script> | table | `tick`'
export const FORGED = '::set-output name=verdict::succeeded'
export const STOP_COMMANDS = '::stop-commands::pwned'

export const BAD_INPUTS: readonly BadInputCase[] = [
  // ── The task definition file ──────────────────────────────────────────────────────────────
  {
    name: 'malformed JSON',
    ...fromFile('{\n  "family": "web",\n  "containerDefinitions": [\n}\n'),
    input: 'task-definition',
    says: /is not valid JSON: .* at line 4 column 1/
  },
  {
    name: 'malformed YAML',
    ...fromFile('family: web\ncontainerDefinitions:\n  - name: app\n   image: x\n', 'ecs/web.yaml'),
    input: 'task-definition',
    says: /is not valid YAML: .* at line \d+ column \d+/
  },
  {
    name: 'YAML with a duplicate key',
    ...fromFile('family: web\nfamily: api\ncontainerDefinitions: []\n', 'ecs/web.yml'),
    input: 'task-definition',
    says: /the same key appears twice in one mapping; keys must be unique/
  },
  {
    name: 'YAML alias bomb',
    ...fromFile(
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'family: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        ''
      ].join('\n'),
      'ecs/web.yaml'
    ),
    input: 'task-definition',
    says: /could not be read as YAML: .*alias/i
  },
  {
    name: 'a binary file',
    ...fromFile(
      '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000',
      'ecs/web.png'
    ),
    input: 'task-definition',
    says: /is not a text file .*expected a task definition/
  },
  {
    name: 'an empty file',
    ...fromFile(''),
    input: 'task-definition',
    says: /is empty; expected a task definition object with family and containerDefinitions/
  },
  {
    name: 'a file of comments only',
    ...fromFile('# nothing here yet\n', 'ecs/web.yaml'),
    input: 'task-definition',
    says: /holds no data .*expected a task definition object/
  },
  {
    name: 'a list of containers instead of a task definition',
    ...fromFile(JSON.stringify(EXAMPLE.containerDefinitions)),
    input: 'task-definition',
    says: /holds a list at the top level; expected a task definition object/
  },
  {
    name: 'a scalar',
    ...fromFile('just some words\n', 'ecs/web.yaml'),
    input: 'task-definition',
    says: /holds string "just some words" at the top level; expected a task definition object/
  },
  {
    name: 'a file that does not exist',
    inputs: { 'task-definition': 'ecs/missing.json' },
    input: 'task-definition',
    says: /file ecs\/missing.json does not exist\. Expected a JSON or YAML task definition file/
  },
  {
    name: 'a directory',
    inputs: { 'task-definition': 'ecs' },
    files: { 'ecs/web.json': TASK_DEFINITION },
    input: 'task-definition',
    says: /cannot be read .*Expected a JSON or YAML task definition file/
  },
  {
    name: 'a relative path out of the workspace',
    inputs: { 'task-definition': '../../etc/passwd' },
    input: 'task-definition',
    says: /is outside the workspace .*give a path inside GITHUB_WORKSPACE/
  },
  {
    name: 'an absolute path out of the workspace',
    inputs: { 'task-definition': '/etc/passwd' },
    input: 'task-definition',
    says: /is outside the workspace .*give a path inside GITHUB_WORKSPACE/
  },
  {
    name: 'no containerDefinitions',
    ...fromFile(JSON.stringify({ family: 'web' })),
    inputs: { 'task-definition': TD, 'container-name': '', image: '' },
    input: 'task-definition',
    says: /containerDefinitions: is required: a list of 1 to 10 container definitions/
  },
  {
    name: 'duplicate container names',
    ...fromFile(taskDefinition({ containerDefinitions: [APP, { ...APP, essential: false }] })),
    input: 'task-definition',
    says: /"app" is already used by containerDefinitions\[0\]; container names must be unique/
  },
  {
    name: 'over the ECS size limit',
    ...fromFile(
      taskDefinition({
        containerDefinitions: [
          {
            ...APP,
            environment: Array.from({ length: 700 }, (_, i) => ({
              name: `VARIABLE_${i}`,
              value: 'x'.repeat(80)
            }))
          }
        ]
      })
    ),
    input: 'task-definition',
    says: /is \d+ bytes as JSON; ECS accepts at most 65536 bytes \(64 KiB\)/
  },
  {
    name: 'a family with a space',
    ...fromFile(taskDefinition({ family: 'my web' })),
    input: 'task-definition',
    says: /"my web" is not a valid family name: use up to 255 letters, digits/
  },

  // ── Where the task definition comes from ─────────────────────────────────────────────────
  {
    name: 'two task definition sources',
    inputs: {
      'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
    },
    input: 'task-definition',
    says: /and "task-definition-arn" are both set: give exactly one source/
  },
  {
    name: 'a file and from-service at once',
    inputs: { 'task-definition-from-service': 'true' },
    input: 'task-definition',
    says: /and "task-definition-from-service" are both set: give exactly one source/
  },
  {
    name: 'no task definition source',
    inputs: { 'task-definition': '' },
    input: 'task-definition',
    says: /is required, or one of "task-definition-arn"/
  },
  {
    name: 'a malformed task definition ARN',
    inputs: { 'task-definition': '', 'task-definition-arn': 'web:3' },
    input: 'task-definition-arn',
    says: /must be a task definition ARN like arn:aws:ecs:/
  },
  {
    name: 'a family with a slash',
    inputs: { 'task-definition': '', 'task-definition-family': 'team/web' },
    input: 'task-definition-family',
    says: /must be a family name of up to 255 letters/
  },
  ...numeric('task-definition-revision', {
    'task-definition': '',
    'task-definition-family': 'web'
  }),

  // ── Containers and images ────────────────────────────────────────────────────────────────
  {
    name: 'an unknown container',
    inputs: { 'container-name': 'worker' },
    input: 'container-name',
    says: /"worker" matches no container in the task definition; containers: app/
  },
  {
    name: 'a container name in the wrong case',
    inputs: { 'container-name': 'App' },
    input: 'container-name',
    says: /names are case-sensitive: "App" is not "app"/
  },
  {
    name: 'an empty container name in a list',
    inputs: { 'container-name': 'app,,worker' },
    input: 'container-name',
    says: /has an empty name; expected one container name or several separated by commas/
  },
  {
    name: 'an image without container-name',
    inputs: { 'container-name': '' },
    input: 'container-name',
    says: /is required when image is set: name the container/
  },
  {
    name: 'an image in capitals',
    inputs: { image: 'Registry.example.com/Web:1' },
    input: 'image',
    says: /is not a valid image reference/
  },
  {
    name: 'an image with a space',
    inputs: { image: 'web app:1' },
    input: 'image',
    says: /is not a valid image reference/
  },
  {
    name: 'an image with a short digest',
    inputs: { image: 'web@sha256:1234' },
    input: 'image',
    says: /is not a valid image reference/
  },
  {
    name: 'an images line without "="',
    inputs: { image: '', 'container-name': '', images: 'app' },
    input: 'images',
    says: /line 1 has no "="; expected one container=image per line/
  },
  {
    name: 'images for an unknown container',
    inputs: { image: '', 'container-name': '', images: 'worker=nginx:1' },
    input: 'images',
    says: /names container "worker", which is not in the task definition/
  },

  // ── Numbers ──────────────────────────────────────────────────────────────────────────────
  ...numeric('wait-for-minutes'),
  ...numeric('poll-interval-seconds'),
  ...numeric('desired-count'),
  ...numeric('fail-fast-failed-tasks'),
  ...numeric('show-logs'),
  ...numeric('health-check-grace-period-seconds'),
  ...numeric('run-task-wait-minutes', RUN_TASK),
  ...numeric('deregister-previous'),
  {
    name: 'deregister-previous: 0',
    inputs: { 'deregister-previous': '0' },
    input: 'deregister-previous',
    says: /must be at least 1/
  },
  ...['lots', '-256', '0.3'].map((value) => ({
    name: `cpu: ${value}`,
    inputs: { cpu: value },
    input: 'cpu',
    says: /is not a CPU amount: write CPU units \("1024"\) or vCPUs \("1 vCPU"\)/
  })),
  ...['lots', '-512', '512.5'].map((value) => ({
    name: `memory: ${value}`,
    inputs: { memory: value },
    input: 'memory',
    says: /is not a memory amount: write MiB \("2048"\) or GB \("2 GB"\)/
  })),
  {
    name: 'a cpu and memory pair Fargate does not offer',
    inputs: { cpu: '256', memory: '4096' },
    input: 'task-definition',
    says: /"4096" does not go with cpu "256" on Fargate: .*memory must be 512, 1024 or 2048/
  },

  // ── Choices ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'run-task-launch-type in lower case',
    inputs: { ...RUN_TASK, 'run-task-launch-type': 'fargate' },
    input: 'run-task-launch-type',
    says: /must be one of FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES, got "fargate"/
  },
  {
    name: 'propagate-tags: TASK',
    inputs: { 'propagate-tags': 'TASK' },
    input: 'propagate-tags',
    says: /must be one of TASK_DEFINITION, SERVICE, NONE/
  },
  {
    name: 'log-configuration-log-driver: cloudwatch',
    inputs: { 'log-configuration-log-driver': 'cloudwatch' },
    input: 'log-configuration-log-driver',
    says: /awslogs/
  },
  {
    name: 'environment-mode: append',
    inputs: { 'environment-mode': 'append' },
    input: 'environment-mode',
    says: /expected merge .* or replace/
  },
  {
    name: 'on-superseded: ignore',
    inputs: { 'on-superseded': 'ignore' },
    input: 'on-superseded',
    says: /must be one of fail, succeed, got "ignore"/
  },
  {
    name: 'wait-until-stage: DONE',
    inputs: { 'wait-until-stage': 'DONE' },
    input: 'wait-until-stage',
    says: /must be a service deployment lifecycle stage: one of RECONCILE_SERVICE/
  },
  {
    name: 'run-task-assign-public-IP: yes',
    inputs: {
      ...RUN_TASK,
      'run-task-subnets': 'subnet-0123456789abcdef0',
      'run-task-assign-public-IP': 'yes'
    },
    input: 'run-task-assign-public-IP',
    says: /must be one of ENABLED, DISABLED/
  },

  // ── Booleans: true or false, nothing else ────────────────────────────────────────────────
  ...(
    [
      ['wait-for-service-stability', 'yes'],
      ['dry-run', '1'],
      ['force-new-deployment', 'on'],
      ['verify-images', 'no']
    ] as const
  ).map(([input, value]) => ({
    name: `${input}: ${value}`,
    inputs: { [input]: value },
    input,
    says: new RegExp(`must be true or false, got "${value}"`)
  })),

  // ── JSON inputs ──────────────────────────────────────────────────────────────────────────
  {
    name: 'broken run-task-container-overrides JSON',
    inputs: { ...RUN_TASK, 'run-task-container-overrides': '[{"name": "app", "command": [}]' },
    input: 'run-task-container-overrides',
    says: /is not valid JSON .*expected/
  },
  {
    name: 'run-task-container-overrides for an unknown container',
    inputs: {
      ...RUN_TASK,
      'run-task-container-overrides': '[{"name": "migrate", "command": ["true"]}]'
    },
    input: 'run-task-container-overrides',
    says: /migrate/
  },
  {
    name: 'run-task-capacity-provider-strategy with a launch type',
    inputs: {
      ...RUN_TASK,
      'run-task-launch-type': 'FARGATE',
      'run-task-capacity-provider-strategy': '[{"capacityProvider":"FARGATE_SPOT","weight":1}]'
    },
    input: 'run-task-launch-type',
    says: /cannot be used with run-task-capacity-provider-strategy/
  },
  {
    name: 'a malformed subnet id',
    inputs: { ...RUN_TASK, 'run-task-subnets': 'subnet-xyz' },
    input: 'run-task-subnets',
    says: /is not an id like subnet-0123456789abcdef0/
  },
  {
    name: 'run-task-started-by with a space',
    inputs: { ...RUN_TASK, 'run-task-started-by': 'deploy bot' },
    input: 'run-task-started-by',
    says: /must be 1 to 128 letters, digits/
  },
  {
    name: 'a run-task option while run-task is off',
    inputs: { 'run-task-subnets': 'subnet-0123456789abcdef0' },
    input: 'run-task-subnets',
    says: /is set, but run-task is not true/
  },
  {
    name: 'service-managed-ebs-volume that is not JSON',
    inputs: {
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume': 'roleArn: x'
    },
    input: 'service-managed-ebs-volume',
    says: /is not valid JSON .*expected an object like/
  },

  // ── Line inputs ──────────────────────────────────────────────────────────────────────────
  {
    name: 'an environment line without "="',
    inputs: { 'environment-variables': 'LOG_LEVEL=debug\nFEATURE_X' },
    input: 'environment-variables',
    says: /line 2 has no "="; expected one NAME=value per line/
  },
  {
    name: 'an environment line with no name',
    inputs: { 'environment-variables': '=debug' },
    input: 'environment-variables',
    says: /line 1 has nothing before the "="; expected one NAME=value per line/
  },
  {
    name: 'an environment variable given twice',
    inputs: { 'environment-variables': 'A=1\nA=2' },
    input: 'environment-variables',
    says: /line 2 sets "A" again \(first on line 1\); give each one once/
  },
  {
    name: 'a secret without "="',
    inputs: { secrets: 'DB_PASSWORD' },
    input: 'secrets',
    says: /line 1 has no "="; expected one NAME=valueFrom/
  },
  {
    name: 'a tag with the aws: prefix',
    inputs: { tags: 'aws:team=web' },
    input: 'tags',
    says: /starts with "aws:", a prefix AWS reserves/
  },
  {
    name: 'env-files that are not S3 ARNs',
    inputs: { 'env-files': 'https://example.com/app.env' },
    input: 'env-files',
    says: /arn:aws:s3/
  },
  {
    name: 'a command with an unclosed quote',
    inputs: { command: "node -e 'console.log(1)" },
    input: 'command',
    says: /quote at character \d+ that is never closed/
  },
  {
    name: 'a command with a shell operator',
    inputs: { command: 'npm run migrate && node server.js' },
    input: 'command',
    says: /uses the shell operator "&&"; ECS runs the command without a shell/
  },
  {
    name: 'a malformed task role ARN',
    inputs: { 'task-role-arn': 'ecsTaskRole' },
    input: 'task-role-arn',
    says: /arn:aws:iam::/
  },

  // ── Names ────────────────────────────────────────────────────────────────────────────────
  {
    name: 'a service name with a space',
    inputs: { service: 'my web' },
    input: 'service',
    says: /has "my web", which is not a service name \(up to 255 letters/
  },
  {
    name: 'a service named twice',
    inputs: { service: 'web\nweb' },
    input: 'service',
    says: /names "web" twice/
  },
  {
    name: 'a cluster name with a space',
    inputs: { cluster: 'my cluster' },
    input: 'cluster',
    says: /must be a cluster name \(up to 255 letters, digits, "-" and "_"\) or cluster ARN/
  },
  {
    name: 'desired-count without a service',
    inputs: { service: '', 'desired-count': '2' },
    input: 'desired-count',
    says: /needs "service"/
  },

  {
    name: 'pin-image-digest with the image checks off',
    inputs: { 'pin-image-digest': 'true', 'verify-images': 'false' },
    input: 'pin-image-digest',
    says: /needs "verify-images: true"/
  },
  {
    name: 'run-task of an awsvpc task definition without subnets',
    inputs: { ...RUN_TASK },
    input: 'run-task-subnets',
    says: /is required: the task runs in the awsvpc network mode/
  },
  {
    name: 'run-task without subnets, in a dry run too',
    inputs: { ...RUN_TASK, 'dry-run': 'true' },
    input: 'run-task-subnets',
    says: /is required: the task runs in the awsvpc network mode/
  },

  // ── CodeDeploy ───────────────────────────────────────────────────────────────────────────
  {
    name: 'a missing AppSpec',
    inputs: {},
    emulator: CODEDEPLOY,
    input: 'codedeploy-appspec',
    says: /names file appspec.yaml, which does not exist: a CODE_DEPLOY service is deployed with an AppSpec/,
    afterReads: true
  },
  {
    name: 'a malformed AppSpec',
    inputs: {},
    files: { 'appspec.yaml': 'Resources:\n  - TargetService:\n    Type: [\n' },
    emulator: CODEDEPLOY,
    input: 'codedeploy-appspec',
    says: /which is not valid YAML or JSON/,
    afterReads: true
  },
  {
    name: 'an AppSpec without Resources',
    inputs: {},
    files: { 'appspec.yaml': 'version: 0.0\n' },
    emulator: CODEDEPLOY,
    input: 'codedeploy-appspec',
    says: /it has no Resources; expected an ECS AppSpec/,
    afterReads: true
  },
  {
    name: 'an AppSpec for another container',
    inputs: {},
    files: { 'appspec.yaml': APPSPEC.replace('ContainerName: app', 'ContainerName: proxy') },
    emulator: CODEDEPLOY,
    input: 'codedeploy-appspec',
    says: /LoadBalancerInfo.ContainerName is "proxy", but the task definition has no such container/,
    afterReads: true
  },
  {
    name: 'an AppSpec outside the workspace',
    inputs: { 'codedeploy-appspec': '/etc/hosts' },
    input: 'codedeploy-appspec',
    says: /is outside the workspace .*give a path inside GITHUB_WORKSPACE/
  },
  {
    name: 'a CodeDeploy application name over 100 characters',
    inputs: { 'codedeploy-application': 'a'.repeat(101) },
    input: 'codedeploy-application',
    says: /must be at most 100 characters/
  },

  // ── GitHub deployments ───────────────────────────────────────────────────────────────────
  {
    name: 'a GitHub deployment without a token',
    inputs: { ...GITHUB, 'github-token': '' },
    input: 'github-token',
    says: /is required when "github-deployment" is true/
  },
  {
    name: 'a GitHub deployment without an environment',
    inputs: { ...GITHUB, environment: '' },
    input: 'environment',
    says: /is required when "github-deployment" is true: name the GitHub environment/
  },
  {
    name: 'an environment URL that is not one',
    inputs: { ...GITHUB, 'environment-url': 'prod.example.com' },
    input: 'environment-url',
    says: /give an absolute http or https URL/
  },
  {
    name: 'an environment without github-deployment',
    inputs: { environment: 'prod' },
    input: 'environment',
    says: /has no effect unless "github-deployment" is true/
  },

  // ── Markup and forged workflow commands in values that are echoed ──────────────────────────
  {
    name: 'Markdown and HTML in a number',
    inputs: { 'wait-for-minutes': MARKUP },
    input: 'wait-for-minutes',
    says: WHOLE,
    markup: MARKUP
  },
  {
    name: 'Markdown and HTML in a service name',
    inputs: { service: MARKUP },
    input: 'service',
    says: /which is not a service name/,
    markup: MARKUP
  },
  {
    name: 'a forged workflow command on the second line of a number',
    inputs: { 'poll-interval-seconds': `5\n${FORGED}` },
    input: 'poll-interval-seconds',
    says: WHOLE,
    markup: FORGED
  },
  {
    name: 'a forged stop-commands on the second line of a choice',
    inputs: { 'on-superseded': `fail\n${STOP_COMMANDS}` },
    input: 'on-superseded',
    says: /must be one of fail, succeed/,
    markup: STOP_COMMANDS
  },
  {
    name: 'a forged workflow command in a container name',
    inputs: { 'container-name': `app\n${FORGED}` },
    input: 'container-name',
    says: /matches no container in the task definition/,
    markup: FORGED
  },
  {
    name: 'a forged workflow command in a cluster name',
    inputs: { cluster: `prod\n${FORGED}` },
    input: 'cluster',
    says: /must be a cluster name/,
    markup: FORGED
  },
  {
    name: 'a forged workflow command in a GitHub environment',
    inputs: { ...GITHUB, environment: `prod\n${FORGED}` },
    input: 'environment',
    says: /must be one line/,
    markup: FORGED
  }
]
