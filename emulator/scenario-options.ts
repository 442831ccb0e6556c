// The startEmulator options that script a rollout (a listing lag, an operator's stop, an
// autoscaling change, ...). They are checked here and laid over whichever scenario runs
// (scenarios.ts, withOverrides), so the engine reads them from the scenario like any other
// scripted behaviour, and setScenario keeps them.

import {
  scenarios,
  withOverrides,
  type ScenarioDefinition,
  type ScenarioName,
  type ScenarioOverrides
} from './scenarios.js'

export const STOP_TYPES = ['ROLLBACK', 'ABORT'] as const
export const PREVIOUS = ['completed', 'failed', 'in-progress'] as const
export const API_ACCESS = ['allowed', 'denied'] as const
const among = (values: readonly string[], value: string): boolean => values.includes(value)

const nonNegative = (what: string, value: number | undefined): void => {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${what} must be a non-negative number, got ${String(value)}`)
  }
}

/** The overrides among `options`, checked (JavaScript callers and the CLI pass plain values). */
export function overridesOf(options: ScenarioOverrides): ScenarioOverrides {
  const { serviceDeploymentLagSeconds, operatorStop, scaleTo, duplicateDeployment } = options
  const { previousDeployment, serviceDeploymentsApi } = options
  if (serviceDeploymentsApi !== undefined && !among(API_ACCESS, serviceDeploymentsApi)) {
    throw new RangeError(
      `serviceDeploymentsApi must be allowed or denied, got ${serviceDeploymentsApi}`
    )
  }
  if (previousDeployment !== undefined && !among(PREVIOUS, previousDeployment)) {
    throw new RangeError(
      `previousDeployment must be one of ${PREVIOUS.join(', ')}, got ${previousDeployment}`
    )
  }
  nonNegative('serviceDeploymentLagSeconds', serviceDeploymentLagSeconds)
  nonNegative('operatorStop.afterSeconds', operatorStop?.afterSeconds)
  if (operatorStop !== undefined && !among(STOP_TYPES, operatorStop.stopType)) {
    throw new RangeError(
      `operatorStop.stopType must be one of ${STOP_TYPES.join(', ')}, got ${operatorStop.stopType}`
    )
  }
  nonNegative('scaleTo.afterSeconds', scaleTo?.afterSeconds)
  if (
    scaleTo !== undefined &&
    !(Number.isInteger(scaleTo.desiredCount) && scaleTo.desiredCount >= 0)
  ) {
    throw new RangeError(
      `scaleTo.desiredCount must be a non-negative integer, got ${String(scaleTo.desiredCount)}`
    )
  }
  nonNegative('duplicateDeployment.afterSeconds', duplicateDeployment?.afterSeconds)
  return {
    serviceDeploymentLagSeconds,
    operatorStop,
    scaleTo,
    duplicateDeployment,
    previousDeployment,
    serviceDeploymentsApi
  }
}

/** The scenario of each name with the overrides laid over it, made once per name. */
export function scenarioResolver(
  overrides: ScenarioOverrides
): (name: ScenarioName) => ScenarioDefinition {
  const made = new Map<ScenarioName, ScenarioDefinition>()
  return (name) => {
    const known = made.get(name)
    if (known !== undefined) return known
    const scenario = withOverrides(scenarios[name], overrides)
    made.set(name, scenario)
    return scenario
  }
}
