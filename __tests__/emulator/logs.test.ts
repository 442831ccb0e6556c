import { describe, expect, it } from '@jest/globals'
import {
  GetLogEventsCommand,
  ResourceNotFoundException,
  type GetLogEventsCommandInput
} from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, type Task } from '@aws-sdk/client-ecs'

import {
  LOGS_TARGET,
  START,
  loggingDefinition,
  tasksOf,
  withHarness,
  type Harness
} from './harness.js'
import { deploy } from './observe.js'

const DAY = 86_400

const taskId = (task: Task): string => task.taskArn?.split('/').pop() ?? ''

const read = (harness: Harness, input: Partial<GetLogEventsCommandInput> & { stream: string }) => {
  const { stream, ...rest } = input
  return harness.logs.send(
    new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: stream, ...rest })
  )
}

describe('CloudWatch Logs GetLogEvents', () => {
  it('serves what the seeded tasks wrote, with epoch-millisecond times, newest page first', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const [task] = await tasksOf(
        harness,
        (await harness.service()).deployments?.[0]?.id ?? '',
        'RUNNING'
      )
      if (task === undefined) throw new Error('no seeded task')
      const stream = `ecs/app/${taskId(task)}`
      const startedAt = task.startedAt?.getTime() ?? 0
      // Seeded a day ago: started 33 s after the deployment.
      expect(startedAt).toBe(START - DAY * 1000 + 33_000)

      const output = await read(harness, { stream })
      expect(output.events?.map((event) => [event.timestamp, event.message])).toEqual([
        [startedAt, 'Starting server (NODE_ENV=production)'],
        [startedAt + 50, 'Configuration loaded'],
        [startedAt + 100, 'Listening on 0.0.0.0:8080']
      ])
      for (const event of output.events ?? []) {
        expect(event.ingestionTime).toBeGreaterThan(event.timestamp ?? Infinity)
        expect(event.ingestionTime).toBeLessThan((event.timestamp ?? 0) + 1000)
      }
      expect(output.nextForwardToken).toMatch(/^f\/\d{56}\/s$/)
      expect(output.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/)

      // Raw wire: milliseconds as JSON integers, the awsJson1_1 content type.
      const raw = await harness.raw(
        LOGS_TARGET('GetLogEvents'),
        JSON.stringify({ logGroupName: '/ecs/web', logStreamName: stream, limit: 1 })
      )
      expect(raw.status).toBe(200)
      expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1')
      expect(raw.json.events).toEqual([
        {
          timestamp: startedAt + 100,
          message: 'Listening on 0.0.0.0:8080',
          ingestionTime: output.events?.[2]?.ingestionTime
        }
      ])

      // Paging: the latest `limit` events without startFromHead, the earliest with it; a token
      // keeps its direction; at the end the same token comes back.
      const latest = await read(harness, { stream, limit: 2 })
      expect(latest.events?.map((event) => event.message)).toEqual([
        'Configuration loaded',
        'Listening on 0.0.0.0:8080'
      ])
      const earlier = await read(harness, { stream, limit: 2, nextToken: latest.nextBackwardToken })
      expect(earlier.events?.map((event) => event.message)).toEqual([
        'Starting server (NODE_ENV=production)'
      ])
      const head = await read(harness, { stream, limit: 2, startFromHead: true })
      expect(head.events?.map((event) => event.message)).toEqual([
        'Starting server (NODE_ENV=production)',
        'Configuration loaded'
      ])
      const next = await read(harness, {
        stream,
        limit: 2,
        startFromHead: true,
        nextToken: head.nextForwardToken
      })
      expect(next.events?.map((event) => event.message)).toEqual(['Listening on 0.0.0.0:8080'])
      const end = await read(harness, {
        stream,
        startFromHead: true,
        nextToken: next.nextForwardToken
      })
      expect(end.events).toEqual([])
      expect(end.nextForwardToken).toBe(next.nextForwardToken)
      // startTime is inclusive, endTime exclusive; a log group ARN works as the identifier.
      const window = await harness.logs.send(
        new GetLogEventsCommand({
          logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web',
          logStreamName: stream,
          startTime: startedAt + 50,
          endTime: startedAt + 100
        })
      )
      expect(window.events?.map((event) => event.message)).toEqual(['Configuration loaded'])
    })
  })

  it('shows a new task starting, the old ones stopping, and a crashing app its error', async () => {
    await withHarness({ scenario: 'success' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0', loggingDefinition('1.1.0'))
      harness.advance(20)
      const [pending] = await tasksOf(harness, rollout.ours, 'RUNNING')
      if (pending === undefined) throw new Error('no task launched')
      const stream = `ecs/app/${taskId(pending)}`
      // No stream before the container starts.
      await expect(read(harness, { stream })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'The specified log stream does not exist.'
      })
      harness.advance(13) // RUNNING at +33
      const justStarted = await read(harness, { stream })
      expect(justStarted.events).toEqual([]) // not ingested yet
      harness.advance(1)
      const [running] =
        (
          await harness.ecs.send(
            new DescribeTasksCommand({ cluster: 'prod', tasks: [stream.split('/').pop() ?? ''] })
          )
        ).tasks ?? []
      const startedAt = running?.startedAt?.getTime() ?? 0
      expect(
        (await read(harness, { stream })).events?.map((event) => [event.timestamp, event.message])
      ).toEqual([
        [startedAt, 'Starting server (NODE_ENV=production)'],
        [startedAt + 50, 'Configuration loaded'],
        [startedAt + 100, 'Listening on 0.0.0.0:8080']
      ])

      // The replaced tasks got SIGTERM from the scheduler.
      harness.advance(60)
      const [old] = await tasksOf(harness, rollout.previous, 'STOPPED')
      if (old === undefined) throw new Error('no old task stopped')
      const oldLines = (await read(harness, { stream: `ecs/app/${taskId(old)}` })).events ?? []
      expect(oldLines.slice(-2).map((event) => [event.timestamp, event.message])).toEqual([
        [old.stoppingAt?.getTime(), 'Received SIGTERM, shutting down'],
        [(old.stoppingAt?.getTime() ?? 0) + 50, 'Server closed']
      ])

      // Reading fails the way CloudWatch Logs fails.
      await expect(
        harness.logs.send(
          new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: stream })
        )
      ).rejects.toBeInstanceOf(ResourceNotFoundException)
      await expect(
        harness.logs.send(
          new GetLogEventsCommand({ logGroupName: '/ecs/api', logStreamName: stream })
        )
      ).rejects.toMatchObject({ message: 'The specified log group does not exist.' })
      await expect(read(harness, { stream, limit: 10_001 })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"
      })
      await expect(read(harness, { stream, logGroupIdentifier: '/ecs/web' })).rejects.toMatchObject(
        { name: 'InvalidParameterException' }
      )
      await expect(read(harness, { stream, nextToken: 'x' })).rejects.toMatchObject({
        name: 'InvalidParameterException'
      })
      const noStream = await harness.raw(LOGS_TARGET('GetLogEvents'), '{"logGroupName":"/ecs/web"}')
      expect(noStream.json).toEqual({
        __type: 'InvalidParameterException',
        message:
          "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null"
      })
      expect(
        harness.emulator.calls.filter((call) => call.service === 'logs').length
      ).toBeGreaterThan(5)
    })
  })

  it('logs the error a crashing container prints before it exits 1', async () => {
    await withHarness({ scenario: 'circuit-breaker-rollback' }, async (harness) => {
      const rollout = await deploy(harness, '1.1.0', loggingDefinition('1.1.0'))
      harness.advance(60)
      const [crashed] = (await tasksOf(harness, rollout.ours, 'STOPPED')).filter(
        (task) => task.stopCode === 'EssentialContainerExited'
      )
      if (crashed === undefined) throw new Error('no crashed task')
      const events = (await read(harness, { stream: `ecs/app/${taskId(crashed)}` })).events ?? []
      expect(events.map((event) => event.message)).toEqual([
        'Starting server (NODE_ENV=production)',
        'Error: DATABASE_URL is not set',
        '    at loadConfig (/app/dist/config.js:14:11)',
        '    at main (/app/dist/server.js:9:3)',
        'Node.js v20.19.0'
      ])
      expect(events[0]?.timestamp).toBe(crashed.startedAt?.getTime())
      // The error is printed just before the container stops.
      expect(events[1]?.timestamp).toBe((crashed.executionStoppedAt?.getTime() ?? 0) - 300)
      expect(crashed.containers?.[0]?.exitCode).toBe(1)
    })
  })

  it('has no stream for a task whose image could not be pulled', async () => {
    await withHarness({ scenario: 'pull-error-stall' }, async (harness) => {
      const rollout = await deploy(harness, '9.9.9', loggingDefinition('9.9.9'))
      harness.advance(60)
      const [failed] = await tasksOf(harness, rollout.ours, 'STOPPED')
      expect(failed?.stopCode).toBe('TaskFailedToStart')
      await expect(
        read(harness, { stream: `ecs/app/${taskId(failed ?? {})}` })
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    })
  })

  it('denyLogs: every read is AccessDeniedException, whatever the scenario', async () => {
    await withHarness({ scenario: 'success', denyLogs: true }, async (harness) => {
      await expect(read(harness, { stream: 'ecs/app/0123' })).rejects.toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
        message:
          'User: arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:ecs/app/0123 because no identity-based policy allows the logs:GetLogEvents action'
      })
      expect(harness.emulator.calls.at(-1)).toMatchObject({
        service: 'logs',
        operation: 'GetLogEvents',
        error: 'AccessDeniedException'
      })
      // ECS itself is unaffected.
      expect((await harness.service()).status).toBe('ACTIVE')
    })
  })
})
