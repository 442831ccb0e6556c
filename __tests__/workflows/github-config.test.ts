// The repository's own GitHub configuration: the policies a schema cannot express.

import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const read = (path: string): unknown =>
  parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8'))

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string>
  run?: string
  env?: Record<string, string>
}
interface Job {
  permissions?: Record<string, string>
  env?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  permissions: Record<string, string>
  jobs: Record<string, Job>
}

const WORKFLOWS = readdirSync(fileURLToPath(new URL('../../.github/workflows', import.meta.url)))
  .filter((name) => name.endsWith('.yml'))
  .sort()
const workflow = (name: string): Workflow => read(`.github/workflows/${name}`) as Workflow

describe('workflows', () => {
  it('are ci, check-dist and codeql', () => {
    expect(WORKFLOWS).toEqual(['check-dist.yml', 'ci.yml', 'codeql.yml'])
  })

  it.each(WORKFLOWS)('%s gives the token read access to the contents only', (name) => {
    expect(workflow(name).permissions).toEqual({ contents: 'read' })
  })

  // CodeQL's build-mode none needs no Node.
  it.each(['ci.yml', 'check-dist.yml'])('%s takes Node from .node-version', (name) => {
    const setups = Object.values(workflow(name).jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith('actions/setup-node@') === true)
    expect(setups.length).toBeGreaterThan(0)
    for (const setup of setups) expect(setup.with?.['node-version-file']).toBe('.node-version')
  })

  it('codeql may write security events, in its job only', () => {
    const { analyze } = workflow('codeql.yml').jobs
    expect(analyze?.permissions).toMatchObject({ contents: 'read', 'security-events': 'write' })
    const init = analyze?.steps.find((step) => step.uses?.startsWith('github/codeql-action/init@'))
    expect(init?.with?.languages).toBe('javascript-typescript')
    // init and analyze on different commits fail at run time.
    const shas = analyze?.steps
      .filter((step) => step.uses?.startsWith('github/codeql-action/') === true)
      .map((step) => step.uses?.split('@')[1])
    expect(new Set(shas).size).toBe(1)
  })

  it('ci runs the action as a workflow step against the emulator and checks the verdict', () => {
    const e2e = workflow('ci.yml').jobs.e2e
    expect(e2e?.env).toMatchObject({
      AWS_ENDPOINT_URL_ECS: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:4566',
      ECS_ROLLOUT_TIME_SCALE: '200'
    })
    const start = e2e?.steps.find((step) => step.run?.includes('npm run emulator') === true)
    expect(start?.run).toContain('--scenario success --port 4566 --time-scale 200')
    const deploy = e2e?.steps.find((step) => step.id === 'deploy')
    expect(deploy).toMatchObject({
      uses: './',
      with: { 'task-definition': 'examples/task-definition.json', service: 'web', cluster: 'prod' }
    })
    const check = e2e?.steps.find(
      (step) => step.env?.VERDICT === '${{ steps.deploy.outputs.verdict }}'
    )
    expect(check?.run).toContain('"$VERDICT" != succeeded')
  })
})

describe('dependabot.yml', () => {
  interface Update {
    'package-ecosystem': string
    directory: string
    schedule: { interval: string }
    groups: Record<string, { patterns?: string[]; 'dependency-type'?: string }>
  }
  const config = read('.github/dependabot.yml') as { version: number; updates: Update[] }
  const update = (ecosystem: string): Update | undefined =>
    config.updates.find((u) => u['package-ecosystem'] === ecosystem)

  it('updates npm packages and the actions, weekly', () => {
    expect(config.version).toBe(2)
    expect(
      config.updates.map((u) => [u['package-ecosystem'], u.directory, u.schedule.interval])
    ).toEqual([
      ['npm', '/', 'weekly'],
      ['github-actions', '/', 'weekly']
    ])
  })

  it('groups the AWS SDK, the actions toolkit and the dev tooling', () => {
    const groups = update('npm')?.groups ?? {}
    expect(groups['aws-sdk']?.patterns).toEqual(expect.arrayContaining(['@aws-sdk/*', '@smithy/*']))
    expect(groups['actions-toolkit']?.patterns).toEqual(['@actions/core', '@actions/github'])
    expect(groups['dev-tooling']?.['dependency-type']).toBe('development')
    expect(update('github-actions')?.groups.actions?.patterns).toEqual(['*'])
  })
})
