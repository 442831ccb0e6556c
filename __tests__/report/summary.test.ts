import { afterEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { buildSummary, escapeHtml } from '../../src/report/summary.js'
import type { Outcome } from '../../src/report/outcome.js'

afterEach(() => {
  core.summary.emptyBuffer()
})

const outcome: Outcome = {
  cluster: 'prod',
  service: 'web',
  images: [{ container: 'app', image: 'registry/web:<b>2</b>' }],
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
  previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
  ref: {
    cluster: 'prod',
    service: 'web',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    deploymentId: 'ecs-svc/2',
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

describe('job summary', () => {
  it('escapes everything that comes from ECS or the user', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;'
    )
    const html = buildSummary(outcome).stringify()
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>2</b>')
    expect(html).toContain('&#60;script&#62;')
  })

  it('keeps log lines inside one HTML block: a blank line would let Markdown loose', () => {
    const html = buildSummary({
      ...outcome,
      log: {
        container: 'app',
        region: 'us-east-1',
        group: 'g',
        stream: 's',
        url: 'https://x',
        lines: ['a', '', '  ', '# b']
      }
    }).stringify()
    expect(html).toContain('<pre><code>a\n# b</code></pre>')
  })

  it('shows the verdict, the revision change, the duration and the grouped stopped reasons', () => {
    const html = buildSummary(outcome).stringify()
    expect(html).toContain('ECS Rollout: rolled-back')
    expect(html).toContain('web:1 → web:2')
    expect(html).toContain('42 s')
    expect(html).toContain('2 tasks: Essential container in task exited — app exit 1')
    expect(html).toContain(`href="${outcome.consoleUrl ?? ''}"`)
  })
})
