import { afterEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { escapeHtml } from '../../src/text/html.js'
import { buildSummary } from '../../src/report/summary.js'
import { runVerdict, type Outcome, type ServiceOutcome } from '../../src/report/outcome.js'
import { hostileText } from '../../emulator/hostile.js'

afterEach(() => {
  core.summary.emptyBuffer()
})

const web: ServiceOutcome = {
  service: 'web',
  ref: {
    cluster: 'prod',
    service: 'web',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    deploymentId: 'ecs-svc/2',
    startedAt: 0,
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
  },
  verdict: { kind: 'rolled-back', reason: 'breaker <script>alert(1)</script> | *bold*' },
  stoppedTasks: [
    {
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }]
    },
    {
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }]
    }
  ],
  timeline: [],
  durationMs: 42_400,
  consoleUrl:
    'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments'
}

const outcome: Outcome = {
  cluster: 'prod',
  images: [{ container: 'app', image: 'registry/web:<b>2</b>' }],
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
  previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
  services: [web]
}

/** The run with its one service changed. */
const withWeb = (changes: Partial<ServiceOutcome>, run: Partial<Outcome> = {}): Outcome => ({
  ...outcome,
  ...run,
  services: [{ ...web, ...changes }]
})

/** The summary, with the verdict derived as the action derives it. */
const summaryOf = (o: Outcome): string =>
  buildSummary(o, runVerdict(o, { onSuperseded: 'fail' })).stringify()

describe('job summary', () => {
  it('escapes everything that comes from ECS or the user', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;'
    )
    const html = summaryOf(outcome)
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>2</b>')
    expect(html).toContain('&#60;script&#62;')
  })

  it('keeps log lines inside one HTML block: a blank line would let Markdown loose', () => {
    const html = summaryOf(
      withWeb({
        log: {
          container: 'app',
          region: 'us-east-1',
          group: 'g',
          stream: 's',
          url: 'https://x',
          lines: ['a', '', '  ', '# b']
        }
      })
    )
    expect(html).toContain('<pre><code>a\n# b</code></pre>')
  })

  it('shows the verdict, the revision change, the duration and the grouped stopped reasons', () => {
    const html = summaryOf(outcome)
    expect(html).toContain('ECS Rollout: rolled-back')
    expect(html).toContain('web:1 → web:2')
    expect(html).toContain('42 s')
    expect(html).toContain('2 tasks: Essential container in task exited — app exit 1')
    expect(html).toContain(`href="${web.consoleUrl ?? ''}"`)
  })

  it('a passing verdict followed by an error is titled as a failure, with the error', () => {
    const failedAfter = summaryOf(
      withWeb(
        { verdict: { kind: 'succeeded', reason: 'Deployment ecs-svc/2 completed.' } },
        { error: 'Moving scheduled tasks failed at rule/default/nightly.' }
      )
    )
    expect(failedAfter).toContain('❌ ECS Rollout: succeeded, then an error')
    expect(failedAfter).toContain('Moving scheduled tasks failed at rule/default/nightly.')
    core.summary.emptyBuffer()
    const passed = summaryOf(
      withWeb({ verdict: { kind: 'succeeded', reason: 'Deployment ecs-svc/2 completed.' } })
    )
    expect(passed).toContain('✅ ECS Rollout: succeeded')
    expect(passed).not.toContain('then an error')
  })

  it('lets no HTML or Markdown from ECS, the logs or the user through, in any field', () => {
    const h = hostileText
    const task = {
      stoppedReason: `Essential container in task exited ${h}`,
      containers: [{ name: `app${h}`, exitCode: 1, reason: `OutOfMemoryError ${h}` }]
    }
    const service = (name: string): ServiceOutcome => ({
      service: name,
      verdict: { kind: 'failed', reason: `failed ${h}` },
      rollback: { method: 'ecs', state: 'failed', reason: `rollback ${h}` },
      stoppedTasks: [task],
      timeline: []
    })
    const run = {
      cluster: `prod${h}`,
      images: [{ container: `app${h}`, image: `web:${h}` }],
      imageDigests: { [`app${h}`]: `sha256:${h}` },
      diff: { from: `web:1${h}`, text: `--- a\n+++ b\n+  "command": "${h}"` },
      runTask: {
        outcome: 'failed' as const,
        passed: false,
        reason: `task failed ${h}`,
        taskArns: [],
        exitCode: 1,
        containers: [{ name: `migrate${h}`, essential: true, exitCode: 1, reason: `exit ${h}` }],
        lastLogLines: [`[migrate] ${h}`, h],
        elapsedMs: 1
      }
    }
    // One service: its details are the run's. Several: a table of them.
    const one = withWeb(
      {
        service: `web${h}`,
        verdict: { kind: 'rolled-back', reason: `breaker ${h}` },
        rollback: { method: 'ecs', state: 'requested', reason: `rolling back ${h}` },
        stoppedTasks: [task],
        timeline: [
          { afterMs: 0, text: `started ${h}` },
          { afterMs: 5000, text: `event ${h}` }
        ],
        consoleUrl: `javascript:alert(1)//${h}`,
        log: {
          container: `app${h}`,
          region: 'us-east-1',
          group: `/ecs/${h}`,
          stream: `ecs/app/${h}`,
          url: `https://console.example/#${encodeURIComponent(h)}`,
          lines: [h, `line ${h}`]
        }
      },
      run
    )
    const several: Outcome = {
      ...outcome,
      ...run,
      services: [service(`web${h}`), service('worker')]
    }
    for (const html of [summaryOf(one), (core.summary.emptyBuffer(), summaryOf(several))]) {
      // (A URL inside href is percent-encoded; `*` may stay there, inertly.)
      const text = html.replace(/href="[^"]*"/g, '')
      for (const raw of ['<img', '**x**', '| a |', '[link](', '`tick`', '\r'])
        expect(text).not.toContain(raw)
      // No blank line: the summary stays one HTML block, so no Markdown is read in it.
      expect(html.split('\n').filter((line) => line.trim() === '')).toEqual([''])
      expect(html.endsWith('\n')).toBe(true)
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
    }
    // The only links are https ones we built; the hostile console URL shows as text.
    core.summary.emptyBuffer()
    const links = summaryOf(one).match(/<a [^>]*>/g) ?? []
    expect(links).toHaveLength(1)
    expect(links[0]).toMatch(/^<a href="https:\/\/console\.example\/#[^"<>]*">$/)
  })

  it('stays well-formed when the run task never started: its reason in the table, no empty section', () => {
    const html = summaryOf({
      ...outcome,
      services: [],
      runTask: {
        outcome: 'failed',
        passed: false,
        reason: 'RunTask placed no task: RESOURCE:MEMORY.',
        taskArns: [],
        exitCode: undefined,
        containers: [],
        lastLogLines: [],
        elapsedMs: 1
      }
    })
    expect(html).toContain('<th>Reason</th><td>RunTask placed no task: RESOURCE:MEMORY.</td>')
    expect(html).not.toContain('<h3>Run task</h3>')
    expect(html).not.toMatch(/<ul>\s*<\/ul>|<ul>\s*$/)
    for (const tag of ['ul', 'table', 'p', 'h3']) {
      expect([tag, html.split(`<${tag}>`).length]).toEqual([tag, html.split(`</${tag}>`).length])
    }
  })
})
