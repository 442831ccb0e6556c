import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { InputError } from '../../src/settings/index.js'
import { parseWaitUntilStage } from '../../src/settings/parsers.js'
import { readInputs } from '../../src/settings/table.js'
import { reachedStage, stageLine, STAGES, type Stage } from '../../src/rollout/stage.js'
import { trafficLine, trafficOf } from '../../src/rollout/traffic.js'
import { serviceDeployment } from './builders.js'

describe('parseWaitUntilStage', () => {
  /** The input as readSettings reads it, through its row of the input table. */
  const read = (text: string) =>
    readInputs({ getInput: (name) => (name === 'wait-until-stage' ? text : '') }).get(
      'wait-until-stage'
    )

  it('is undefined when empty, and accepts every stage of the SDK enum', () => {
    expect(read('')).toBeUndefined()
    expect(read('  ')).toBeUndefined()
    for (const stage of STAGES) expect(parseWaitUntilStage(stage)).toBe(stage)
    expect(read(' bake-time ')).toBe('BAKE_TIME')
  })

  it('throws an InputError naming the input and listing the valid stages', () => {
    expect(() => parseWaitUntilStage('BAKING')).toThrow(InputError)
    try {
      parseWaitUntilStage('PRE_PRODUCTION_TRAFFIC_SHIFT')
      throw new Error('not thrown')
    } catch (error) {
      expect(error).toMatchObject({ name: 'InputError', input: 'wait-until-stage' })
      const message = (error as Error).message
      expect(message).toContain('Input "wait-until-stage"')
      expect(message).toContain('RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP')
      expect(message).toContain('BAKE_TIME, CLEAN_UP')
      expect(message).toContain('(got "PRE_PRODUCTION_TRAFFIC_SHIFT")')
    }
  })
})

describe('reachedStage', () => {
  const at = (lifecycleStage: string, status: ServiceDeployment['status'] = 'IN_PROGRESS') =>
    serviceDeployment({ status, lifecycleStage: lifecycleStage as Stage })

  it('counts the stage itself and every later one, in lifecycle order', () => {
    expect(reachedStage(at('BAKE_TIME'), 'BAKE_TIME')).toBe(true)
    expect(reachedStage(at('CLEAN_UP'), 'BAKE_TIME')).toBe(true)
    expect(reachedStage(at('POST_PRODUCTION_TRAFFIC_SHIFT'), 'BAKE_TIME')).toBe(false)
    expect(reachedStage(at('SCALE_UP'), 'TEST_TRAFFIC_SHIFT')).toBe(false)
    // Not in the SDK enum, but documented: between the test and the production shift.
    expect(reachedStage(at('PRE_PRODUCTION_TRAFFIC_SHIFT'), 'POST_TEST_TRAFFIC_SHIFT')).toBe(true)
    expect(reachedStage(at('PRE_PRODUCTION_TRAFFIC_SHIFT'), 'PRODUCTION_TRAFFIC_SHIFT')).toBe(false)
  })

  it('is true once SUCCESSFUL, never for a deployment that is not going on, nor without a stage', () => {
    expect(reachedStage(serviceDeployment({ status: 'SUCCESSFUL' }), 'CLEAN_UP')).toBe(true)
    expect(reachedStage(at('BAKE_TIME', 'ROLLBACK_REQUESTED'), 'SCALE_UP')).toBe(false)
    expect(reachedStage(at('BAKE_TIME', 'PENDING'), 'SCALE_UP')).toBe(false)
    expect(reachedStage(serviceDeployment({}), 'RECONCILE_SERVICE')).toBe(false)
    expect(reachedStage(at('SOMETHING_NEW'), 'RECONCILE_SERVICE')).toBe(false)
  })
})

describe('stage and traffic lines', () => {
  it('says what a stage means, with the bake time where it applies', () => {
    expect(stageLine(serviceDeployment({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' }))).toBe(
      'Stage: POST_TEST_TRAFFIC_SHIFT (test traffic 100% → new revision)'
    )
    expect(
      stageLine(
        serviceDeployment({
          lifecycleStage: 'BAKE_TIME',
          deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
        })
      )
    ).toBe(
      'Stage: BAKE_TIME (both revisions run while ECS watches alarms and the circuit breaker, 5 minutes)'
    )
    expect(stageLine(serviceDeployment({}))).toBeUndefined()
  })

  it('splits traffic between the new revision and the sources', () => {
    const sd = serviceDeployment({
      targetServiceRevision: {
        requestedProductionTrafficWeight: 10,
        requestedTestTrafficWeight: 100
      },
      sourceServiceRevisions: [
        { requestedProductionTrafficWeight: 90, requestedTestTrafficWeight: 0 }
      ]
    })
    const production = trafficOf(sd, 'production')
    expect(production).toEqual({ newPercent: 10, oldPercent: 90 })
    expect(production && trafficLine('production', production)).toBe(
      'Production traffic: 10% new / 90% old'
    )
    const test = trafficOf(sd, 'test')
    expect(test && trafficLine('test', test)).toBe('Test traffic: 100% new / 0% old')
    expect(
      trafficOf(serviceDeployment({ targetServiceRevision: {} }), 'production')
    ).toBeUndefined()
    // No source weights: the rest is old.
    expect(
      trafficOf(
        serviceDeployment({ targetServiceRevision: { requestedProductionTrafficWeight: 33.33 } }),
        'production'
      )
    ).toEqual({ newPercent: 33.33, oldPercent: 66.67 })
    expect(trafficLine('production', { newPercent: 33.33, oldPercent: 66.67 })).toBe(
      'Production traffic: 33.3% new / 66.7% old'
    )
  })
})
