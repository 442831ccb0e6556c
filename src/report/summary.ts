import * as core from '@actions/core'
import { elapsed } from '../rollout/progress.js'
import { familyRevision } from '../rollout/names.js'
import { formatStoppedGroup, groupStoppedReasons } from '../rollout/stopped-tasks.js'
import type { Outcome } from './outcome.js'

const ICON: Record<string, string> = {
  succeeded: '✅',
  unchanged: '✅',
  'rolled-back': '⏪',
  failed: '❌',
  superseded: '⏭️',
  'timed-out': '⌛',
  cancelled: '🚫'
}

/**
 * Everything from ECS or the user is escaped. The summary is written as HTML blocks, in which
 * Markdown is not interpreted, as long as no blank line ends the block early.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const MAX_TIMELINE_ROWS = 40

/** Escaped lines for a code block, without blank ones: a blank line would end the HTML block. */
function codeLines(lines: readonly string[]): string {
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => escapeHtml(line))
    .join('\n')
}

export function buildSummary(outcome: Outcome): typeof core.summary {
  const verdict = outcome.verdict
  const title = verdict
    ? `${ICON[verdict.kind] ?? ''} ECS Rollout: ${verdict.kind}`
    : 'ECS Rollout: registered'
  const revisions =
    outcome.previousTaskDefinitionArn &&
    outcome.taskDefinitionArn !== outcome.previousTaskDefinitionArn
      ? `${familyRevision(outcome.previousTaskDefinitionArn)} → ${familyRevision(outcome.taskDefinitionArn)}`
      : outcome.taskDefinitionArn && familyRevision(outcome.taskDefinitionArn)
  const rows: [string, string | undefined][] = [
    ['Cluster', outcome.cluster],
    ['Service', outcome.service],
    ['Task definition', revisions],
    ['Images', outcome.images.map((i) => `${i.container}: ${i.image}`).join('\n') || undefined],
    [
      'Image digests',
      Object.entries(outcome.imageDigests ?? {})
        .map(([container, digest]) => `${container}: ${digest}`)
        .join('\n') || undefined
    ],
    ['Deployment', outcome.ref?.deploymentId],
    ['Verdict', verdict?.kind],
    ['Reason', verdict?.reason],
    ['Rollback', outcome.rollback?.reason],
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
  if (outcome.timeline.length > 1) {
    const shown = outcome.timeline.slice(0, MAX_TIMELINE_ROWS)
    summary.addHeading('Timeline', 3).addTable([
      [
        { data: 'after', header: true },
        { data: 'what happened', header: true }
      ],
      ...shown.map((entry) => [
        escapeHtml(elapsed(entry.afterMs).slice(1, -1)),
        escapeHtml(entry.text)
      ])
    ])
  }
  if (outcome.diff !== undefined && outcome.diff.text !== '') {
    summary.addDetails(
      `Changes from ${escapeHtml(outcome.diff.from)}`,
      `<pre><code>${codeLines(outcome.diff.text.split('\n'))}</code></pre>`
    )
  }
  const groups = groupStoppedReasons(outcome.stoppedTasks)
  if (groups.length > 0) {
    summary
      .addHeading('Why tasks stopped', 3)
      .addList(groups.map((g) => escapeHtml(formatStoppedGroup(g))))
  }
  const log = outcome.log
  if (log?.lines !== undefined && log.lines.length > 0) {
    summary
      .addHeading(`Last log lines of ${escapeHtml(log.container)}`, 3)
      .addCodeBlock(codeLines(log.lines))
  }
  const links: string[] = []
  if (outcome.consoleUrl)
    links.push(`<a href="${outcome.consoleUrl}">Deployments in the ECS console</a>`)
  if (log !== undefined) links.push(`<a href="${log.url}">Log stream ${escapeHtml(log.stream)}</a>`)
  if (links.length > 0) summary.addList(links)
  return summary
}

export async function writeSummary(outcome: Outcome): Promise<void> {
  // core.summary.write() throws without GITHUB_STEP_SUMMARY (e.g. a local run): skip it there.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await buildSummary(outcome).write()
}
