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

const nonNegative = (what: string, value: number | undefined): void => {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${what} must be a non-negative number, got ${String(value)}`)
  }
}

/** The overrides among `options`, checked (JavaScript callers and the CLI pass plain values). */
export function overridesOf(options: ScenarioOverrides): ScenarioOverrides {
  const overrides: ScenarioOverrides = {
    serviceDeploymentLagSeconds: options.serviceDeploymentLagSeconds
  }
  nonNegative('serviceDeploymentLagSeconds', overrides.serviceDeploymentLagSeconds)
  return overrides
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
