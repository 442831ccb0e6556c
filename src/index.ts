import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { configureAwsClients } from './aws/client-config.js'
import { emulatorTimeScale, systemClock } from './clock.js'
import { inputFileReader } from './input/file.js'
import {
  CODEDEPLOY_METHODS,
  ECR_METHODS,
  ECS_METHODS,
  EVENTBRIDGE_METHODS,
  GITHUB_DEPLOYMENTS_METHODS,
  LOG_STREAM_METHODS,
  LOGS_METHODS,
  SCHEDULER_METHODS,
  TASK_DEFINITIONS_METHODS,
  TASK_METHODS
} from './run/port-methods.js'
import { lazyPort } from './lazy.js'
import { run } from './main.js'
import { writeRenderedFile } from './report/rendered-file.js'

// The runner sends SIGINT, then SIGTERM, when a job is cancelled: stop watching and report.
const cancellation = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cancellation.abort()
  })
}

// Against the local emulator time may run faster: the one clock of the run and the AWS timeouts
// both follow it. Anywhere else the scale is 1.
const timeScale = emulatorTimeScale(process.env)
configureAwsClients({ timeScale })

const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()

await run({
  source: {
    getInput: (name) => core.getInput(name),
    workspace,
    env: process.env
  },
  // The one safe reader of file inputs: inside the workspace or RUNNER_TEMP, links included.
  readFile: inputFileReader({ workspace, temp: process.env.RUNNER_TEMP }),
  // Each client is imported when first called (src/lazy.ts): the bundle's chunks load on demand.
  ecs: () =>
    lazyPort(ECS_METHODS, async () => {
      const { createEcsClient, ecsAdapter } = await import('./aws/ecs.js')
      return ecsAdapter(createEcsClient())
    }),
  taskDefinitions: () =>
    lazyPort(TASK_DEFINITIONS_METHODS, async () => {
      const [{ createEcsClient }, { taskDefinitionsAdapter }] = await Promise.all([
        import('./aws/ecs.js'),
        import('./aws/task-definitions.js')
      ])
      return taskDefinitionsAdapter(createEcsClient())
    }),
  tasks: () =>
    lazyPort(TASK_METHODS, async () => {
      const [{ createEcsClient }, { tasksAdapter }] = await Promise.all([
        import('./aws/ecs.js'),
        import('./aws/tasks.js')
      ])
      return tasksAdapter(createEcsClient())
    }),
  codeDeploy: () =>
    lazyPort(CODEDEPLOY_METHODS, async () => {
      const { codeDeployAdapter, createCodeDeployClient } = await import('./aws/codedeploy.js')
      return codeDeployAdapter(createCodeDeployClient())
    }),
  logStream: () =>
    lazyPort(LOG_STREAM_METHODS, async () =>
      (await import('./aws/log-stream.js')).logStreamAdapter()
    ),
  eventBridge: () =>
    lazyPort(EVENTBRIDGE_METHODS, async () => {
      const { createEventBridgeClient, eventBridgeAdapter } = await import('./aws/eventbridge.js')
      return eventBridgeAdapter(createEventBridgeClient())
    }),
  scheduler: () =>
    lazyPort(SCHEDULER_METHODS, async () => {
      const { createSchedulerClient, schedulerAdapter } = await import('./aws/scheduler.js')
      return schedulerAdapter(createSchedulerClient())
    }),
  logs: () => lazyPort(LOGS_METHODS, async () => (await import('./aws/logs.js')).logsAdapter()),
  ecr: () => lazyPort(ECR_METHODS, async () => (await import('./aws/ecr.js')).ecrAdapter()),
  writeRendered: (taskDefinition) =>
    writeRenderedFile(process.env.RUNNER_TEMP ?? tmpdir(), taskDefinition),
  clock: systemClock(timeScale),
  github: {
    context: async () => (await import('./github/actions-context.js')).readWorkflowContext(),
    deployments: (token) =>
      lazyPort(GITHUB_DEPLOYMENTS_METHODS, async () =>
        (await import('./github/octokit-deployments.js')).octokitDeploymentsPort({ token })
      )
  },
  signal: cancellation.signal
})

// The run is over and reported. Nothing it left behind (a connection a misbehaving endpoint holds
// open) may keep the step alive; the log drains well within the second.
setTimeout(() => {
  process.exit()
}, 1_000).unref()
