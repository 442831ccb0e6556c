import * as core from '@actions/core'
import { familyRevision } from '../rollout/names.js'
import { formatStoppedGroup, groupStoppedReasons } from '../rollout/stopped-tasks.js'
import type { Outcome } from './outcome.js'

const ICON: Record<string, string> = {
  succeeded: '✅',
  'rolled-back': '⏪',
  failed: '❌',
  superseded: '⏭️',
  'timed-out': '⌛',
  cancelled: '🚫'
}

/** Everything from ECS or the user is escaped: the summary is HTML inside Markdown. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|*_[\]\\]/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function buildSummary(outcome: Outcome): typeof core.summary {
  const verdict = outcome.verdict
  const title = verdict
    ? `${ICON[verdict.kind] ?? ''} ECS Rollout: ${verdict.kind}`
    : 'ECS Rollout: registered'
  const rows: [string, string | undefined][] = [
    ['Cluster', outcome.cluster],
    ['Service', outcome.service],
    [
      'Task definition',
      outcome.ref?.previousTaskDefinitionArn
        ? `${familyRevision(outcome.ref.previousTaskDefinitionArn)} → ${familyRevision(outcome.taskDefinitionArn)}`
        : outcome.taskDefinitionArn && familyRevision(outcome.taskDefinitionArn)
    ],
    ['Images', outcome.images.map((i) => `${i.container}: ${i.image}`).join('\n') || undefined],
    ['Deployment', outcome.ref?.deploymentId],
    ['Verdict', verdict?.kind],
    ['Reason', verdict?.reason],
    [
      'Duration',
      outcome.durationMs === undefined ? undefined : `${Math.round(outcome.durationMs / 1000)} s`
    ]
  ]
  const summary = core.summary
    .addHeading(escapeHtml(title), 2)
    .addTable(
      rows
        .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
        .map(([name, value]) => [
          { data: name, header: true },
          escapeHtml(value).replace(/\n/g, '<br>')
        ])
    )
  const groups = groupStoppedReasons(outcome.stoppedTasks)
  if (groups.length > 0) {
    summary
      .addHeading('Why tasks stopped', 3)
      .addList(groups.map((g) => escapeHtml(formatStoppedGroup(g))))
  }
  if (outcome.consoleUrl) summary.addLink('Deployments in the ECS console', outcome.consoleUrl)
  return summary
}

export async function writeSummary(outcome: Outcome): Promise<void> {
  // core.summary.write() throws without GITHUB_STEP_SUMMARY (e.g. a local run): skip it there.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await buildSummary(outcome).write()
}
