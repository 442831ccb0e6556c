import type { OutcomeVerdict, ServiceOutcome } from './outcome.js'

const PASSING = new Set(['succeeded', 'unchanged'])

/**
 * One verdict for several services: every one must pass for the step to pass. The first service
 * that did not pass (in input order) gives the kind; the reason names each such service.
 */
export function overallVerdict(
  services: readonly ServiceOutcome[],
  onSuperseded: 'fail' | 'succeed'
): OutcomeVerdict | undefined {
  const passes = (verdict: OutcomeVerdict): boolean =>
    PASSING.has(verdict.kind) || (verdict.kind === 'superseded' && onSuperseded === 'succeed')
  const judged = services.flatMap((s) =>
    s.verdict === undefined ? [] : [{ ...s, verdict: s.verdict }]
  )
  // Not waiting gives no verdict at all, as for one service.
  if (judged.length === 0) return undefined
  const failed = judged.filter((s) => !passes(s.verdict))
  const [first] = failed
  if (first === undefined) {
    const kind = judged.every((s) => s.verdict.kind === 'unchanged') ? 'unchanged' : 'succeeded'
    return {
      kind,
      reason: `All ${services.length} services: ${judged.map((s) => `${s.service} ${s.verdict.kind}`).join(', ')}.`
    }
  }
  const others = judged.filter((s) => passes(s.verdict)).map((s) => s.service)
  return {
    kind: first.verdict.kind,
    reason:
      `${failed.length} of ${services.length} services did not succeed. ` +
      failed.map((s) => `${s.service}: ${s.verdict.kind}. ${s.verdict.reason}`).join(' ') +
      (others.length > 0 ? ` Succeeded: ${others.join(', ')}.` : '')
  }
}
