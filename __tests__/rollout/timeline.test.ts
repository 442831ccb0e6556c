import { describe, expect, it } from '@jest/globals'
import { Timeline } from '../../src/rollout/timeline.js'
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
