import { describe, expect, it } from '@jest/globals'
import { describeState, progressPhrase } from '../../src/rollout/progress.js'
import { deployment, NEW, OLD, oldActive, ref, service, serviceDeployment, TD } from './builders.js'

describe('describeState', () => {
  it('puts our deployment first, then the breaker, then the others', () => {
    const svc = service([
      oldActive({ runningCount: 4, desiredCount: 4 }),
      deployment({ id: NEW, desiredCount: 4, runningCount: 2, pendingCount: 1, failedTasks: 1 })
    ])
    const sd = serviceDeployment({
      deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 1, threshold: 3 }
    })
    expect(describeState(ref, svc, sd)).toBe(
      `${NEW} (new, web:2) 2/4 running, 1 pending, 1 failed · circuit breaker 1/3 · old web:1 4/4 draining`
    )
  })

  it('shows a status other than IN_PROGRESS, the lifecycle stage and triggered alarms', () => {
    const svc = service([
      deployment({
        id: OLD,
        taskDefinition: TD(1),
        runningCount: 1,
        rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
      })
    ])
    const sd = serviceDeployment({
      status: 'ROLLBACK_IN_PROGRESS',
      lifecycleStage: 'SCALE_UP',
      alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx-rate'] }
    })
    expect(describeState(ref, svc, sd)).toBe(
      `${NEW} (new) gone · service deployment ROLLBACK_IN_PROGRESS · stage SCALE_UP · alarm web-5xx-rate in ALARM · rollback web:1 1/2 running`
    )
  })
})

describe('progressPhrase', () => {
  it('says where a rollout stood, in words', () => {
    const svc = service([
      deployment({ id: NEW, desiredCount: 4, runningCount: 2, failedTasks: 1 }),
      oldActive()
    ])
    expect(progressPhrase(ref, svc)).toBe('2/4 new tasks running, 1 failed, old tasks draining')
    expect(progressPhrase(ref, service([oldActive()]))).toBe(`deployment ${NEW} no longer listed`)
    expect(progressPhrase(ref, undefined)).toBe(
      'ECS had not answered with the state of the service yet'
    )
  })
})
