import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'

import {
  checkPolicy,
  createWorld,
  evaluatePolicy,
  permissionsFor,
  type PolicyDocument,
  type PolicyStatement
} from '../../emulator/index.js'
import { ECR_TARGET, fargateDefinition, withHarness, type Harness } from './harness.js'

const ECS = 'arn:aws:ecs:us-east-1:123456789012'
const USER = 'arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions'
const EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
const PASS_ROLE: PolicyStatement = {
  Effect: 'Allow',
  Action: 'iam:PassRole',
  Resource: EXECUTION_ROLE,
  Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }
}

const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement
})
const allow = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource
})

/** The message IAM gives for an implicit deny. */
const denied = (action: string, resource: string): string =>
  `User: ${USER} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to be denied')
}

describe('policy evaluation', () => {
  const service = `${ECS}:service/prod/web`

  it('allows by action and resource wildcards, actions case-insensitively', () => {
    const document = policy(allow(['ecs:describe*', 'ECS:Update?ervice'], `${ECS}:service/prod/*`))
    expect(evaluatePolicy(document, { action: 'ecs:DescribeServices', resource: service })).toBe(
      'allowed'
    )
    expect(evaluatePolicy(document, { action: 'ecs:UpdateService', resource: service })).toBe(
      'allowed'
    )
    expect(
      evaluatePolicy(document, { action: 'ecs:UpdateService', resource: `${ECS}:service/dev/web` })
    ).toBe('implicit-deny')
    expect(evaluatePolicy(document, { action: 'ecs:RunTask', resource: service })).toBe(
      'implicit-deny'
    )
  })

  it('matches region and account segment by segment, the resource part across / and :', () => {
    const logs = policy(allow('logs:GetLogEvents', 'arn:aws:logs:*:123456789012:log-group:/ecs/*'))
    const stream = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:ecs/app/1'
    expect(evaluatePolicy(logs, { action: 'logs:GetLogEvents', resource: stream })).toBe('allowed')
    expect(
      evaluatePolicy(logs, {
        action: 'logs:GetLogEvents',
        resource: stream.replace('123456789012', '999999999999')
      })
    ).toBe('implicit-deny')
    // A resource-scoped statement never grants an action IAM checks on `*`.
    expect(
      evaluatePolicy(policy(allow('ecs:DescribeTaskDefinition', `${ECS}:task-definition/web:*`)), {
        action: 'ecs:DescribeTaskDefinition',
        resource: '*'
      })
    ).toBe('implicit-deny')
  })

  it('an explicit Deny wins over any Allow', () => {
    const document = policy(allow('ecs:*'), {
      Effect: 'Deny',
      Action: 'ecs:UpdateService',
      Resource: '*'
    })
    expect(evaluatePolicy(document, { action: 'ecs:UpdateService', resource: service })).toBe(
      'explicit-deny'
    )
    expect(evaluatePolicy(document, { action: 'ecs:DescribeServices', resource: service })).toBe(
      'allowed'
    )
  })

  it('checks conditions: equality, like, negation and IfExists; a missing key fails', () => {
    const passRole = policy(PASS_ROLE)
    const permission = { action: 'iam:PassRole', resource: EXECUTION_ROLE }
    expect(
      evaluatePolicy(passRole, {
        ...permission,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      })
    ).toBe('allowed')
    expect(
      evaluatePolicy(passRole, {
        ...permission,
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' }
      })
    ).toBe('implicit-deny')
    expect(evaluatePolicy(passRole, permission)).toBe('implicit-deny')

    const cluster = (operator: string, value: string): PolicyDocument =>
      policy({ ...allow('ecs:ListTasks'), Condition: { [operator]: { 'ecs:cluster': value } } })
    const listTasks = {
      action: 'ecs:ListTasks',
      resource: '*',
      context: { 'ecs:cluster': `${ECS}:cluster/prod` }
    }
    expect(evaluatePolicy(cluster('ArnLike', `${ECS}:cluster/p*`), listTasks)).toBe('allowed')
    expect(evaluatePolicy(cluster('ArnNotEquals', `${ECS}:cluster/prod`), listTasks)).toBe(
      'implicit-deny'
    )
    expect(
      evaluatePolicy(cluster('StringEqualsIfExists', 'x'), { ...listTasks, context: {} })
    ).toBe('allowed')
  })

  it('refuses what it does not model instead of misreading it', () => {
    expect(() =>
      checkPolicy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] })
    ).toThrow('Statement[0].Action must be a string or strings')
    expect(() =>
      checkPolicy(
        policy({ ...allow('ecs:*'), Condition: { DateGreaterThan: { 'aws:CurrentTime': 'x' } } })
      )
    ).toThrow('operator DateGreaterThan is not supported')
    expect(() =>
      checkPolicy({ Statement: { Effect: 'Permit', Action: '*', Resource: '*' } })
    ).toThrow('Statement[0].Effect must be Allow or Deny')
  })
})

describe('what each call asks IAM', () => {
  const world = createWorld({ scenario: 'success', start: 1_750_000_000 })

  it('RegisterTaskDefinition: the next revision, the roles it passes, TagResource when tagged', () => {
    expect(
      permissionsFor({
        service: 'ecs',
        operation: 'RegisterTaskDefinition',
        world,
        body: {
          family: 'web',
          executionRoleArn: EXECUTION_ROLE,
          taskRoleArn: 'web-task-role',
          tags: [{ key: 'github:sha', value: 'abc' }]
        }
      })
    ).toEqual([
      { action: 'ecs:RegisterTaskDefinition', resource: `${ECS}:task-definition/web:2` },
      {
        action: 'iam:PassRole',
        resource: 'arn:aws:iam::123456789012:role/web-task-role',
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      },
      {
        action: 'iam:PassRole',
        resource: EXECUTION_ROLE,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      },
      {
        action: 'ecs:TagResource',
        resource: `${ECS}:task-definition/web:2`,
        context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
      }
    ])
  })

  it('UpdateService passes the infrastructure role of a managed EBS volume to ECS itself', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
    expect(
      permissionsFor({
        service: 'ecs',
        operation: 'UpdateService',
        world,
        body: {
          cluster: 'prod',
          service: 'web',
          volumeConfigurations: [{ name: 'data', managedEBSVolume: { roleArn, sizeInGiB: 20 } }]
        }
      })
    ).toEqual([
      {
        action: 'ecs:UpdateService',
        resource: `${ECS}:service/prod/web`,
        context: { 'ecs:cluster': `${ECS}:cluster/prod` }
      },
      {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': 'ecs.amazonaws.com' }
      }
    ])
  })

  it('service-deployment calls are checked on the deployment and on its service', () => {
    const arn = `${ECS}:service-deployment/prod/web/abc`
    expect(
      permissionsFor({
        service: 'ecs',
        operation: 'DescribeServiceDeployments',
        world,
        body: { serviceDeploymentArns: [arn] }
      }).map((p) => p.resource)
    ).toEqual([`${ECS}:service/prod/web`, arn])
  })

  it('CodeDeploy CreateDeployment: the group, and the config and application it depends on', () => {
    expect(
      permissionsFor({
        service: 'codedeploy',
        operation: 'CreateDeployment',
        world,
        body: { applicationName: 'AppECS-prod-web', deploymentGroupName: 'DgpECS-prod-web' }
      })
    ).toEqual([
      {
        action: 'codedeploy:CreateDeployment',
        resource:
          'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:AppECS-prod-web/DgpECS-prod-web'
      },
      {
        action: 'codedeploy:GetDeploymentConfig',
        resource:
          'arn:aws:codedeploy:us-east-1:123456789012:deploymentconfig:CodeDeployDefault.ECSAllAtOnce'
      },
      {
        action: 'codedeploy:RegisterApplicationRevision',
        resource: 'arn:aws:codedeploy:us-east-1:123456789012:application:AppECS-prod-web'
      },
      {
        action: 'codedeploy:GetApplicationRevision',
        resource: 'arn:aws:codedeploy:us-east-1:123456789012:application:AppECS-prod-web'
      }
    ])
  })
})

describe('an emulator with a policy', () => {
  const core = policy(
    allow(['ecs:DescribeServices', 'ecs:UpdateService'], `${ECS}:service/prod/web`),
    allow('ecs:RegisterTaskDefinition', `${ECS}:task-definition/web:*`),
    allow('ecs:DescribeTaskDefinition')
  )

  it('answers a call the policy does not allow with AccessDeniedException in IAM words', async () => {
    await withHarness(
      { scenario: 'success', policy: policy(allow('ecs:DescribeServices')) },
      async (h) => {
        await h.service()
        const error = await rejection(
          h.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }))
        )
        expect(error.name).toBe('AccessDeniedException')
        expect(error.message).toBe(denied('ecs:UpdateService', `${ECS}:service/prod/web`))
        expect(h.emulator.calls.at(-1)).toMatchObject({
          operation: 'UpdateService',
          error: 'AccessDeniedException'
        })
        expect((await h.service()).desiredCount).toBe(2)
      }
    )
  })

  it('scopes by resource: another service of the cluster is denied', async () => {
    await withHarness(
      { scenario: 'success', policy: core, extraServices: [{ name: 'worker' }] },
      async (h) => {
        const error = await rejection(
          h.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['worker'] }))
        )
        expect(error.message).toBe(denied('ecs:DescribeServices', `${ECS}:service/prod/worker`))
      }
    )
  })

  it('RegisterTaskDefinition needs iam:PassRole for its roles, and registers nothing without it', async () => {
    const withRole = { ...fargateDefinition('2.0.0'), executionRoleArn: EXECUTION_ROLE }
    await withHarness({ scenario: 'success', policy: core }, async (h) => {
      const error = await rejection(h.ecs.send(new RegisterTaskDefinitionCommand(withRole)))
      expect(error.name).toBe('AccessDeniedException')
      expect(error.message).toBe(denied('iam:PassRole', EXECUTION_ROLE))
      const latest = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
      expect(latest.taskDefinition?.revision).toBe(1)
    })
    await withHarness(
      { scenario: 'success', policy: policy(...statementsOf(core), PASS_ROLE) },
      async (h) => {
        const output = await h.ecs.send(new RegisterTaskDefinitionCommand(withRole))
        expect(output.taskDefinition?.revision).toBe(2)
      }
    )
  })

  it('iam:PassRole to another service does not count', async () => {
    const toLambda: PolicyStatement = {
      ...PASS_ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }
    }
    await withHarness(
      { scenario: 'success', policy: policy(...statementsOf(core), toLambda) },
      async (h) => {
        const error = await rejection(
          h.ecs.send(
            new RegisterTaskDefinitionCommand({
              ...fargateDefinition('2.0.0'),
              executionRoleArn: EXECUTION_ROLE
            })
          )
        )
        expect(error.message).toContain('iam:PassRole')
      }
    )
  })

  it('tags on RegisterTaskDefinition need ecs:TagResource for that create action', async () => {
    const tagged = { ...fargateDefinition('2.0.0'), tags: [{ key: 'team', value: 'shop' }] }
    await withHarness({ scenario: 'success', policy: core }, async (h) => {
      const error = await rejection(h.ecs.send(new RegisterTaskDefinitionCommand(tagged)))
      expect(error.message).toBe(denied('ecs:TagResource', `${ECS}:task-definition/web:2`))
      // Without tags the same policy registers.
      const output = await h.ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition('2.0.0')))
      expect(output.taskDefinition?.revision).toBe(2)
    })
    const tagOnCreate: PolicyStatement = {
      ...allow('ecs:TagResource', `${ECS}:task-definition/web:*`),
      Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }
    }
    await withHarness(
      { scenario: 'success', policy: policy(...statementsOf(core), tagOnCreate) },
      async (h) => {
        const output = await h.ecs.send(new RegisterTaskDefinitionCommand(tagged))
        expect(output.tags).toEqual([{ key: 'team', value: 'shop' }])
      }
    )
  })

  it('RunTask needs iam:PassRole for the roles of the task definition it runs, and overrides', async () => {
    const runTask: PolicyStatement = {
      ...allow('ecs:RunTask', `${ECS}:task-definition/web:*`),
      Condition: { ArnEquals: { 'ecs:cluster': `${ECS}:cluster/prod` } }
    }
    const run = (h: Harness, taskRoleArn?: string) =>
      h.ecs.send(
        new RunTaskCommand({
          cluster: 'prod',
          // The seeded revision runs with ecsTaskExecutionRole.
          taskDefinition: 'web:1',
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } },
          ...(taskRoleArn !== undefined && { overrides: { taskRoleArn } })
        })
      )
    await withHarness({ scenario: 'success', policy: policy(runTask) }, async (h) => {
      const error = await rejection(run(h))
      expect(error.message).toBe(denied('iam:PassRole', EXECUTION_ROLE))
      expect(h.emulator.mutatingCalls()).toEqual([
        expect.objectContaining({ operation: 'RunTask', error: 'AccessDeniedException' })
      ])
    })
    await withHarness({ scenario: 'success', policy: policy(runTask, PASS_ROLE) }, async (h) => {
      const output = await run(h)
      expect(output.tasks).toHaveLength(1)
      const error = await rejection(run(h, 'arn:aws:iam::123456789012:role/admin'))
      expect(error.message).toBe(denied('iam:PassRole', 'arn:aws:iam::123456789012:role/admin'))
    })
  })

  it('ListTasks is checked on * with the ecs:cluster key', async () => {
    const listTasks = (cluster: string): PolicyDocument =>
      policy({
        ...allow('ecs:ListTasks'),
        Condition: { ArnEquals: { 'ecs:cluster': `${ECS}:cluster/${cluster}` } }
      })
    await withHarness({ scenario: 'success', policy: listTasks('prod') }, async (h) => {
      const output = await h.ecs.send(new ListTasksCommand({ cluster: 'prod' }))
      expect(output.taskArns).toHaveLength(2)
    })
    await withHarness({ scenario: 'success', policy: listTasks('dev') }, async (h) => {
      const error = await rejection(h.ecs.send(new ListTasksCommand({ cluster: 'prod' })))
      expect(error.message).toBe(denied('ecs:ListTasks', '*'))
    })
  })

  it('ECR and CloudWatch Logs calls are checked on the repository and the log stream', async () => {
    await withHarness({ scenario: 'success', policy: core }, async (h) => {
      const images = await h.raw(
        ECR_TARGET('DescribeImages'),
        JSON.stringify({ repositoryName: 'web', imageIds: [{ imageTag: '2.0.0' }] })
      )
      expect(images.json).toEqual({
        __type: 'AccessDeniedException',
        message: denied('ecr:DescribeImages', 'arn:aws:ecr:us-east-1:123456789012:repository/web')
      })
      const error = await rejection(
        h.logs.send(
          new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/1' })
        )
      )
      expect(error.message).toBe(
        denied(
          'logs:GetLogEvents',
          'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:ecs/app/1'
        )
      )
    })
  })

  it('refuses a malformed policy when it starts', async () => {
    await expect(
      withHarness(
        {
          scenario: 'success',
          policy: { Statement: [{ Effect: 'Maybe' }] } as unknown as PolicyDocument
        },
        () => Promise.resolve()
      )
    ).rejects.toThrow('Statement[0].Effect must be Allow or Deny')
  })
})

describe('the documented policies', () => {
  const folder = fileURLToPath(new URL('../../policies/', import.meta.url))
  const files = readdirSync(folder).filter((name) => name.endsWith('.json'))

  it.each(files)('%s is a valid policy using the seed placeholders', (name) => {
    const text = readFileSync(`${folder}${name}`, 'utf8')
    const document = checkPolicy(JSON.parse(text))
    expect(document.Version).toBe('2012-10-17')
    for (const statement of statementsOf(document)) {
      expect(statement.Effect).toBe('Allow')
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/)
    }
    // One account, region, cluster, service and family throughout.
    for (const arn of text.match(/arn:aws:[^"]+/g) ?? []) {
      expect(arn).toMatch(/^arn:aws:[a-z]+:(us-east-1)?:123456789012:/)
      expect(arn).not.toMatch(/cluster\/(?!prod)|service\/(?!prod\/web)|task-definition\/(?!web:)/)
    }
  })
})

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const { Statement } = document
  return Array.isArray(Statement)
    ? [...(Statement as PolicyStatement[])]
    : [Statement as PolicyStatement]
}
