import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { createEcsClient, ecsAdapter } from './aws/ecs.js'
import { ecrAdapter } from './aws/ecr.js'
import { logsAdapter } from './aws/logs.js'
import { systemClock } from './clock.js'
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
  logs: logsAdapter,
  ecr: ecrAdapter,
  writeRendered: (taskDefinition) =>
    writeRenderedFile(process.env.RUNNER_TEMP ?? tmpdir(), taskDefinition),
  clock: systemClock,
  signal: cancellation.signal
})
