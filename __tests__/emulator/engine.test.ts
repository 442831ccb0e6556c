import { describe, expect, it } from '@jest/globals'

import { createVirtualClock } from '../../emulator/clock.js'
import { Scheduler } from '../../emulator/engine.js'
import { createIds } from '../../emulator/ids.js'
import {
  createWorld,
  ecsOperations,
  startEmulator,
  type ScenarioName
} from '../../emulator/index.js'
import { AUTHORIZATION, START } from './harness.js'

describe('Scheduler', () => {
  it('runs due transitions in time order, same-time ones in insertion order, and nothing early', () => {
    const scheduler = new Scheduler(100)
    const ran: string[] = []
    scheduler.schedule(105, 'b', () => ran.push(`b@${scheduler.now}`))
    scheduler.schedule(102, 'a', () => ran.push(`a@${scheduler.now}`))
    scheduler.schedule(105, 'c', () => {
      ran.push(`c@${scheduler.now}`)
      scheduler.after(1, 'd', () => ran.push(`d@${scheduler.now}`))
    })
    scheduler.advanceTo(104)
    expect(ran).toEqual(['a@102'])
    expect(scheduler.now).toBe(104)
    scheduler.advanceTo(110)
    expect(ran).toEqual(['a@102', 'b@105', 'c@105', 'd@106'])
    expect(scheduler.pending()).toEqual([])
  })
})

describe('VirtualClock', () => {
  it('maps real to virtual time and back', () => {
    let now = 1_000_000
    const clock = createVirtualClock({ clock: () => now, timeScale: 60 })
    now += 1500
    expect(clock.virtualMs()).toBe(1_000_000 + 90_000)
    expect(clock.realMsAt(clock.virtualSeconds())).toBe(now)
    expect(() => createVirtualClock({ timeScale: 0 })).toThrow(RangeError)
  })
})

describe('ids', () => {
  it('have the formats ECS uses and are reproducible per seed', () => {
    const ids = createIds(7)
    expect(ids.deploymentId()).toMatch(/^ecs-svc\/[1-8]\d{18}$/)
    expect(ids.serviceDeploymentId()).toMatch(/^[A-Za-z0-9_-]{21}$/)
    expect(ids.serviceRevisionId()).toMatch(/^\d{19}$/)
    expect(ids.taskId()).toMatch(/^[0-9a-f]{32}$/)
    expect(ids.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
    const again = createIds(7)
    expect(again.deploymentId()).toBe(createIds(7).deploymentId())
    expect(createIds(8).taskId()).not.toBe(createIds(7).taskId())
  })
})

describe('a world without HTTP', () => {
  it('can be driven by calling operations and stepping its scheduler', () => {
    const start = START / 1000
    const timeline: string[] = []
    const world = createWorld({
      scenario: 'circuit-breaker-no-rollback',
      start,
      record: (what) => timeline.push(what)
    })
    const result = ecsOperations.UpdateService?.handle({
      world,
      body: { cluster: 'prod', service: 'web', forceNewDeployment: true },
      caller: 'test'
    }) as { service: { deployments: { id: string }[] } }
    const ours = result.service.deployments[0]?.id ?? ''
    world.scheduler.advanceTo(start + 600)
    expect(timeline).toContain(`deployment ${ours} FAILED`)
    expect(timeline.filter((entry) => entry.startsWith('service-deployment STOPPED'))).toHaveLength(
      1
    )
  })
})

describe('terminal transitions on the timeline', () => {
  /** Runs one deployment of `scenario` for `seconds`; returns the timeline relative to UpdateService. */
  function run(
    scenario: ScenarioName,
    seconds: number,
    stop?: { at: number; stopType: 'ROLLBACK' | 'ABORT' }
  ): { at: number; what: string }[] {
    const start = START / 1000
    const entries: { at: number; what: string }[] = []
    const world = createWorld({
      scenario,
      start,
      record: (what) => entries.push({ at: world.now - start, what })
    })
    const result = ecsOperations.UpdateService?.handle({
      world,
      body: { cluster: 'prod', service: 'web', forceNewDeployment: true },
      caller: 'test'
    }) as { service: { currentServiceDeployment: string } }
    if (stop !== undefined) {
      world.scheduler.advanceTo(start + stop.at)
      ecsOperations.StopServiceDeployment?.handle({
        world,
        body: {
          serviceDeploymentArn: result.service.currentServiceDeployment,
          stopType: stop.stopType
        },
        caller: 'test'
      })
    }
    world.scheduler.advanceTo(start + seconds)
    const terminal =
      /^(service-deployment (SUCCESSFUL|STOPPED|ROLLBACK_REQUESTED|ROLLBACK_SUCCESSFUL|ROLLBACK_FAILED) |deployment ecs-svc\/\d+ (FAILED|COMPLETED)$)/
    return entries
      .filter((entry) => terminal.test(entry.what))
      .map(({ at, what }) => ({ at, what: what.replace(/ arn:\S+$/, '').replace(/\d{19}/, 'N') }))
  }

  it.each<[ScenarioName, number, { at: number; what: string }[]]>([
    [
      'alarm-rollback',
      600,
      [
        { at: 60, what: 'deployment ecs-svc/N FAILED' },
        { at: 60, what: 'service-deployment ROLLBACK_REQUESTED' },
        { at: 127, what: 'deployment ecs-svc/N COMPLETED' },
        { at: 127, what: 'service-deployment ROLLBACK_SUCCESSFUL' }
      ]
    ],
    [
      'rollback-failed',
      900,
      [
        { at: 129, what: 'deployment ecs-svc/N FAILED' },
        { at: 129, what: 'service-deployment ROLLBACK_REQUESTED' },
        { at: 330, what: 'deployment ecs-svc/N FAILED' },
        { at: 330, what: 'service-deployment ROLLBACK_FAILED' }
      ]
    ],
    [
      'slow-success',
      900,
      [
        { at: 543, what: 'deployment ecs-svc/N COMPLETED' },
        { at: 543, what: 'service-deployment SUCCESSFUL' }
      ]
    ],
    [
      'cancelled',
      3600,
      [
        { at: 2560, what: 'deployment ecs-svc/N COMPLETED' },
        { at: 2560, what: 'service-deployment SUCCESSFUL' }
      ]
    ],
    [
      'no-service-deployments-api',
      600,
      [
        { at: 90, what: 'deployment ecs-svc/N COMPLETED' },
        { at: 90, what: 'service-deployment SUCCESSFUL' }
      ]
    ],
    [
      'throttle',
      600,
      [
        { at: 90, what: 'deployment ecs-svc/N COMPLETED' },
        { at: 90, what: 'service-deployment SUCCESSFUL' }
      ]
    ],
    ['pull-error-stall', 3600, []]
  ])('%s', (scenario, seconds, expected) => {
    expect(run(scenario, seconds)).toEqual(expected)
  })

  it('StopServiceDeployment ROLLBACK and ABORT', () => {
    expect(run('cancelled', 900, { at: 600, stopType: 'ROLLBACK' })).toEqual([
      { at: 600, what: 'deployment ecs-svc/N FAILED' },
      { at: 600, what: 'service-deployment ROLLBACK_REQUESTED' },
      { at: 618, what: 'deployment ecs-svc/N COMPLETED' },
      { at: 618, what: 'service-deployment ROLLBACK_SUCCESSFUL' }
    ])
    expect(run('cancelled', 900, { at: 600, stopType: 'ABORT' })).toEqual([
      { at: 600, what: 'deployment ecs-svc/N FAILED' },
      { at: 605, what: 'service-deployment STOPPED' }
    ])
  })

  it('carries real time next to virtual time (timeScale 60)', async () => {
    let now = START
    const emulator = await startEmulator({
      scenario: 'alarm-rollback',
      timeScale: 60,
      clock: () => now
    })
    try {
      const response = await fetch(`${emulator.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerServiceV20141113.UpdateService',
          authorization: AUTHORIZATION('ecs')
        },
        body: JSON.stringify({ cluster: 'prod', service: 'web', forceNewDeployment: true })
      })
      expect(response.status).toBe(200)
      now += 3_000 // 180 virtual seconds
      const requested = emulator.timeline.find((entry) =>
        entry.what.startsWith('service-deployment ROLLBACK_REQUESTED ')
      )
      const failed = emulator.timeline.find((entry) => / FAILED$/.test(entry.what))
      expect(requested?.virtualTime).toBe(START + 60_000)
      expect(requested?.realTime).toBe(START + 1_000)
      expect(failed).toMatchObject({ virtualTime: START + 60_000, realTime: START + 1_000 })
      const successful = emulator.timeline.find((entry) =>
        entry.what.startsWith('service-deployment ROLLBACK_SUCCESSFUL ')
      )
      expect(successful?.realTime).toBeCloseTo(START + 127_000 / 60, 0)
    } finally {
      await emulator.close()
    }
  })
})
