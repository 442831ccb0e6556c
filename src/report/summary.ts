import * as core from '@actions/core'
import { elapsed } from '../text/time.js'
import { familyRevision } from '../text/names.js'
import { formatStoppedGroup, groupStoppedReasons } from '../rollout/stopped-tasks.js'
import { MAX_TIMELINE_ENTRIES } from '../rollout/timeline.js'
import { codeLines, escapeHtml, link } from '../text/html.js'
import { summaryRows } from '../scheduled/report.js'
import { tookEffect, type Verdict, type VerdictKind } from '../verdict.js'
import { onlyService, type Outcome } from './outcome.js'

const ICON: Record<VerdictKind, string> = {
  succeeded: '✅',
  unchanged: '✅',
  'rolled-back': '⏪',
  failed: '❌',
  superseded: '⏭️',
  'timed-out': '⌛',
  cancelled: '🚫'
}

export function buildSummary(outcome: Outcome, verdict: Verdict | undefined): typeof core.summary {
  const one = onlyService(outcome)
  // A passing verdict followed by an error (scheduled tasks that failed to move, say) failed the step.
  const title = verdict
    ? outcome.error !== undefined && tookEffect(verdict.kind)
      ? `❌ ECS Rollout: ${verdict.kind}, then an error`
      : `${ICON[verdict.kind]} ECS Rollout: ${verdict.kind}`
    : outcome.error !== undefined
      ? `❌ ECS Rollout: ${outcome.taskDefinitionArn === undefined ? 'stopped before any change' : 'error'}`
      : outcome.dryRun !== undefined
        ? 'ECS Rollout: dry run, nothing changed'
        : outcome.taskDefinitionArn === undefined
          ? 'ECS Rollout: nothing changed'
          : 'ECS Rollout: registered'
  const next = outcome.dryRun
    ? `${outcome.dryRun.revision} (${outcome.dryRun.reused ? 'would be reused' : 'would be registered'})`
    : outcome.taskDefinitionArn && familyRevision(outcome.taskDefinitionArn)
  const revisions =
    outcome.previousTaskDefinitionArn &&
    outcome.taskDefinitionArn !== outcome.previousTaskDefinitionArn &&
    next !== undefined
      ? `${familyRevision(outcome.previousTaskDefinitionArn)} → ${next}`
      : next
  const rows: [string, string | undefined][] = [
    ['Error', outcome.error],
    ['Cluster', outcome.cluster],
    ['Service', outcome.services.map((s) => s.service).join(', ')],
    ['Task definition', revisions],
    ['Images', outcome.images.map((i) => `${i.container}: ${i.image}`).join('\n') || undefined],
    [
      'Image digests',
      Object.entries(outcome.imageDigests ?? {})
        .map(([container, digest]) => `${container}: ${digest}`)
        .join('\n') || undefined
    ],
    [
      'Run task',
      outcome.runTask &&
        `${outcome.runTask.outcome}${outcome.runTask.exitCode === undefined ? '' : `, exit code ${outcome.runTask.exitCode}`}`
    ],
    ['Deployment', one?.ref?.deploymentId ?? one?.codeDeployDeploymentId],
    ['Deregistered', outcome.deregistered?.map((arn) => familyRevision(arn)).join(', ')],
    ['Verdict', verdict?.kind],
    ['Reason', verdict?.reason],
    ['Rollback', one?.rollback?.reason],
    [
      'Duration',
      one?.durationMs === undefined ? undefined : `${Math.round(one.durationMs / 1000)} s`
    ]
  ]
  const summary = core.summary
    .addHeading(escapeHtml(title), 2)
    .addTable(
      rows
        .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
        .map(([name, value]) => [{ data: name, header: true }, escapeHtml(value)])
    )
  const several = outcome.services
  if (several.length > 1) {
    summary
      .addHeading('Services', 3)
      .addTable([
        ['Service', 'Verdict', 'Deployment', 'Reason'].map((data) => ({ data, header: true })),
        ...several.map((s) => [
          escapeHtml(s.service),
          escapeHtml(s.verdict ? `${ICON[s.verdict.kind]} ${s.verdict.kind}` : ' not watched'),
          escapeHtml(s.ref?.deploymentId ?? s.codeDeployDeploymentId ?? '—'),
          escapeHtml([s.verdict?.reason, s.rollback?.reason].filter(Boolean).join(' '))
        ])
      ])
    for (const s of several) {
      const groups = groupStoppedReasons(s.stoppedTasks)
      if (groups.length === 0) continue
      summary
        .addHeading(`Why tasks of ${escapeHtml(s.service)} stopped`, 3)
        .addList(groups.map((g) => escapeHtml(formatStoppedGroup(g))))
    }
  }
  const scheduled = outcome.scheduledTasks
  if (scheduled !== undefined) {
    summary.addHeading('Scheduled tasks', 3)
    const why = scheduled.skipped ?? scheduled.error
    if (why !== undefined) summary.addRaw(`<p>${escapeHtml(why)}</p>`, true)
    if (scheduled.results.length === 0) {
      summary.addRaw('<p>No scheduled task runs this family on this cluster.</p>', true)
    } else {
      // Set before the revision was known: it is the one registered since, if any.
      const to = scheduled.taskDefinitionArn ?? outcome.taskDefinitionArn
      summary.addTable(
        summaryRows({ ...scheduled, ...(to !== undefined && { taskDefinitionArn: to }) })
      )
    }
  }
  const timeline = one?.timeline ?? []
  if (timeline.length > 1) {
    const shown = timeline.slice(0, MAX_TIMELINE_ENTRIES) // what rollout/timeline.ts keeps
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
  const groups = groupStoppedReasons(one?.stoppedTasks ?? [])
  if (groups.length > 0) {
    summary
      .addHeading('Why tasks stopped', 3)
      .addList(groups.map((g) => escapeHtml(formatStoppedGroup(g))))
  }
  const task = outcome.runTask
  // A task that never started has nothing to list: its reason is in the table above.
  if (
    task !== undefined &&
    !task.passed &&
    (task.containers.length > 0 || task.lastLogLines.length > 0)
  ) {
    summary.addHeading('Run task', 3)
    if (task.containers.length > 0) {
      summary.addList(
        task.containers.map((c) =>
          escapeHtml(
            `${c.name}${c.essential ? '' : ' (not essential)'}: ${c.exitCode === undefined ? 'no exit code' : `exit ${c.exitCode}`}${c.reason === undefined ? '' : ` (${c.reason})`}`
          )
        )
      )
    }
    if (task.lastLogLines.length > 0) summary.addCodeBlock(codeLines(task.lastLogLines))
  }
  const log = one?.log
  if (log?.lines !== undefined && log.lines.length > 0) {
    summary
      .addHeading(`Last log lines of ${escapeHtml(log.container)}`, 3)
      .addCodeBlock(codeLines(log.lines))
  }
  const links: string[] = []
  if (one?.consoleUrl) links.push(link(one.consoleUrl, 'Deployments in the ECS console'))
  if (one?.codeDeployConsoleUrl) {
    links.push(link(one.codeDeployConsoleUrl, 'The deployment in the CodeDeploy console'))
  }
  if (log !== undefined) links.push(link(log.url, `Log stream ${log.stream}`))
  if (links.length > 0) summary.addList(links)
  return summary
}

export async function writeSummary(outcome: Outcome, verdict: Verdict | undefined): Promise<void> {
  // core.summary.write() throws without GITHUB_STEP_SUMMARY (e.g. a local run): skip it there.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await buildSummary(outcome, verdict).write()
}
