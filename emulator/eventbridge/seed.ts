// The rules an emulator starts with (the `eventBridge` option), checked as PutTargets would check
// their targets, and the read-back of a region's rules for tests.

import { AwsError } from '../errors.js'
import { Violations } from '../model-checks.js'
import { checkPageSize } from '../pagination.js'
import type { JsonObject, World } from '../state.js'
import { NAME_PATTERN, RULE_STATES } from './shapes.js'
import { busNameOf, DEFAULT_BUS, eventBridgeOf, ruleArn, type RuleRecord } from './state.js'
import {
  checkTargetConstraints,
  checkTargetRules,
  MAX_TARGETS_PER_RULE,
  storedTarget
} from './targets.js'

/** An EventBridge target as the SDK's `Target` type spells it (Id, Arn, RoleArn, EcsParameters, …). */
export type EventBridgeTarget = { Id: string; Arn: string } & Record<string, unknown>

export interface EventBridgeRuleSeed {
  name: string
  /** Default `default`; another name creates that bus. */
  eventBusName?: string
  scheduleExpression?: string
  eventPattern?: string
  /** Default ENABLED. */
  state?: (typeof RULE_STATES)[number]
  description?: string
  roleArn?: string
  /** At most 5, checked like PutTargets checks them. */
  targets?: EventBridgeTarget[]
}

export interface EventBridgeOptions {
  rules?: EventBridgeRuleSeed[]
  /** Custom buses without rules (the buses of `rules` exist anyway). */
  eventBuses?: string[]
  /** The most rules, rule names or targets one list call returns (default 25, at most 100). */
  pageSize?: number
  /** PutTargets entries with these target Ids fail with ConcurrentModificationException. */
  failTargetIds?: string[]
}

/** A rule and its targets, as ListRules and ListTargetsByRule show them. */
export interface EventBridgeRuleState {
  Name: string
  Arn: string
  EventBusName: string
  State: string
  ScheduleExpression?: string
  EventPattern?: string
  Description?: string
  RoleArn?: string
  Targets: EventBridgeTarget[]
}

function checkedTargets(where: string, targets: readonly EventBridgeTarget[]): JsonObject[] {
  if (targets.length === 0) return []
  try {
    const violations = new Violations()
    checkTargetConstraints(violations, [...targets])
    violations.throwIfAny()
    targets.forEach((target) => {
      checkTargetRules(target)
    })
  } catch (error) {
    if (error instanceof AwsError)
      throw new RangeError(`${where}: ${error.message}`, { cause: error })
    throw error
  }
  return targets.map((target) => storedTarget(structuredClone(target) as JsonObject))
}

export function seedEventBridge(world: World, options: EventBridgeOptions): void {
  const state = eventBridgeOf(world)
  state.pageSize = checkPageSize('eventBridge.pageSize', options.pageSize)
  state.failTargetIds = new Set(options.failTargetIds ?? [])
  for (const bus of options.eventBuses ?? []) {
    if (!state.buses.has(bus)) state.buses.set(bus, new Map())
  }
  ;(options.rules ?? []).forEach((seed, index) => {
    const where = `eventBridge.rules[${index}]`
    if (!new RegExp(`^${NAME_PATTERN}$`).test(seed.name) || seed.name.length > 64) {
      throw new RangeError(`${where}.name must match ${NAME_PATTERN} (1-64), got ${seed.name}`)
    }
    const bus = busNameOf(seed.eventBusName ?? DEFAULT_BUS)
    const rules = state.buses.get(bus) ?? new Map<string, RuleRecord>()
    state.buses.set(bus, rules)
    if (rules.has(seed.name))
      throw new RangeError(`${where}: rule ${seed.name} is already on ${bus}`)
    const targets = seed.targets ?? []
    if (targets.length > MAX_TARGETS_PER_RULE) {
      throw new RangeError(`${where}: a rule has at most ${MAX_TARGETS_PER_RULE} targets`)
    }
    if (new Set(targets.map((target) => target.Id)).size !== targets.length) {
      throw new RangeError(`${where}: target Ids must be unique`)
    }
    const rule = {
      name: seed.name,
      eventBusName: bus,
      arn: ruleArn(world.region, bus, seed.name),
      state: seed.state ?? 'ENABLED',
      targets: checkedTargets(`${where}.targets`, targets),
      ...(seed.scheduleExpression !== undefined && { scheduleExpression: seed.scheduleExpression }),
      ...(seed.eventPattern !== undefined && { eventPattern: seed.eventPattern }),
      ...(seed.description !== undefined && { description: seed.description }),
      ...(seed.roleArn !== undefined && { roleArn: seed.roleArn })
    }
    if (rule.scheduleExpression === undefined && rule.eventPattern === undefined) {
      // PutRule: "A rule must contain at least an EventPattern or ScheduleExpression."
      throw new RangeError(`${where} needs a scheduleExpression or an eventPattern`)
    }
    rules.set(seed.name, rule)
  })
}

/** Every rule of the world, bus by bus (default first), in name order, with copies of its targets. */
export function eventBridgeRulesOf(world: World): EventBridgeRuleState[] {
  return [...eventBridgeOf(world).buses.values()].flatMap((rules) =>
    [...rules.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((rule) => ({
        Name: rule.name,
        Arn: rule.arn,
        EventBusName: rule.eventBusName,
        State: rule.state,
        ...(rule.scheduleExpression !== undefined && {
          ScheduleExpression: rule.scheduleExpression
        }),
        ...(rule.eventPattern !== undefined && { EventPattern: rule.eventPattern }),
        ...(rule.description !== undefined && { Description: rule.description }),
        ...(rule.roleArn !== undefined && { RoleArn: rule.roleArn }),
        Targets: structuredClone(rule.targets) as EventBridgeTarget[]
      }))
  )
}
