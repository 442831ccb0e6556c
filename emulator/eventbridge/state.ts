// What the emulated EventBridge holds for one region: event buses and their rules, each rule with
// its targets. Kept beside the World (a WeakMap), so a world without rules has only the empty
// default bus. Rule ARNs: `rule/NAME` on the default bus, `rule/BUS/NAME` on another bus.

import { ACCOUNT_ID } from '../arns.js'
import { DEFAULT_PAGE_SIZE } from '../pagination.js'
import type { JsonObject, World } from '../state.js'

export const DEFAULT_BUS = 'default'

export interface RuleRecord {
  name: string
  eventBusName: string
  arn: string
  state: string
  scheduleExpression?: string
  eventPattern?: string
  description?: string
  roleArn?: string
  /** Targets as the service keeps them (the model's members only), in the order first added. */
  targets: JsonObject[]
}

export interface EventBridgeWorld {
  /** Bus name → rule name → rule. The default bus always exists. */
  buses: Map<string, Map<string, RuleRecord>>
  /** The most rules, names or targets one list call returns. */
  pageSize: number
  /** Targets (by Id) whose PutTargets entry fails with ConcurrentModificationException. */
  failTargetIds: Set<string>
}

const worlds = new WeakMap<World, EventBridgeWorld>()

export function eventBridgeOf(world: World): EventBridgeWorld {
  let state = worlds.get(world)
  if (state === undefined) {
    state = {
      buses: new Map([[DEFAULT_BUS, new Map<string, RuleRecord>()]]),
      pageSize: DEFAULT_PAGE_SIZE,
      failTargetIds: new Set()
    }
    worlds.set(world, state)
  }
  return state
}

export const ruleArn = (region: string, bus: string, name: string): string =>
  `arn:aws:events:${region}:${ACCOUNT_ID}:rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${name}`

/** EventBusName takes a name or an `…:event-bus/NAME` ARN; absent means the default bus. */
export function busNameOf(value: string | undefined): string {
  if (value === undefined) return DEFAULT_BUS
  const match = /:event-bus\/(.+)$/.exec(value)
  return match?.[1] ?? value
}
