import { describe, expect, it } from '@jest/globals'
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs'
import { logLocation } from '../../src/rollout/logs.js'
import { deploymentsConsoleUrl, logStreamConsoleUrl } from '../../src/text/links.js'

const awslogs = (options: Record<string, string>): ContainerDefinition['logConfiguration'] => ({
  logDriver: 'awslogs',
  options: { 'awslogs-group': '/ecs/web', ...options }
})
const task: Task = {
  taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd',
  containers: [
    { name: 'envoy', exitCode: 0 },
    { name: 'app', exitCode: 1 }
  ]
}

describe('logLocation', () => {
  it('points at the stream of the container that failed', () => {
    const containers: ContainerDefinition[] = [
      { name: 'envoy', logConfiguration: awslogs({ 'awslogs-stream-prefix': 'ecs' }) },
      {
        name: 'app',
        logConfiguration: awslogs({ 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-west-1' })
      }
    ]
    expect(logLocation({ task, containers, defaultRegion: 'us-east-1' })).toEqual({
      container: 'app',
      region: 'eu-west-1',
      group: '/ecs/web',
      stream: 'ecs/app/0123abcd'
    })
  })

  it.each<[string, ContainerDefinition[], RegExp]>([
    [
      'no stream prefix',
      [{ name: 'app', logConfiguration: awslogs({}) }],
      /sets no awslogs-stream-prefix/
    ],
    [
      'another driver',
      [{ name: 'app', logConfiguration: { logDriver: 'splunk' } }],
      /no container .* awslogs/
    ]
  ])('says why there is no link: %s', (_name, containers, why) => {
    const location = logLocation({ task, containers, defaultRegion: 'us-east-1' })
    expect('why' in location && location.why).toMatch(why)
  })
})

describe('console links', () => {
  it('escape log group and stream the way the CloudWatch console does', () => {
    expect(
      logStreamConsoleUrl({ region: 'us-east-1', group: '/ecs/web', stream: 'ecs/app/0123abcd' })
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1' +
        '#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fapp$252F0123abcd'
    )
  })

  it('use the China console domain in China regions', () => {
    expect(deploymentsConsoleUrl({ region: 'cn-north-1', cluster: 'prod', service: 'web' })).toBe(
      'https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/services/web/deployments?region=cn-north-1'
    )
  })
})
