// What IAM is asked for each EventBridge call. ListTargetsByRule and PutTargets are checked on the
// rule's ARN (`rule/NAME` on the default bus, `rule/BUS/NAME` on another; published policies
// scope them to rule ARNs such as `…:rule/aft-*`); PutTargets also asks for
// iam:PassRole on each target's RoleArn, passed to events.amazonaws.com ("EventBridge relies on
// IAM roles that you specify in the RoleARN argument in PutTargets"). Not confirmed: that
// ListRules and ListRuleNamesByTarget take only `*` (the emulator checks them on `*`).

import type { Permission } from '../iam.js'
import type { World } from '../state.js'
import { busNameOf, ruleArn } from './state.js'

type Body = Readonly<Record<string, unknown>>

const text = (body: Body, key: string): string | undefined => {
  const value = body[key]
  return typeof value === 'string' ? value : undefined
}

export function eventBridgePermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `events:${operation}`
  const bus = busNameOf(text(body, 'EventBusName'))
  const onRule = (): Permission => ({
    action,
    resource: ruleArn(world.region, bus, text(body, 'Rule') ?? '')
  })
  switch (operation) {
    case 'ListTargetsByRule':
      return [onRule()]
    case 'PutTargets': {
      const targets = Array.isArray(body.Targets) ? (body.Targets as unknown[]) : []
      const roles = targets
        .map((target) =>
          typeof target === 'object' && target !== null
            ? text(target as Body, 'RoleArn')
            : undefined
        )
        .filter((role): role is string => role !== undefined && role !== '')
      return [
        onRule(),
        ...[...new Set(roles)].map((role) => ({
          action: 'iam:PassRole',
          resource: role,
          context: { 'iam:PassedToService': 'events.amazonaws.com' }
        }))
      ]
    }
    default:
      return [{ action, resource: '*' }]
  }
}
