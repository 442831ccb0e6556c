/**
 * Deploy modes end to end: the run-task migration gate, native blue/green stages, deregistration,
 * and traceability through GitHub (revision tags and deployment statuses).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github.js'
import {
  closeEmulators,
  deploy,
  DEPLOY,
  errorLines,
  expectExit,
  FILES,
  GITHUB_ENV,
  operations,
  runAgain,
  TASK_DEFINITION,
  warningLines
} from '../../__fixtures__/e2e.js'

const fakes: FakeGitHub[] = []
afterEach(async () => {
  await closeEmulators()
  await Promise.all(fakes.splice(0).map((f) => f.close()))
})

const MIGRATE: Record<string, string> = {
  ...DEPLOY,
  'run-task': 'true',
  'run-task-command': 'npm run migrate -- --to latest',
  'run-task-subnets': 'subnet-0123456789abcdef0',
  'run-task-security-groups': 'sg-0123456789abcdef0'
}

/** The example task definition plus a non-essential log-shipping sidecar. */
const WITH_SIDECAR = (() => {
  const td = JSON.parse(TASK_DEFINITION) as { containerDefinitions: Record<string, unknown>[] }
  const [app] = td.containerDefinitions
  td.containerDefinitions.push({
    name: 'log-router',
    image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    essential: false,
    logConfiguration: app?.logConfiguration
  })
  return { '.aws/task-definition.json': JSON.stringify(td) }
})()

describe('run-task: a migration gate before the service update', () => {
  it('success: runs the task, streams its log lines, then updates the service', async () => {
    const run = await deploy('success', {
      inputs: MIGRATE,
      emulator: {
        runTasks: {
          containers: { app: { logLines: ['Applying 0042_add_orders', 'Migrations done'] } }
        }
      }
    })
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService'])
    const runTask = run.emulator.mutatingCalls()[1]?.input
    expect(runTask).toMatchObject({
      cluster: 'prod',
      taskDefinition: run.outputs['task-definition-arn'],
      overrides: {
        containerOverrides: [
          { name: 'app', command: ['npm', 'run', 'migrate', '--', '--to', 'latest'] }
        ]
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0123456789abcdef0'],
          securityGroups: ['sg-0123456789abcdef0']
        }
      }
    })
    // Each log line once, while the task runs, before the service is touched.
    expect(run.log.match(/\[app\] Applying 0042_add_orders/g)).toHaveLength(1)
    expect(run.log.indexOf('Migrations done')).toBeLessThan(
      run.log.indexOf('::group::Update service')
    )
    expect(JSON.parse(run.outputs['run-task-arn'] ?? '[]')).toEqual([
      expect.stringMatching(/:task\/prod\//)
    ])
    expect(run.outputs['run-task-exit-code']).toBe('0')
    expect(run.outputs.verdict).toBe('succeeded')
  })

  it('migration failure: shows exit code and log lines, and never touches the service', async () => {
    const run = await deploy('success', {
      inputs: MIGRATE,
      emulator: {
        runTasks: {
          containers: {
            app: {
              exitCode: 3,
              logLines: ['Applying 0042_add_orders', 'ERROR: relation "orders" exists']
            }
          }
        }
      }
    })
    expectExit(run, 1)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'RunTask'])
    expect(run.outputs['run-task-exit-code']).toBe('3')
    expect(run.outputs.verdict).toBe('failed')
    const [error] = errorLines(run.log)
    expect(error).toMatch(/container app exited 3/)
    expect(error).toMatch(/The service was not updated/)
    expect(run.log).toContain('ERROR: relation "orders" exists')
    expect(run.summary).toContain('app: exit 3')
  })

  it('a non-essential sidecar exiting 1 does not fail the gate', async () => {
    const run = await deploy('success', {
      inputs: MIGRATE,
      files: WITH_SIDECAR,
      emulator: {
        runTasks: {
          containers: { app: { runSeconds: 8 }, 'log-router': { exitCode: 1, runSeconds: 2 } }
        }
      }
    })
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService'])
    expect(run.outputs['run-task-exit-code']).toBe('0')
    expect(run.log).toMatch(/log-router/)
  })

  it('a task whose image cannot be pulled fails the gate', async () => {
    const run = await deploy('success', {
      inputs: MIGRATE,
      emulator: { runTasks: { containers: { app: { cannotPull: true } } } }
    })
    expectExit(run, 1)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'RunTask'])
    expect(errorLines(run.log).join('\n')).toMatch(
      /CannotPullContainerError|never started|TaskFailedToStart/
    )
  })
})

describe('native blue/green', () => {
  it('wait-until-stage passes once the deployment reaches it, before ECS finishes', async () => {
    const run = await deploy('blue-green', {
      inputs: { ...DEPLOY, 'wait-until-stage': 'BAKE_TIME' }
    })
    expectExit(run, 0)
    expect(run.outputs.verdict).toBe('succeeded')
    expect(run.log).toMatch(/Stage: TEST_TRAFFIC_SHIFT/)
    expect(run.log).toMatch(/Production traffic: 100% new/)
    expect(run.log).toMatch(/reached stage BAKE_TIME/)
    // BAKE_TIME with a bake time holds the stage itself: no "nothing holds" warning.
    expect(run.log).not.toMatch(/nothing holds/)
    // The emulator had not finished our deployment when the step passed.
    const ours = run.outputs['service-deployment-arn'] ?? 'missing'
    expect(ours).toMatch(/:service-deployment\//)
    const finished = run.emulator.timeline.filter(
      (t) => t.what.startsWith('service-deployment SUCCESSFUL') && t.what.includes(ours)
    )
    const lastCall = Math.max(...run.emulator.calls.map((c) => c.virtualTime))
    expect(finished.every((t) => t.virtualTime > lastCall)).toBe(true)
  })

  it('a rollback during the bake fails the step as rolled-back', async () => {
    const run = await deploy('blue-green-rollback')
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(run.log).toMatch(/Stage: BAKE_TIME/)
  })

  it('a rollback before the stage asked for fails it', async () => {
    const run = await deploy('blue-green-rollback', {
      inputs: { ...DEPLOY, 'wait-until-stage': 'CLEAN_UP' }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
  })
})

describe('lifecycle hooks', () => {
  it('a hook waiting for action is reported in plain words, and the deadline names it', async () => {
    const run = await deploy('blue-green-hook', { inputs: { ...DEPLOY, 'wait-for-minutes': '3' } })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('timed-out')
    expect(run.log).toMatch(
      /::warning::.*waiting for someone to continue.*aws ecs continue-service-deployment/
    )
    expect(errorLines(run.log).join('\n')).toMatch(/hook/i)
  })

  it('wait-until-stage at a stage a PAUSE hook holds: passes there while production traffic waits', async () => {
    const run = await deploy('blue-green-hook', {
      inputs: { ...DEPLOY, 'wait-until-stage': 'POST_TEST_TRAFFIC_SHIFT' }
    })
    expectExit(run, 0)
    expect(run.outputs.verdict).toBe('succeeded')
    expect(run.log).toMatch(/reached stage POST_TEST_TRAFFIC_SHIFT/)
    expect(run.log).not.toMatch(/Production traffic: 100% new/)
    expect(run.log).not.toMatch(/nothing holds/)
  })

  it('wait-until-stage at a stage nothing holds: a warning says the step passes late', async () => {
    const run = await deploy('blue-green', {
      inputs: { ...DEPLOY, 'wait-until-stage': 'POST_TEST_TRAFFIC_SHIFT' }
    })
    expectExit(run, 0)
    expect(warningLines(run.log).join('\n')).toMatch(
      /wait-until-stage POST_TEST_TRAFFIC_SHIFT: nothing holds service web's deployments at that stage/
    )
  })

  it('wait-until-stage on a rolling service warns and watches the whole deployment', async () => {
    const run = await deploy('success', { inputs: { ...DEPLOY, 'wait-until-stage': 'BAKE_TIME' } })
    expectExit(run, 0)
    expect(run.log).toMatch(/::warning::wait-until-stage applies to BLUE_GREEN/)
  })
})

describe('deregister-previous', () => {
  it('after success keeps the newest N revisions and deregisters the rest', async () => {
    const first = await deploy('success', {
      inputs: { ...DEPLOY, image: DEPLOY.image?.replace('2.0.0', '1.1.0') ?? '' }
    })
    expectExit(first, 0)
    expectExit(
      await runAgain(first.emulator, {
        ...DEPLOY,
        image: DEPLOY.image?.replace('2.0.0', '1.2.0') ?? ''
      }),
      0
    )
    const last = await runAgain(first.emulator, { ...DEPLOY, 'deregister-previous': '2' })
    expectExit(last, 0)
    const deregistered = first.emulator
      .mutatingCalls()
      .filter((c) => c.operation === 'DeregisterTaskDefinition')
      .map((c) => (c.input as { taskDefinition: string }).taskDefinition.replace(/^.*\//, ''))
    // web:4 is new, web:3 the one kept; web:2 and the seeded web:1 go.
    expect(deregistered.sort()).toEqual(['web:1', 'web:2'])
    expect(last.log).toMatch(/Deregistered web:2/)
    // The output and the summary list them too.
    const listed = JSON.parse(last.outputs['deregistered-task-definition-arns'] ?? '[]') as string[]
    expect(listed.map((arn) => arn.replace(/^.*\//, '')).sort()).toEqual(['web:1', 'web:2'])
    expect(last.summary).toMatch(/<th>Deregistered<\/th><td>web:[12], web:[12]<\/td>/)
  })

  it('does nothing after a failed deploy', async () => {
    // A first deploy leaves web:1 running nowhere, so a deregistration would have something to do.
    const first = await deploy('success', {
      inputs: { ...DEPLOY, image: DEPLOY.image?.replace('2.0.0', '1.1.0') ?? '' }
    })
    expectExit(first, 0)
    first.emulator.setScenario('circuit-breaker-rollback')
    const run = await runAgain(first.emulator, { ...DEPLOY, 'deregister-previous': '1' })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(operations(first.emulator)).not.toContain('DeregisterTaskDefinition')
  })
})

describe('traceability through GitHub', () => {
  it('tags the registered revision with the repository, commit, run and ref', async () => {
    const run = await deploy('success', { env: GITHUB_ENV })
    expectExit(run, 0)
    const register = run.emulator.mutatingCalls()[0]?.input as { tags?: unknown[] }
    expect(register.tags).toEqual(
      expect.arrayContaining([
        { key: 'github:repository', value: 'acme/shop' },
        { key: 'github:sha', value: GITHUB_ENV.GITHUB_SHA },
        { key: 'github:ref', value: 'refs/heads/main' },
        { key: 'github:run-url', value: expect.stringContaining('/acme/shop/actions/runs/4242') }
      ])
    )
    // Provenance is not content: the same content from another commit registers nothing.
    const again = await runAgain(run.emulator, DEPLOY)
    expectExit(again, 0)
    expect(again.outputs.verdict).toBe('unchanged')
  })

  it('tag-with-github-context: false registers without them', async () => {
    const run = await deploy('success', {
      env: GITHUB_ENV,
      inputs: { ...DEPLOY, 'tag-with-github-context': 'false' }
    })
    expectExit(run, 0)
    const register = run.emulator.mutatingCalls()[0]?.input as { tags?: unknown[] }
    expect(JSON.stringify(register.tags ?? [])).not.toContain('github:')
  })

  it('github-deployment records in_progress then success, with the run link', async () => {
    const github = await startFakeGitHub({ token: 'ghs_example' })
    fakes.push(github)
    const run = await deploy('success', {
      env: { ...GITHUB_ENV, GITHUB_API_URL: github.url },
      inputs: {
        ...DEPLOY,
        'github-deployment': 'true',
        'github-token': 'ghs_example',
        environment: 'production',
        'environment-url': 'https://shop.example.com'
      }
    })
    expectExit(run, 0)
    // Only the mask command names the token; the runner hides it everywhere else.
    const leaks = run.log.split('\n').filter((l) => l.includes('ghs_example'))
    expect(leaks).toEqual(['::add-mask::ghs_example'])
    const [deployment] = github.deployments
    expect(deployment).toMatchObject({ ref: GITHUB_ENV.GITHUB_SHA, environment: 'production' })
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(deployment?.statuses[1]).toMatchObject({
      environmentUrl: 'https://shop.example.com',
      logUrl: expect.stringContaining('/actions/runs/4242')
    })
  })

  it('a failed rollout marks the GitHub deployment failure; a GitHub error is only a warning', async () => {
    const github = await startFakeGitHub()
    fakes.push(github)
    const inputs = {
      ...DEPLOY,
      'github-deployment': 'true',
      'github-token': 'ghs_example',
      environment: 'staging'
    }
    const env = { ...GITHUB_ENV, GITHUB_API_URL: github.url }
    const failed = await deploy('circuit-breaker-rollback', { env, inputs })
    expectExit(failed, 1)
    expect(github.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure'])

    github.fail('deployments', { status: 403 })
    const denied = await deploy('success', { env, inputs, files: FILES })
    expectExit(denied, 0)
    expect(denied.log).toMatch(/::warning::.*403.*deployments: write/)
  })
})

const APPSPEC = readFileSync(
  fileURLToPath(new URL('../../examples/appspec.yaml', import.meta.url)),
  'utf8'
)

describe('CodeDeploy blue/green', () => {
  const files = { ...FILES, 'appspec.yaml': APPSPEC }

  it('creates the deployment from the AppSpec with the new revision and passes when it succeeds', async () => {
    const run = await deploy('success', { files, emulator: { codeDeploy: { outcome: 'success' } } })
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual(['RegisterTaskDefinition', 'CreateDeployment'])
    const create = run.emulator.mutatingCalls()[1]?.input as {
      applicationName: string
      deploymentGroupName: string
      revision: { appSpecContent: { content: string } }
    }
    expect(create).toMatchObject({
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web'
    })
    expect(create.revision.appSpecContent.content).toContain(run.outputs['task-definition-arn'])
    expect(run.outputs['codedeploy-deployment-id']).toMatch(/^d-[A-Z0-9]+$/)
    expect(run.outputs.verdict).toBe('succeeded')
    expect(run.log).toMatch(/AllowTraffic/)
  })

  it('a rollback fails the step as rolled-back, naming the lifecycle event', async () => {
    const run = await deploy('success', {
      files,
      emulator: { codeDeploy: { outcome: 'rollback' } }
    })
    expectExit(run, 1)
    expect(run.outputs.verdict).toBe('rolled-back')
    expect(errorLines(run.log).join('\n')).toMatch(/AfterAllowTestTraffic/)
    // Said once (the error annotation), without repeating the lifecycle event.
    const reason = run.outputs.reason ?? ''
    expect(run.log.split(reason).length - 1).toBe(1)
    expect(reason.match(/AfterAllowTestTraffic/g)).toHaveLength(1)
    // The console link is CodeDeploy's, and says so.
    expect(run.summary).toMatch(
      /codedeploy\/deployments\/d-[A-Z0-9]+\?region=us-east-1">The deployment in the CodeDeploy console</
    )
    expect(run.summary).not.toContain('ECS console')
  })

  it('a missing AppSpec is an input error before anything is registered', async () => {
    const run = await deploy('success', { emulator: { codeDeploy: { outcome: 'success' } } })
    expectExit(run, 1)
    expect(errorLines(run.log).join('\n')).toMatch(
      /Input "codedeploy-appspec" names file appspec.yaml, which does not exist/
    )
    expect(operations(run.emulator)).toEqual([])
  })

  it('an AppSpec the workflow names is read and checked before any AWS call', async () => {
    const run = await deploy('success', {
      inputs: { ...DEPLOY, 'codedeploy-appspec': 'deploy/appspec.yaml' },
      files: { ...FILES, 'deploy/appspec.yaml': 'version: 0.0\nResources: [unclosed' }
    })
    expectExit(run, 1)
    expect(errorLines(run.log).join('\n')).toMatch(/deploy\/appspec\.yaml/)
    // Not even DescribeServices: the file's mistake is found first.
    expect(run.emulator.calls).toEqual([])
  })

  it('reads the deployment group waits even when they are missing', async () => {
    const run = await deploy('success', {
      files,
      emulator: { codeDeploy: { outcome: 'success', omitWaitOptions: true } }
    })
    expectExit(run, 0)
  })
})
