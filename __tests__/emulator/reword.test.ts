import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs'

import { rewordText } from '../../emulator/index.js'
import { loggingDefinition, stepUntil, tasksOf, withHarness, type Harness } from './harness.js'
import { deploy, sequence, observeUntil } from './observe.js'

/** Words a client might match on; none may survive the rewording. */
const KEYWORDS =
  /circuit|breaker|rolling|alarm|health|fail|unable|place|CannotPull|Error|essential|exited|steady|started|stopped|scaling|completed|progress/i

describe('rewordText', () => {
  it('keeps ids, numbers and reference groups, and fills the rest deterministically', () => {
    const text =
      '(service web) (deployment ecs-svc/7419115625193919142) deployment failed: tasks failed to start.'
    const reworded = rewordText(text)
    expect(reworded).toContain('(deployment ecs-svc/7419115625193919142)')
    expect(reworded).not.toMatch(KEYWORDS)
    expect(reworded).not.toContain('web')
    expect(rewordText(text)).toBe(reworded)

    const pull = rewordText(
      'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:9.9.9: not found'
    )
    expect(pull).toContain(' 7 ')
    expect(pull).toContain('123456789012.dkr.ecr.us-east-1.amazonaws.com/web:9.9.9:')
    expect(pull).not.toMatch(KEYWORDS)

    const elb = rewordText(
      '(service web) (task 0123456789abcdef0123456789abcdef) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef) due to (reason Health checks failed).'
    )
    expect(elb).toContain('(task 0123456789abcdef0123456789abcdef)')
    expect(elb).toContain('(port 8080)')
    expect(elb).toContain(
      '(target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef)'
    )
    expect(elb).not.toMatch(KEYWORDS)
    expect(rewordText('')).toBe('')
  })
})

async function everyText(harness: Harness, ours: string): Promise<string[]> {
  const service = await harness.service()
  const tasks = [
    ...(await tasksOf(harness, ours, 'STOPPED')),
    ...(await tasksOf(harness, ours, 'RUNNING'))
  ]
  const listed = await harness.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
  )
  const serviceDeployments = await Promise.all(
    (listed.serviceDeployments ?? []).map((brief) =>
      harness.serviceDeployment(brief.serviceDeploymentArn ?? '')
    )
  )
  return [
    ...(service.events ?? []).map((event) => event.message ?? ''),
    ...(service.deployments ?? []).map((deployment) => deployment.rolloutStateReason ?? ''),
    ...tasks.flatMap((task) => [
      task.stoppedReason ?? '',
      ...(task.containers ?? []).map((container) => container.reason ?? '')
    ]),
    ...(listed.serviceDeployments ?? []).map((brief) => brief.statusReason ?? ''),
    ...serviceDeployments.flatMap((sd) => [sd.statusReason ?? '', sd.rollback?.reason ?? ''])
  ].filter((text) => text !== '')
}

describe('option rewordTexts', () => {
  it('a circuit-breaker rollback: the same structure, texts with only ids and numbers', async () => {
    const run = async (rewordTexts: boolean) => {
      let texts: string[] = []
      let history: string[] = []
      let rollbackRevision: string | undefined
      await withHarness({ scenario: 'circuit-breaker-rollback', rewordTexts }, async (harness) => {
        const rollout = await deploy(harness, '1.1.0')
        const changes = await observeUntil(harness, rollout, 'ROLLBACK_SUCCESSFUL')
        history = sequence(changes, (s) => `${s.serviceDeployment} ${s.breaker}`)
        texts = await everyText(harness, rollout.ours)
        const sd = await harness.serviceDeployment(rollout.serviceDeploymentArn)
        rollbackRevision = sd.rollback?.serviceRevisionArn
        const crashed = (await tasksOf(harness, rollout.ours, 'STOPPED')).filter(
          (task) => task.stopCode === 'EssentialContainerExited'
        )
        expect(crashed.length).toBeGreaterThanOrEqual(3)
        expect(crashed[0]?.containers?.[0]?.exitCode).toBe(1)
        if (rewordTexts) {
          // The rollback's target is still named by id in the reworded reason.
          expect(sd.rollback?.reason).toContain(rollout.previous)
          expect(texts.some((text) => text.includes(`(deployment ${rollout.ours})`))).toBe(true)
        }
      })
      return { texts, history, rollbackRevision }
    }
    const normal = await run(false)
    const reworded = await run(true)
    expect(reworded.history).toEqual(normal.history)
    expect(reworded.rollbackRevision).toBe(normal.rollbackRevision)
    expect(normal.texts.some((text) => KEYWORDS.test(text))).toBe(true)
    expect(reworded.texts.length).toBe(normal.texts.length)
    for (const text of reworded.texts) expect(text).not.toMatch(KEYWORDS)
  })

  it('pull errors and placement events lose their words; log lines stay as they are', async () => {
    await withHarness({ scenario: 'pull-error-stall', rewordTexts: true }, async (harness) => {
      const rollout = await deploy(harness, '9.9.9', loggingDefinition('9.9.9'))
      await stepUntil(
        harness,
        async () =>
          (await harness.service()).events?.some((event) => event.message?.includes('9.9.9')) ===
          true
            ? true
            : undefined,
        { step: 10, limit: 400 }
      )
      const [failed] = await tasksOf(harness, rollout.ours, 'STOPPED')
      expect(failed?.stopCode).toBe('TaskFailedToStart')
      expect(failed?.stoppedReason).toContain('web:9.9.9')
      expect(failed?.stoppedReason).not.toMatch(KEYWORDS)
      expect(failed?.containers?.[0]?.reason).not.toMatch(KEYWORDS)
      for (const text of await everyText(harness, rollout.ours)) expect(text).not.toMatch(KEYWORDS)

      // CloudWatch Logs is not ECS: the app's own lines are what it printed.
      const seeded = await harness.ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
      )
      expect(seeded.serviceDeployments?.length).toBe(2)
      const [running] = await tasksOf(harness, rollout.previous, 'RUNNING')
      const logs = await harness.logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/web',
          logStreamName: `ecs/app/${running?.taskArn?.split('/').pop() ?? ''}`,
          startFromHead: true
        })
      )
      expect(logs.events?.[0]?.message).toBe('Starting server (NODE_ENV=production)')
    })
  })
})
