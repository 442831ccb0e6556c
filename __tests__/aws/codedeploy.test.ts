import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { codeDeployAdapter, createCodeDeployClient } from '../../src/aws/codedeploy.js'

const mock = mockClient(CodeDeployClient)
const codeDeploy = codeDeployAdapter(new CodeDeployClient({ region: 'us-east-1' }))

beforeEach(() => {
  mock.reset()
})

describe('CodeDeploy adapter', () => {
  it('creates an AppSpecContent deployment, with description and config only when given', async () => {
    mock.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-ABC' })
    const base = {
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web',
      appSpec: { content: '{}', sha256: 'abc' }
    }
    expect(await codeDeploy.createDeployment(base)).toBe('d-ABC')
    await codeDeploy.createDeployment({
      ...base,
      description: 'x',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce'
    })
    const revision = {
      revisionType: 'AppSpecContent',
      appSpecContent: { content: '{}', sha256: 'abc' }
    }
    expect(mock.commandCalls(CreateDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { applicationName: 'AppECS-prod-web', deploymentGroupName: 'DgpECS-prod-web', revision },
      {
        applicationName: 'AppECS-prod-web',
        deploymentGroupName: 'DgpECS-prod-web',
        revision,
        description: 'x',
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce'
      }
    ])
  })

  it('follows ListDeploymentTargets pages, then reads the targets in one batch', async () => {
    mock
      .on(ListDeploymentTargetsCommand, { deploymentId: 'd-ABC' })
      .resolvesOnce({ targetIds: ['prod:web'], nextToken: 't1' })
      .resolvesOnce({ targetIds: [] })
    mock.on(BatchGetDeploymentTargetsCommand).resolves({
      deploymentTargets: [
        { deploymentTargetType: 'ECSTarget', ecsTarget: { targetId: 'prod:web' } }
      ]
    })
    expect(await codeDeploy.listDeploymentTargets('d-ABC')).toEqual(['prod:web'])
    expect(mock.commandCalls(ListDeploymentTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { deploymentId: 'd-ABC' },
      { deploymentId: 'd-ABC', nextToken: 't1' }
    ])
    expect(
      await codeDeploy.batchGetDeploymentTargets({ deploymentId: 'd-ABC', targetIds: ['prod:web'] })
    ).toEqual([{ deploymentTargetType: 'ECSTarget', ecsTarget: { targetId: 'prod:web' } }])
  })

  it('asks StopDeployment for the rollback', async () => {
    mock.on(StopDeploymentCommand).resolves({ status: 'Pending', statusMessage: 'Stopping' })
    expect(
      await codeDeploy.stopDeployment({ deploymentId: 'd-ABC', autoRollbackEnabled: true })
    ).toEqual({
      status: 'Pending',
      statusMessage: 'Stopping'
    })
    expect(mock.commandCalls(StopDeploymentCommand)[0]?.args[0].input).toEqual({
      deploymentId: 'd-ABC',
      autoRollbackEnabled: true
    })
  })

  it('builds its client with our user agent and 5 attempts', async () => {
    const client = createCodeDeployClient()
    expect(await client.config.maxAttempts()).toBe(5)
    expect(client.config.customUserAgent).toEqual([['ecs-rollout']])
  })
})
