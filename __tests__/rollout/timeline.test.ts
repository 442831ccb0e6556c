import { describe, expect, it } from '@jest/globals'
import { MAX_TIMELINE_ENTRIES, Timeline } from '../../src/rollout/timeline.js'
import { deployment, NEW, OLD, oldActive, ref, service, serviceDeployment, TD } from './builders.js'

describe('Timeline', () => {
  it('records state changes once each, not every poll', () => {
    const timeline = new Timeline(ref, 0)
    const inProgress = service([deployment({ id: NEW, runningCount: 1 }), oldActive()])
    timeline.observe({ at: 1000, service: inProgress, serviceDeployment: serviceDeployment({}) })
    timeline.observe({ at: 6000, service: inProgress, serviceDeployment: serviceDeployment({}) })
    timeline.observe({
      at: 60_000,
      service: service([deployment({ id: OLD, taskDefinition: TD(1) })]),
      serviceDeployment: serviceDeployment({
        status: 'ROLLBACK_REQUESTED',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 }
      })
    })
    expect(timeline.entries).toEqual([
      { afterMs: 0, text: `deployment ${NEW} started (web:2)` },
      { afterMs: 1000, text: 'service deployment IN_PROGRESS' },
      { afterMs: 60_000, text: 'service deployment ROLLBACK_REQUESTED' },
      { afterMs: 60_000, text: 'circuit breaker tripped at 3/3 failed tasks' },
      { afterMs: 60_000, text: `deployment ${OLD} (web:1) became PRIMARY` }
    ])
  })
})

describe('Timeline: a bounded record', () => {
  it('keeps the first entries and the latest, with one line for those left out', () => {
    const timeline = new Timeline(ref, 0)
    for (let i = 1; i <= 10_000; i++) timeline.add(i * 1000, `change ${i}`)
    timeline.add(20_000_000, 'verdict: timed-out')
    const entries = timeline.entries
    expect(entries).toHaveLength(MAX_TIMELINE_ENTRIES)
    expect(entries[0]?.text).toBe(`deployment ${NEW} started (web:2)`)
    expect(entries[19]).toEqual({ afterMs: 19_000, text: 'change 19' })
    expect(entries[20]).toEqual({ afterMs: 9_982_000, text: '… 9963 more transitions not kept' })
    expect(entries[21]?.text).toBe('change 9983')
    expect(entries.at(-1)).toEqual({ afterMs: 20_000_000, text: 'verdict: timed-out' })
  })

  it('keeps a short rollout whole', () => {
    const timeline = new Timeline(ref, 0)
    for (let i = 1; i < MAX_TIMELINE_ENTRIES; i++) timeline.add(i, `change ${i}`)
    expect(timeline.entries).toHaveLength(MAX_TIMELINE_ENTRIES)
    expect(timeline.entries.some((e) => e.text.includes('not kept'))).toBe(false)
  })
})
