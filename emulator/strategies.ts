// The ECS-native deployment strategies of 2025 (deploymentConfiguration.strategy BLUE_GREEN,
// LINEAR, CANARY) as data: the configuration a scenario gives a service, what DescribeServices
// and DescribeServiceDeployments echo of it, and the production traffic steps each strategy takes.
// ROLLING is the absence of a strategy here: rollout.ts runs it as before.
//
// Model facts (DeploymentConfiguration, LinearConfiguration, CanaryConfiguration,
// DeploymentLifecycleHook in the ECS API reference / SDK 3.1162): bakeTimeInMinutes is required for
// BLUE_GREEN; stepPercent 3.0–100.0 (default 10), stepBakeTimeInMinutes 0–1440 (default 6, "not
// applied after reaching 100 percent"); canaryPercent 0.1–100.0 (default 5), canaryBakeTimeInMinutes
// 0–1440 (default 10); hook timeoutInMinutes default 1440, timeout action default ROLLBACK; PAUSE
// hooks are not allowed at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT.

export type StrategyName = 'BLUE_GREEN' | 'LINEAR' | 'CANARY'

/** ServiceDeploymentLifecycleStage (the SDK's enum), in the order a deployment passes them. */
export const lifecycleStages = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const

export type LifecycleStage = (typeof lifecycleStages)[number]

export type HookAction = 'CONTINUE' | 'ROLLBACK'

interface HookStagesAndTimeout {
  lifecycleStages: LifecycleStage[]
  timeoutConfiguration: { timeoutInMinutes: number; action: HookAction }
}

/** What the scenario's Lambda function answers: its final hookStatus and when, or no answer. */
export interface LambdaHookOutcome {
  /** TIMED_OUT: the function keeps answering IN_PROGRESS until the hook's timeout. */
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT'
  /** Virtual seconds from the stage's start to the final answer (SUCCEEDED, FAILED). */
  afterSeconds: number
}

export type LifecycleHookConfig =
  | (HookStagesAndTimeout & { targetType: 'PAUSE' })
  /**
   * An AWS_LAMBDA hook (`hookTargetArn` a Lambda function ARN, `roleArn` the role ECS invokes it
   * with). The function is not run: `outcome` scripts its answer (lifecycle.ts).
   */
  | (HookStagesAndTimeout & {
      targetType: 'AWS_LAMBDA'
      hookTargetArn: string
      roleArn: string
      outcome: LambdaHookOutcome
    })

export interface StrategyConfig {
  strategy: StrategyName
  bakeTimeInMinutes: number
  linearConfiguration?: { stepPercent: number; stepBakeTimeInMinutes: number }
  canaryConfiguration?: { canaryPercent: number; canaryBakeTimeInMinutes: number }
  lifecycleHooks?: LifecycleHookConfig[]
}

/** The members a strategy adds to `deploymentConfiguration` in DescribeServices and DescribeServiceDeployments. */
export function strategyConfigurationWire(config: StrategyConfig): Record<string, unknown> {
  return {
    strategy: config.strategy,
    bakeTimeInMinutes: config.bakeTimeInMinutes,
    ...(config.linearConfiguration !== undefined && {
      linearConfiguration: { ...config.linearConfiguration }
    }),
    ...(config.canaryConfiguration !== undefined && {
      canaryConfiguration: { ...config.canaryConfiguration }
    }),
    ...(config.lifecycleHooks !== undefined && {
      lifecycleHooks: config.lifecycleHooks.map((hook) => ({
        targetType: hook.targetType,
        ...(hook.targetType === 'AWS_LAMBDA' && {
          hookTargetArn: hook.hookTargetArn,
          roleArn: hook.roleArn
        }),
        lifecycleStages: [...hook.lifecycleStages],
        timeoutConfiguration: { ...hook.timeoutConfiguration }
      }))
    })
  }
}

/** One production traffic shift: the new revision's weight after it, then the wait before the next. */
export interface TrafficStep {
  weight: number
  bakeSeconds: number
}

const round = (value: number): number => Math.round(value * 10) / 10

/**
 * BLUE_GREEN shifts everything at once; LINEAR in steps of stepPercent with stepBakeTimeInMinutes
 * between them (none after 100 %); CANARY canaryPercent, canaryBakeTimeInMinutes, then the rest.
 */
export function trafficSteps(config: StrategyConfig): TrafficStep[] {
  if (config.strategy === 'LINEAR') {
    const { stepPercent, stepBakeTimeInMinutes } = config.linearConfiguration ?? {
      stepPercent: 10,
      stepBakeTimeInMinutes: 6
    }
    const steps: TrafficStep[] = []
    for (let weight = stepPercent; weight < 100; weight += stepPercent) {
      steps.push({ weight: round(weight), bakeSeconds: stepBakeTimeInMinutes * 60 })
    }
    return [...steps, { weight: 100, bakeSeconds: 0 }]
  }
  if (config.strategy === 'CANARY') {
    const { canaryPercent, canaryBakeTimeInMinutes } = config.canaryConfiguration ?? {
      canaryPercent: 5,
      canaryBakeTimeInMinutes: 10
    }
    if (canaryPercent >= 100) return [{ weight: 100, bakeSeconds: 0 }]
    return [
      { weight: round(canaryPercent), bakeSeconds: canaryBakeTimeInMinutes * 60 },
      { weight: 100, bakeSeconds: 0 }
    ]
  }
  return [{ weight: 100, bakeSeconds: 0 }]
}
