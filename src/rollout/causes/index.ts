import { capacityRules } from './capacity.js'
import { deploymentCauses } from './deployment.js'
import { exitRules } from './exits.js'
import { imageRules } from './image.js'
import { fragment, list, str, taskFacts } from './text.js'
import type { Cause, CauseEvidence, Finding, Rule, TaskFacts } from './types.js'

export type { Cause, CauseEvidence } from './types.js'

/**
 * The catalogue of likely causes of a failed, rolled-back, stalled or timed-out rollout. It only
 * explains: the verdict is decided elsewhere, from structure, and this names what probably caused
 * it and what to do, from what the watch saw.
 */

/** Catalogue order: among causes seen as often, an earlier rule is the likelier one. */
const RULES: readonly Rule[] = [...imageRules, ...exitRules, ...capacityRules]
const UNLESS = new Map(RULES.map((rule) => [rule.id, rule.unless ?? []]))

// A stopped task's own reason is the most specific account of what broke; the deployment's fields
// say what ended the rollout (an alarm often fires because tasks fail); events are guesses.
const FROM_TASK = 0
const FROM_DEPLOYMENT = 1
const FROM_EVENT = 2

// Bounds on foreign input: a rollout sees tens of tasks and events, never thousands.
const TASK_LIMIT = 500
const EVENT_LIMIT = 200

interface Found {
  readonly order: number
  finding: Finding
  tier: number
  count: number
}

const keyOf = ({ cause, subject }: Finding): string => `${cause.id}\n${subject}`

function taskFindings(task: TaskFacts): Map<string, [Finding, number]> {
  // One task names each cause once, however many of its texts repeat it.
  const findings = new Map<string, [Finding, number]>()
  RULES.forEach((rule, order) => {
    const named = rule.fromTask
      ? rule.fromTask(task)
      : task.texts.map((text) => rule.fromText?.(text))
    for (const finding of named) if (finding) findings.set(keyOf(finding), [finding, order])
  })
  return findings
}

/** Findings of one cause about one subject, merged: the better tier, the longer telling. */
class Findings {
  private readonly found = new Map<string, Found>()

  add(finding: Finding, order: number, tier: number): void {
    const seen = this.found.get(keyOf(finding))
    if (seen === undefined) {
      this.found.set(keyOf(finding), { finding, order, tier, count: 1 })
      return
    }
    seen.count += 1
    seen.tier = Math.min(seen.tier, tier)
    if (finding.cause.summary.length > seen.finding.cause.summary.length) seen.finding = finding
  }

  /** Most likely first; general findings folded into named ones of the same cause. */
  ranked(): Cause[] {
    const all = [...this.found.values()]
    const ids = new Set(all.map((f) => f.finding.cause.id))
    const named = new Set(
      all.filter((f) => f.finding.subject !== '').map((f) => f.finding.cause.id)
    )
    for (const general of all.filter((f) => f.finding.subject === '')) {
      const specific = all.find(
        (f) => f !== general && f.finding.cause.id === general.finding.cause.id
      )
      if (specific === undefined) continue
      specific.count += general.count
      specific.tier = Math.min(specific.tier, general.tier)
    }
    return all
      .filter((f) => f.finding.subject !== '' || !named.has(f.finding.cause.id))
      .filter((f) => !(UNLESS.get(f.finding.cause.id) ?? []).some((id) => ids.has(id)))
      .sort((a, b) => a.tier - b.tier || b.count - a.count || a.order - b.order)
      .map((f) => f.finding.cause)
  }
}

/** The likely causes, most likely first, each once. Never throws, whatever the evidence holds. */
export function likelyCauses(evidence: CauseEvidence): Cause[] {
  const raw: unknown = evidence
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const findings = new Findings()
  for (const task of list(fields['stoppedTasks']).slice(0, TASK_LIMIT)) {
    for (const [finding, order] of taskFindings(taskFacts(task)).values()) {
      findings.add(finding, order, FROM_TASK)
    }
  }
  deploymentCauses(fields).forEach((finding, i) => {
    findings.add(finding, RULES.length + i, FROM_DEPLOYMENT)
  })
  for (const event of list(fields['events']).slice(-EVENT_LIMIT)) {
    const text = str(event)
    RULES.forEach((rule, order) => {
      const finding = text === '' ? undefined : rule.fromText?.(text)
      if (finding) findings.add(finding, order, FROM_EVENT)
    })
  }
  return findings.ranked()
}

/**
 * The sentence that ends a verdict's reason: "Likely cause: <summary>. <advice>", on one line, for
 * the likeliest cause; '' when there is none.
 */
export function causeSentence(causes: readonly Cause[]): string {
  const first = (Array.isArray(causes) ? (causes as unknown[]) : [])[0] as Cause | undefined
  const summary = fragment(str(first?.summary), 400).replace(/[\s.]+$/, '')
  if (summary === '') return ''
  const advice = fragment(str(first?.advice), 600)
  const closed = advice === '' || /[.!?]$/.test(advice) ? advice : `${advice}.`
  return `Likely cause: ${summary}.${closed ? ` ${closed}` : ''}`
}
