import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { codeDeployAdapter, createCodeDeployClient } from './aws/codedeploy.js'
import { createEcsClient, ecsAdapter } from './aws/ecs.js'
import { ecrAdapter } from './aws/ecr.js'
import { logsAdapter } from './aws/logs.js'
import { logStreamAdapter } from './aws/log-stream.js'
import { taskDefinitionsAdapter } from './aws/task-definitions.js'
import { tasksAdapter } from './aws/tasks.js'
import { systemClock } from './clock.js'
import { readWorkflowContext } from './github/actions-context.js'
import { octokitDeploymentsPort } from './github/octokit-deployments.js'
import { run } from './main.js'
import { writeRenderedFile } from './report/rendered-file.js'

// The runner sends SIGINT, then SIGTERM, when a job is cancelled: stop watching and report.
const cancellation = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cancellation.abort()
  })
}

await run({
  source: {
    getInput: (name) => core.getInput(name),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    env: process.env
  },
  readFile: (path) => readFile(path, 'utf8'),
  ecs: () => ecsAdapter(createEcsClient()),
  taskDefinitions: () => taskDefinitionsAdapter(createEcsClient()),
  tasks: () => tasksAdapter(createEcsClient()),
  codeDeploy: () => codeDeployAdapter(createCodeDeployClient()),
  logStream: () => logStreamAdapter(),
  logs: logsAdapter,
  ecr: ecrAdapter,
  writeRendered: (taskDefinition) =>
    writeRenderedFile(process.env.RUNNER_TEMP ?? tmpdir(), taskDefinition),
  clock: systemClock,
  github: {
    context: () => readWorkflowContext(),
    deployments: (token) => octokitDeploymentsPort({ token })
  },
  signal: cancellation.signal
})
