import { describe, expect, it } from '@jest/globals'
import type { Task } from '@aws-sdk/client-ecs'
import {
  causeSentence,
  likelyCauses,
  type Cause,
  type CauseEvidence
} from '../../src/rollout/causes/index.js'

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com'
const TG_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/6d0ecf831eec9f09'

const causes = (evidence: Partial<CauseEvidence>): Cause[] =>
  likelyCauses({ stoppedTasks: [], events: [], ...evidence })
const ids = (found: readonly Cause[]): string[] => found.map((c) => c.id)
const stopped = (stopCode: string, stoppedReason: string, containers: Task['containers'] = []) =>
  ({ stopCode, stoppedReason, containers }) as Task
const failedToStart = (reason: string): Partial<CauseEvidence> => ({
  stoppedTasks: [stopped('TaskFailedToStart', reason)]
})
const event = (...events: string[]): Partial<CauseEvidence> => ({ events })
const essential = (...containers: NonNullable<Task['containers']>) => ({
  stoppedTasks: [
    stopped('EssentialContainerExited', 'Essential container in task exited', containers)
  ]
})

/**
 * Every cause: what ECS writes (as AWS pages show it), then a rewording that keeps the distinctive
 * token. [name, evidence, the first cause's id, words its summary must hold]
 */
const CASES: [string, Partial<CauseEvidence>, string, string[]][] = [
  [
    'image not found (page example)',
    failedToStart(`CannotPullContainerError: API error (404): repository ${ECR}/web/app not found`),
    'image-not-found',
    [`image ${ECR}/web/app`]
  ],
  [
    'image not found (containerd)',
    failedToStart(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ECR}/web:3f9c2e1: ${ECR}/web:3f9c2e1: not found`
    ),
    'image-not-found',
    [`image ${ECR}/web:3f9c2e1 does not exist`]
  ],
  [
    'image not found, reworded',
    failedToStart('cannotpullcontainererror -- MANIFEST UNKNOWN'),
    'image-not-found',
    ['the image or its tag']
  ],
  [
    'registry access denied',
    failedToStart(
      `CannotPullContainerError: Error response from daemon: pull access denied for ${ECR}/web, repository does not exist or may require 'docker login'`
    ),
    'registry-access',
    ['access denied']
  ],
  [
    'registry access denied, reworded',
    failedToStart('CANNOTPULLCONTAINERERROR >> unexpected status code 403 Forbidden'),
    'registry-access',
    ['refused']
  ],
  [
    'pull timeout (page example)',
    failedToStart(
      `CannotPullContainerError: API error (500): Get https://${ECR}/v2/: net/http: request canceled while waiting for connection`
    ),
    'pull-timeout',
    ['timed out']
  ],
  [
    'pull timeout, reworded',
    failedToStart('cannotPullContainerError; dial tcp 10.0.3.17:443: i/o TIMEOUT'),
    'pull-timeout',
    ['could not reach the registry']
  ],
  [
    'other pull error (page example)',
    failedToStart(
      'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device'
    ),
    'image-pull',
    ['could not pull']
  ],
  [
    'other pull error, reworded',
    failedToStart('[cannot pull container error] something new'),
    'image-pull',
    ['CannotPullContainerError']
  ],
  [
    'secrets (knowledge-center example)',
    failedToStart(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db from secrets manager'
    ),
    'secrets',
    ['secrets or registry credentials']
  ],
  [
    'secrets, reworded',
    failedToStart('resourceinitializationerror => could not get REGISTRY AUTH'),
    'secrets',
    ['ResourceInitializationError']
  ],
  [
    'other initialisation error (page example)',
    failedToStart(
      'ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream'
    ),
    'resource-init',
    ['failed to initialize logging driver']
  ],
  [
    'other initialisation error, reworded',
    failedToStart('Resource Initialization Error - failed to invoke EFS utils commands'),
    'resource-init',
    ['failed to invoke EFS utils commands']
  ],
  [
    'execution role cannot be assumed',
    event(
      "ECS was unable to assume the role 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole' that was provided for this task."
    ),
    'execution-role',
    ['role ecsTaskExecutionRole could not be assumed']
  ],
  [
    'execution role not authorized, reworded',
    failedToStart(
      'User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/7f1 IS NOT AUTHORIZED TO PERFORM: ssm:GetParameters on resource: x'
    ),
    'execution-role',
    ['role ecsTaskExecutionRole is not allowed to ssm:GetParameters']
  ],
  [
    'out of memory (page wording)',
    essential({
      name: 'app',
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage'
    }),
    'out-of-memory',
    ['container app used more memory than its limit']
  ],
  [
    'out of memory, reworded',
    failedToStart('outofmemoryerror: container killed'),
    'out-of-memory',
    ['a container used more memory']
  ],
  [
    'essential container exit 1',
    essential({ name: 'app', exitCode: 1 }, { name: 'envoy', exitCode: 143 }),
    'essential-exit',
    ['essential container app exited with code 1']
  ],
  [
    'essential container exit, reworded',
    {
      stoppedTasks: [
        {
          stoppedReason: 'essential container in task EXITED.',
          containers: [{ name: 'api', exitCode: 2 }]
        }
      ]
    },
    'essential-exit',
    ['essential container api exited with code 2']
  ],
  [
    'essential container exit 137',
    essential({ name: 'app', exitCode: 137 }),
    'essential-exit',
    ['container app was killed (exit code 137', 'memory limit']
  ],
  [
    'essential container exit 139',
    essential({ name: 'app', exitCode: 139 }),
    'essential-exit',
    ['segmentation fault (exit code 139)']
  ],
  [
    'essential container exit 143',
    essential({ name: 'app', exitCode: 143 }),
    'essential-exit',
    ['SIGTERM (exit code 143)']
  ],
  [
    'essential container exit 0',
    essential({ name: 'migrate', exitCode: 0 }),
    'essential-exit',
    ['essential container migrate finished (exit code 0)']
  ],
  [
    'ELB health checks (stopped reason)',
    {
      stoppedTasks: [
        stopped(
          'ServiceSchedulerInitiated',
          `Task failed ELB health checks in (target-group ${TG_ARN})`
        )
      ]
    },
    'elb-health',
    ['of target group web-tg']
  ],
  [
    'ELB health checks (Fargate event)',
    event(
      '(service web) (task 0123456789abcdef) (port 8080) is unhealthy in (target-group web-tg) due to (reason Health checks failed with these codes: [404])'
    ),
    'elb-health',
    ['of target group web-tg', '[404]']
  ],
  [
    'ELB health checks (classic load balancer)',
    failedToStart('Task failed ELB health checks in (elb web-elb)'),
    'elb-health',
    ['of load balancer web-elb']
  ],
  [
    'ELB health checks, reworded',
    failedToStart('task FAILED elb health-checks'),
    'elb-health',
    ['load balancer health checks']
  ],
  [
    'container health checks (stopped reason)',
    failedToStart('Task failed container health checks'),
    'container-health',
    ['container health checks']
  ],
  [
    'container health checks (container status)',
    {
      stoppedTasks: [
        stopped('ServiceSchedulerInitiated', '', [{ name: 'app', healthStatus: 'UNHEALTHY' }])
      ]
    },
    'container-health',
    ['container app failed its health check']
  ],
  [
    'container health checks (task status)',
    { stoppedTasks: [{ healthStatus: 'UNHEALTHY', stopCode: 'ServiceSchedulerInitiated' }] },
    'container-health',
    ['tasks failed their container health checks']
  ],
  [
    'container health checks, reworded',
    event('(task abc) Failed Container Health-Checks'),
    'container-health',
    ['health checks']
  ],
  [
    'no container instances',
    event(
      'service web was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.'
    ),
    'no-container-instances',
    ['no container instance']
  ],
  [
    'no container instances, reworded',
    event('(service web) UNABLE to place task because NO container instances met its needs'),
    'no-container-instances',
    ['unable to place a task']
  ],
  [
    'not enough CPU',
    event(
      'service web was unable to place a task because no container instance met all of its requirements. The closest matching container-instance 5c4e8a0b has insufficient CPU units available.'
    ),
    'insufficient-cpu',
    ['CPU']
  ],
  [
    'not enough CPU, reworded',
    failedToStart('TaskFailedToStart: resource:cpu'),
    'insufficient-cpu',
    ['CPU']
  ],
  [
    'not enough memory',
    event(
      'service web was unable to place a task because no container instance met all of its requirements. The closest matching container-instance 5c4e8a0b has insufficient memory available.'
    ),
    'insufficient-memory',
    ['memory']
  ],
  [
    'not enough memory, reworded',
    failedToStart('RESOURCE: MEMORY'),
    'insufficient-memory',
    ['memory']
  ],
  [
    'port in use',
    event(
      'service web was unable to place a task because no container instance met all of its requirements. The closest matching container-instance 5c4e8a0b is already using a port required by your task.'
    ),
    'ports-in-use',
    ['host port']
  ],
  [
    'port in use, reworded',
    failedToStart('TaskFailedToStart: RESOURCE:PORTS'),
    'ports-in-use',
    ['port']
  ],
  [
    'Fargate capacity',
    event(
      'service web was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.'
    ),
    'fargate-capacity',
    ['Capacity is unavailable']
  ],
  [
    'Fargate capacity, reworded',
    event('capacity IS unavailable, sorry'),
    'fargate-capacity',
    ['Fargate']
  ],
  ['ENI slots', failedToStart('TaskFailedToStart: RESOURCE:ENI'), 'network-interfaces', ['ENI']],
  [
    'ENI slots, reworded',
    event('Not enough available eni attachment points'),
    'network-interfaces',
    ['network interface']
  ],
  [
    'subnet addresses',
    event(
      'service web was unable to place a task: insufficient free addresses in subnet subnet-0abc'
    ),
    'network-interfaces',
    ['no free IP address']
  ],
  [
    'subnet addresses, reworded',
    event('InsufficientFreeAddressesInSubnet'),
    'network-interfaces',
    ['subnet']
  ],
  [
    'Spot interruption (stop code)',
    { stoppedTasks: [stopped('SpotInterruption', 'Your Spot Task was interrupted.')] },
    'spot-interruption',
    ['Spot capacity']
  ],
  [
    'Spot interruption (page example: TerminationNotice)',
    { stoppedTasks: [stopped('TerminationNotice', 'Your Spot Task was interrupted.')] },
    'spot-interruption',
    ['interrupted']
  ],
  [
    'Spot interruption, reworded',
    { stoppedTasks: [{ stoppedReason: 'your spot task WAS interrupted!' }] },
    'spot-interruption',
    ['SpotInterruption']
  ],
  [
    'task stopped by a user',
    { stoppedTasks: [stopped('UserInitiated', 'Task stopped by user')] },
    'task-stopped-by-user',
    ['UserInitiated']
  ],
  [
    'task stopped by a user, other reason',
    { stoppedTasks: [stopped('UserInitiated', 'Stopped by the on-call: bad config!')] },
    'task-stopped-by-user',
    ['StopTask']
  ],
  [
    'alarm',
    { triggeredAlarms: ['web-5xx'] },
    'alarm',
    ['CloudWatch alarm web-5xx went into ALARM']
  ],
  [
    'alarms, reworded',
    { triggeredAlarms: ['  web-5xx\n', 'web-p99', 'web-5xx'] },
    'alarm',
    ['alarms web-5xx and web-p99']
  ],
  [
    'superseded',
    {
      supersededBy: {
        id: 'ecs-svc/3333333333333333333',
        taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:7',
        registeredBy: 'alice'
      }
    },
    'superseded',
    ['ecs-svc/3333333333333333333 (of web:7, registered by alice)']
  ],
  [
    'superseded, id only',
    { supersededBy: { id: 'ecs-svc/3333' } },
    'superseded',
    ['another deployment, ecs-svc/3333, replaced']
  ],
  ['operator stop', { stoppedByOperator: true }, 'deployment-stopped', ['StopServiceDeployment']],
  [
    'failed hook',
    {
      failedHook: {
        hookId: 'pre-traffic-check',
        status: 'FAILED',
        targetArn: 'arn:aws:lambda:us-east-1:111122223333:function:smoke-test:live'
      }
    },
    'lifecycle-hook',
    ['lifecycle hook pre-traffic-check (Lambda smoke-test) failed']
  ],
  [
    'timed-out hook, reworded status',
    { failedHook: { hookId: 'approval', status: ' timed-out ' } },
    'lifecycle-hook',
    ['lifecycle hook approval timed out']
  ]
]

describe('likelyCauses names each cause from its documented text', () => {
  it.each(CASES)('%s', (_name, evidence, id, words) => {
    const [first] = causes(evidence)
    expect(first?.id).toBe(id)
    for (const word of words) expect(first?.summary).toContain(word)
  })

  it('covers the whole catalogue, each cause with its AWS page and words of its own', () => {
    const all = CASES.flatMap(([, evidence]) => causes(evidence))
    expect(new Set(ids(all)).size).toBe(23)
    for (const cause of all) {
      expect(cause.source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com\/AmazonECS|repost\.aws)\//)
      expect(cause.summary).not.toMatch(/[.\n]$/)
      expect(cause.advice).toMatch(/^[A-Z].*\.$/)
    }
  })
})

describe('what is not a cause', () => {
  it('gives nothing for ordinary service events and scheduler stops', () => {
    const found = causes({
      stoppedTasks: [
        stopped(
          'ServiceSchedulerInitiated',
          'Scaling activity initiated by (deployment ecs-svc/1111)'
        ),
        stopped('ServiceSchedulerInitiated', 'Task stopped by the scheduler', [
          { name: 'app', exitCode: 137 }
        ])
      ],
      events: [
        'service web has reached a steady state.',
        'service web has started 2 tasks: task 0123 task 4567.',
        `service web registered 1 targets in (target-group ${TG_ARN})`,
        'service web has begun draining connections on 1 tasks.',
        `service web deregistered 1 targets in (target-group ${TG_ARN})`,
        'service memory-api has stopped 1 running tasks: task 89ab.',
        'service web (port 8080) is healthy in target-group web-tg'
      ],
      triggeredAlarms: [],
      stoppedByOperator: false,
      failedHook: { hookId: 'h', status: 'SUCCEEDED' }
    })
    expect(found).toEqual([])
    expect(causeSentence(found)).toBe('')
  })

  it('does not blame the exit code of a container ECS itself stopped', () => {
    const found = causes({
      stoppedTasks: [
        stopped(
          'ServiceSchedulerInitiated',
          `Task failed ELB health checks in (target-group ${TG_ARN})`,
          [{ name: 'app', exitCode: 137 }]
        )
      ]
    })
    expect(ids(found)).toEqual(['elb-health'])
  })

  it('names only the container whose exit stopped the task, not the ones stopped after it', () => {
    const found = causes(essential({ name: 'app', exitCode: 3 }, { name: 'envoy', exitCode: 137 }))
    expect(found.map((c) => c.summary)).toEqual(['essential container app exited with code 3'])
  })

  it('gives memory, not the exit code, when a container ran out of memory', () => {
    const found = causes(
      essential(
        {
          name: 'app',
          exitCode: 137,
          reason: 'OutOfMemoryError: Container killed due to memory usage'
        },
        { name: 'envoy', exitCode: 143 }
      )
    )
    expect(ids(found)).toEqual(['out-of-memory'])
  })
})

describe('odd evidence', () => {
  const odd: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'CannotPullContainerError'],
    ['empty', {}],
    [
      'fields of the wrong type',
      {
        stoppedTasks: 'x',
        events: 5,
        triggeredAlarms: 'a',
        supersededBy: 'b',
        failedHook: 7,
        stoppedByOperator: 'yes'
      }
    ],
    [
      'tasks of odd shapes',
      {
        stoppedTasks: [
          null,
          5,
          'text',
          [],
          { containers: 'x' },
          { containers: [null, 3, { exitCode: '137', name: 9 }] },
          { stopCode: 42, stoppedReason: {} }
        ],
        events: [null, 5, {}, '', []],
        supersededBy: { id: 5 },
        failedHook: { status: 'FAILED', hookId: null }
      }
    ]
  ]

  it.each(odd)('never throws on %s', (_name, evidence) => {
    const found = likelyCauses(evidence as CauseEvidence)
    expect(Array.isArray(found)).toBe(true)
    expect(() => causeSentence(found)).not.toThrow()
  })

  it('reads the fields it can of a task with missing ones', () => {
    const found = likelyCauses({
      stoppedTasks: [{ containers: [{ exitCode: 1 }] }, { stopCode: 'EssentialContainerExited' }],
      events: []
    })
    expect(found.map((c) => c.summary)).toEqual([
      'an essential container exited (EssentialContainerExited)'
    ])
    expect(
      likelyCauses({
        stoppedTasks: [],
        events: [],
        failedHook: { hookId: '', status: 'FAILED' }
      })[0]?.summary
    ).toBe('lifecycle hook without an id failed')
  })

  it('reads a huge text in bounded time and quotes only a bounded piece of it', () => {
    const huge = `CannotPullContainerError: failed to resolve ref ${'a'.repeat(5_000_000)}: not found`
    const started = Date.now()
    const found = causes({
      stoppedTasks: [stopped('TaskFailedToStart', huge)],
      events: [huge, huge]
    })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(ids(found)).toEqual(['image-pull'])
    expect(causeSentence(found).length).toBeLessThan(500)
  })

  it('ignores a token beyond the part of a text it reads', () => {
    expect(causes(event(`${' '.repeat(10_000)}Capacity is unavailable at this time`))).toEqual([])
  })

  it('quotes foreign text without markup or workflow commands', () => {
    const found = causes({
      events: ['Task failed ELB health checks in (target-group ##[error]<b>x</b>`y`)'],
      triggeredAlarms: ['<img src=x> *bold* | pipe']
    })
    const text = found.map((c) => causeSentence([c])).join(' ')
    expect(text).not.toMatch(/##\[|[<>`|*]/)
    expect(found.map((c) => c.summary)).toContain(
      'tasks failed the load balancer health checks of target group ??[error]?b?x?/b??y?'
    )
  })

  it('keeps foreign text on one line', () => {
    const found = causes(event('Task failed ELB health checks in (target-group web\n::error::x)'))
    expect(causeSentence(found)).not.toMatch(/[\r\n]/)
    const multi = causes({ triggeredAlarms: ['a\nb\r\nc'] })
    expect(multi[0]?.summary).toContain('a b c')
  })
})

describe('deduplicated and ordered', () => {
  it('names a cause once however many tasks, texts and events repeat it', () => {
    const oom = {
      name: 'app',
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage'
    }
    const task = stopped(
      'EssentialContainerExited',
      'OutOfMemoryError: Container killed due to memory usage',
      [oom]
    )
    const wait =
      'service web was unable to place a task. Reason: Capacity is unavailable at this time.'
    const found = causes({ stoppedTasks: [task, task, task], events: [wait, wait, wait] })
    expect(ids(found)).toEqual(['out-of-memory', 'fargate-capacity'])
  })

  it("folds the event and the task's account of one target group into one, keeping the details", () => {
    const found = causes({
      stoppedTasks: [
        stopped(
          'ServiceSchedulerInitiated',
          `Task failed ELB health checks in (target-group ${TG_ARN})`
        )
      ],
      events: [
        '(service web) (task 0123) (port 8080) is unhealthy in (target-group web-tg) due to (reason Request timed out)',
        'service web failed ELB health checks'
      ]
    })
    expect(found.map((c) => c.summary)).toEqual([
      'tasks failed the load balancer health checks of target group web-tg (Request timed out)'
    ])
  })

  it('keeps one cause per named subject', () => {
    const found = causes({
      stoppedTasks: [
        ...essential({ name: 'app', exitCode: 1 }).stoppedTasks,
        ...essential({ name: 'worker', exitCode: 2 }).stoppedTasks
      ]
    })
    expect(found.map((c) => c.summary)).toEqual([
      'essential container app exited with code 1',
      'essential container worker exited with code 2'
    ])
  })

  it("puts the stopped tasks' own stop codes before deployment facts, and those before event-only guesses", () => {
    const memory =
      'service web was unable to place a task. The closest matching container-instance i-1 has insufficient memory available.'
    const found = causes({
      stoppedTasks: [
        stopped(
          'TaskFailedToStart',
          `CannotPullContainerError: API error (404): repository ${ECR}/web not found`
        )
      ],
      events: Array.from({ length: 10 }, () => memory),
      triggeredAlarms: ['web-5xx']
    })
    expect(ids(found)).toEqual(['image-not-found', 'alarm', 'insufficient-memory'])
  })

  it('puts the cause more tasks show first', () => {
    const elb = stopped(
      'ServiceSchedulerInitiated',
      `Task failed ELB health checks in (target-group ${TG_ARN})`
    )
    const found = causes({
      stoppedTasks: [essential({ name: 'app', exitCode: 1 }).stoppedTasks[0] as Task, elb, elb]
    })
    expect(ids(found)).toEqual(['elb-health', 'essential-exit'])
  })

  it('drops a general cause when a specific one explains the same failure', () => {
    const found = causes(
      event(
        'service web was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i-1 is already using a port required by your task.',
        'CannotPullContainerError: something else',
        'CannotPullContainerError: API error (404): repository web not found'
      )
    )
    expect(ids(found)).toEqual(['image-not-found', 'ports-in-use'])
  })

  it('names both the secret and the role a denied secret points to', () => {
    const found = causes(
      failedToStart(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/exec-role/1 is not authorized to perform: secretsmanager:GetSecretValue'
      )
    )
    expect(ids(found)).toEqual(['secrets', 'execution-role'])
    expect(found[1]?.summary).toBe(
      'role exec-role is not allowed to secretsmanager:GetSecretValue (AccessDenied)'
    )
  })
})

describe('causeSentence', () => {
  it('is one line: the likeliest cause, then what to do', () => {
    const found = causes(
      failedToStart(`CannotPullContainerError: API error (404): repository ${ECR}/web not found`)
    )
    expect(causeSentence(found)).toBe(
      `Likely cause: image ${ECR}/web does not exist in the registry (CannotPullContainerError). Check that the step that pushes the image ran, and that the repository and tag in the task definition match what was pushed.`
    )
  })

  it.each(CASES)('reads well for %s', (_name, evidence) => {
    const sentence = causeSentence(causes(evidence))
    expect(sentence).toMatch(/^Likely cause: [^\n]+\. [A-Z][^\n]*\.$/)
    expect(sentence).not.toMatch(/\.\.|undefined|null|\[object/)
  })

  it('closes an advice without a full stop and is empty for nothing', () => {
    const cause = {
      id: 'x',
      summary: 'a thing broke.',
      advice: 'fix it',
      source: 'https://docs.aws.amazon.com/x'
    }
    expect(causeSentence([cause])).toBe('Likely cause: a thing broke. fix it.')
    expect(causeSentence([])).toBe('')
    expect(causeSentence([null, 5] as unknown as Cause[])).toBe('')
  })
})
