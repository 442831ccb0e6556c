import { afterEach, describe, expect, it } from '@jest/globals'
import type { RetryErrorInfo } from '@smithy/types'
import { mockClient } from 'aws-sdk-client-mock'
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand
} from '@aws-sdk/client-ecs'
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy'
import {
  configureAwsClients,
  DEFAULT_MAX_ATTEMPTS,
  readClientConfig,
  refusalsOnly,
  writeClientConfig
} from '../../src/aws/client-config.js'
import { codeDeployAdapter } from '../../src/aws/codedeploy.js'
import { describeAwsError, withAdvice } from '../../src/aws/errors.js'
import { isAmbiguous, isRefusal } from '../../src/aws/mutations.js'
import { tasksAdapter } from '../../src/aws/tasks.js'
import { readSettings } from '../../src/settings/index.js'

afterEach(() => {
  configureAwsClients({ maxAttempts: DEFAULT_MAX_ATTEMPTS, timeScale: 1 })
})

const awsError = (name: string, status: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } })
/** The error as the SDK's retry strategies receive it, whose type narrows `cause`. */
const sdk = (error: Error): NonNullable<RetryErrorInfo['error']> =>
  error as NonNullable<RetryErrorInfo['error']>
const reset = (): Error =>
  Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })

describe('client settings', () => {
  it('max-retries sets maxAttempts; timeouts throw, and shrink with compressed time to a floor', () => {
    configureAwsClients({ maxAttempts: 2, timeScale: 1 })
    expect(readClientConfig()).toMatchObject({
      maxAttempts: 2,
      retryMode: 'standard',
      requestHandler: {
        // The whole exchange, body included (deadline.ts)…
        deadlineMs: 20_000,
        // …and NodeHttpHandler's own timeouts, to the headers.
        timeouts: { requestTimeout: 20_000, connectionTimeout: 5_000, throwOnRequestTimeout: true }
      }
    })
    expect(writeClientConfig()).toMatchObject({
      maxAttempts: 2,
      requestHandler: { deadlineMs: 20_000 }
    })
    configureAwsClients({ maxAttempts: 2, timeScale: 200 })
    expect(readClientConfig().requestHandler).toMatchObject({
      deadlineMs: 2_000,
      timeouts: { requestTimeout: 2_000, connectionTimeout: 2_000 }
    })
  })

  it('the write clients retry refusals only, with a jittered backoff, up to maxAttempts', async () => {
    const strategy = refusalsOnly(3, () => 0.5)
    const first = await strategy.acquireInitialRetryToken('')
    const throttled = {
      errorType: 'THROTTLING' as const,
      error: sdk(awsError('ThrottlingException', 400))
    }
    const second = await strategy.refreshRetryTokenForRetry(first, throttled)
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 500])
    const third = await strategy.refreshRetryTokenForRetry(second, {
      errorType: 'TRANSIENT',
      error: sdk(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    })
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 1_000])
    // The third attempt was the last one.
    await expect(strategy.refreshRetryTokenForRetry(third, throttled)).rejects.toThrow(
      'ThrottlingException'
    )
    // A 5xx or a reset may hide a change that happened: never retried here.
    for (const error of [awsError('ServerException', 500), reset()].map(sdk)) {
      await expect(
        strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT', error })
      ).rejects.toBe(error)
    }
  })

  it('tells refusals from ambiguous errors', () => {
    expect(isRefusal(awsError('ThrottlingException', 400))).toBe(true)
    expect(isAmbiguous(awsError('ThrottlingException', 400))).toBe(false)
    for (const error of [
      awsError('ServerException', 500),
      awsError('ServiceUnavailable', 503),
      reset()
    ])
      expect(isAmbiguous(error)).toBe(true)
    expect(isAmbiguous(awsError('AccessDeniedException', 400))).toBe(false)
  })

  it('max-retries is read from 1 to 10, 5 by default', () => {
    const read = (value: string) =>
      readSettings({
        getInput: (name) => ({ 'task-definition': 'td.json', 'max-retries': value })[name] ?? '',
        workspace: '/work',
        env: {}
      }).maxRetries
    expect(read('')).toBe(5)
    expect(read('1')).toBe(1)
    expect(read('10')).toBe(10)
    for (const bad of ['0', '11', '2.5', 'three'])
      expect(() => read(bad)).toThrow(/max-retries.*must be a whole number from 1 to 10/)
  })
})

describe('expired credentials', () => {
  it('carry the call and the advice in their message, once, wherever they end the run', () => {
    const error = withAdvice('DescribeServices', awsError('ExpiredTokenException', 400)) as Error
    expect(error.name).toBe('ExpiredTokenException')
    expect(error.message).toMatch(
      /^DescribeServices failed: ExpiredTokenException: ExpiredTokenException happened\. The AWS credentials expired during the run: .*role-duration-seconds in aws-actions\/configure-aws-credentials/
    )
    // A caller that describes it again does not repeat it.
    expect(describeAwsError('Poll', error)).toBe(error.message)
    // Other errors are left as they are.
    const denied = awsError('AccessDeniedException', 400)
    expect(withAdvice('DescribeServices', denied)).toBe(denied)
    expect(denied.message).toBe('AccessDeniedException happened')
  })
})

describe('calls that are never repeated', () => {
  const ecsMock = mockClient(ECSClient)
  const codeDeployMock = mockClient(CodeDeployClient)
  afterEach(() => {
    ecsMock.reset()
    codeDeployMock.reset()
  })
  const request = {
    cluster: 'prod',
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
    startedBy: 'GitHub-Actions',
    containerOverrides: [],
    tags: []
  }

  it('RunTask with a lost answer: fails, naming the task it finds', async () => {
    ecsMock.on(RunTaskCommand).rejects(awsError('ServerException', 500))
    ecsMock
      .on(ListTasksCommand, { desiredStatus: 'RUNNING' })
      .resolves({ taskArns: ['arn:task/abc'] })
    ecsMock.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: [] })
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:task/abc',
          taskDefinitionArn: request.taskDefinition,
          createdAt: new Date()
        }
      ]
    })
    const tasks = tasksAdapter(new ECSClient({ region: 'us-east-1' }))
    await expect(tasks.runTask(request)).rejects.toMatchObject({
      name: 'AnswerLost',
      message: expect.stringMatching(
        /^ServerException: ServerException happened\. The answer was lost, so RunTask may have taken effect\. It did: task arn:task\/abc .* It is not repeated/
      ) as unknown as string
    })
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
  })

  it('RunTask with a lost answer and no task listed: says ECS may list it late', async () => {
    ecsMock.on(RunTaskCommand).rejects(reset())
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] })
    const tasks = tasksAdapter(new ECSClient({ region: 'us-east-1' }))
    await expect(tasks.runTask(request)).rejects.toThrow(
      /No task of .*web:7 started by GitHub-Actions is listed in cluster prod, but ECS may list one a moment late/
    )
  })

  it('RunTask refused: the error as AWS gave it', async () => {
    const denied = awsError('AccessDeniedException', 400)
    ecsMock.on(RunTaskCommand).rejects(denied)
    const tasks = tasksAdapter(new ECSClient({ region: 'us-east-1' }))
    await expect(tasks.runTask(request)).rejects.toBe(denied)
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0)
  })

  it('CreateDeployment with a lost answer: fails with where to look', async () => {
    codeDeployMock.on(CreateDeploymentCommand).rejects(awsError('ServiceUnavailable', 503))
    const port = codeDeployAdapter(new CodeDeployClient({ region: 'us-east-1' }))
    await expect(
      port.createDeployment({
        applicationName: 'AppECS-prod-web',
        deploymentGroupName: 'DgpECS-prod-web',
        appSpec: { content: '{}', sha256: 'x' }
      })
    ).rejects.toThrow(
      /CreateDeployment may have taken effect\. Look for a new deployment of deployment group DgpECS-prod-web/
    )
    expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(1)
  })
})
