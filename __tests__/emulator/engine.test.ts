import { describe, expect, it } from '@jest/globals'

import { createVirtualClock } from '../../emulator/clock.js'
import { Scheduler } from '../../emulator/engine.js'
import { createIds } from '../../emulator/ids.js'
import { createWorld, ecsOperations } from '../../emulator/index.js'
import { START } from './harness.js'

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
