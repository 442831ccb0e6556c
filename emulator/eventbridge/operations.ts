// EventBridge's ListRules, ListTargetsByRule, PutTargets and ListRuleNamesByTarget (target prefix
// AWSEvents, awsJson1_1, signing name "events"), reached by the SDK through
// AWS_ENDPOINT_URL_EVENTBRIDGE. Shapes from the service model; behaviour from the API reference:
// - a rule is found by name on one bus (EventBusName, a name or an ARN, default "default"); a
//   missing one is ResourceNotFoundException "Rule NAME does not exist on EventBus BUS." (real
//   answers from PutTargets, DescribeRule and ListTargetsByRule, e.g. TerraConstructs/base#88);
// - PutTargets adds targets or replaces the one with the same Id entirely; the request is checked
//   as a whole first (a ValidationException changes nothing), then each entry is applied or
//   reported in FailedEntries (ConcurrentModificationException, the documented cause);
// - the list calls page with Limit (1-100) and NextToken; rules and rule names come in name order
//   (not confirmed: the real order), targets in the order they were added.

import { AwsError } from '../errors.js'
import type { Operation } from '../ecs/operation.js'
import { Violations } from '../model-checks.js'
import { paginate } from '../pagination.js'
import type { JsonObject, World } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import { BUS_PATTERN, NAME_PATTERN, targetShape } from './shapes.js'
import { busNameOf, eventBridgeOf, type RuleRecord } from './state.js'
import {
  checkTargetConstraints,
  checkTargetRules,
  MAX_TARGETS_PER_RULE,
  storedTarget
} from './targets.js'

export const ruleNotFound = (name: string, bus: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`)

// Not confirmed: the wording for a bus that does not exist.
const busNotFound = (bus: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`)

// The ListRuleNamesByTarget reference: "Using an expired pagination token results in an HTTP
// 400 InvalidToken error." Not confirmed: the message.
const invalidToken = (): AwsError =>
  new AwsError('InvalidToken', 'The provided pagination token is invalid or expired.')

function checkCommon(violations: Violations, request: JsonObject): void {
  const bus = read.string(request, 'EventBusName')
  violations.length(bus, 'eventBusName', 1, 1600)
  violations.pattern(bus, 'eventBusName', BUS_PATTERN)
  violations.length(read.string(request, 'NextToken'), 'nextToken', 1, 2048)
  violations.range(read.integer(request, 'Limit'), 'limit', 1, 100)
}

function checkRuleName(violations: Violations, request: JsonObject, member: string): string {
  const name = read.string(request, member)
  if (violations.required(request[member], member.toLowerCase())) {
    violations.length(name, member.toLowerCase(), 1, 64)
    violations.pattern(name, member.toLowerCase(), NAME_PATTERN)
  }
  return name ?? ''
}

function rulesOn(world: World, busName: string): Map<string, RuleRecord> {
  const rules = eventBridgeOf(world).buses.get(busName)
  if (rules === undefined) throw busNotFound(busName)
  return rules
}

function findRule(world: World, name: string, busName: string): RuleRecord {
  const rule = eventBridgeOf(world).buses.get(busName)?.get(name)
  if (rule === undefined) throw ruleNotFound(name, busName)
  return rule
}

const byName = (a: RuleRecord, b: RuleRecord): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0

export function ruleWire(rule: RuleRecord): JsonObject {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    State: rule.state,
    Description: rule.description,
    ScheduleExpression: rule.scheduleExpression,
    RoleArn: rule.roleArn,
    EventBusName: rule.eventBusName
  }
}

const pageOptions = (world: World, request: JsonObject, scope: string) => ({
  token: read.string(request, 'NextToken'),
  limit: read.integer(request, 'Limit'),
  pageSize: eventBridgeOf(world).pageSize,
  scope,
  invalidToken
})

const listRules: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      NamePrefix: shape.string,
      EventBusName: shape.string,
      NextToken: shape.string,
      Limit: shape.integer
    })
    const violations = new Violations()
    const prefix = read.string(request, 'NamePrefix')
    violations.length(prefix, 'namePrefix', 1, 64)
    violations.pattern(prefix, 'namePrefix', NAME_PATTERN)
    checkCommon(violations, request)
    violations.throwIfAny()
    const busName = busNameOf(read.string(request, 'EventBusName'))
    const rules = [...rulesOn(world, busName).values()]
      .filter((rule) => prefix === undefined || rule.name.startsWith(prefix))
      .sort(byName)
    const page = paginate(
      rules,
      pageOptions(world, request, `ListRules/${busName}/${prefix ?? ''}`)
    )
    return { Rules: page.items.map(ruleWire), NextToken: page.nextToken }
  }
}

const listTargetsByRule: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      Rule: shape.string,
      EventBusName: shape.string,
      NextToken: shape.string,
      Limit: shape.integer
    })
    const violations = new Violations()
    const name = checkRuleName(violations, request, 'Rule')
    checkCommon(violations, request)
    violations.throwIfAny()
    const busName = busNameOf(read.string(request, 'EventBusName'))
    const rule = findRule(world, name, busName)
    const page = paginate(
      rule.targets,
      pageOptions(world, request, `ListTargetsByRule/${busName}/${name}`)
    )
    return { Targets: structuredClone(page.items), NextToken: page.nextToken }
  }
}

const putTargets: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      Rule: shape.string,
      EventBusName: shape.string,
      Targets: shape.list(targetShape)
    })
    const violations = new Violations()
    const name = checkRuleName(violations, request, 'Rule')
    const bus = read.string(request, 'EventBusName')
    violations.length(bus, 'eventBusName', 1, 1600)
    violations.pattern(bus, 'eventBusName', BUS_PATTERN)
    const targets = read.objects(request, 'Targets')
    if (violations.required(request.Targets, 'targets')) {
      checkTargetConstraints(violations, targets ?? [])
    }
    violations.throwIfAny()
    const busName = busNameOf(bus)
    const rule = findRule(world, name, busName)
    const entries = targets ?? []
    for (const target of entries) checkTargetRules(target)

    const failing = eventBridgeOf(world).failTargetIds
    const applied = entries.filter((target) => !failing.has(read.string(target, 'Id') ?? ''))
    const ids = new Set([
      ...rule.targets.map((target) => read.string(target, 'Id')),
      ...applied.map((target) => read.string(target, 'Id'))
    ])
    if (ids.size > MAX_TARGETS_PER_RULE) {
      // Not confirmed: the message.
      throw new AwsError(
        'LimitExceededException',
        `The requested resource exceeds the maximum number allowed. A rule can have at most ${MAX_TARGETS_PER_RULE} targets.`
      )
    }
    for (const target of applied) {
      const stored = storedTarget(target)
      const index = rule.targets.findIndex((existing) => existing.Id === stored.Id)
      if (index === -1) rule.targets.push(stored)
      else rule.targets[index] = stored
    }
    const failed = entries
      .filter((target) => !applied.includes(target))
      .map((target) => ({
        TargetId: read.string(target, 'Id'),
        ErrorCode: 'ConcurrentModificationException',
        // Not confirmed: the message.
        ErrorMessage: 'Another request is modifying the rule. Try again later.'
      }))
    return { FailedEntryCount: failed.length, FailedEntries: failed }
  }
}

const listRuleNamesByTarget: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      TargetArn: shape.string,
      EventBusName: shape.string,
      NextToken: shape.string,
      Limit: shape.integer
    })
    const violations = new Violations()
    const targetArn = read.string(request, 'TargetArn')
    if (violations.required(request.TargetArn, 'targetArn')) {
      violations.length(targetArn, 'targetArn', 1, 1600)
    }
    checkCommon(violations, request)
    violations.throwIfAny()
    const busName = busNameOf(read.string(request, 'EventBusName'))
    const names = [...rulesOn(world, busName).values()]
      .filter((rule) => rule.targets.some((target) => target.Arn === targetArn))
      .sort(byName)
      .map((rule) => rule.name)
    const page = paginate(
      names,
      pageOptions(world, request, `ListRuleNamesByTarget/${busName}/${targetArn ?? ''}`)
    )
    return { RuleNames: page.items, NextToken: page.nextToken }
  }
}

export const eventBridgeOperations: Readonly<Record<string, Operation>> = {
  ListRules: listRules,
  ListTargetsByRule: listTargetsByRule,
  PutTargets: putTargets,
  ListRuleNamesByTarget: listRuleNamesByTarget
}
