// IAM for the emulator: the identity-based policy of the role the workflow assumes, the same JSON
// a user attaches in IAM. With one, every request must be allowed by it, or it is answered
// AccessDeniedException in IAM's words, so a test can prove a documented policy is enough and that
// each of its actions is needed. What each call asks IAM is in iam-permissions.ts.
//
// Evaluation as IAM does it for one identity-based policy: an explicit Deny wins, then any Allow,
// else the implicit deny. Action and Resource take `*` and `?` wildcards (actions case-insensitive);
// conditions support the String*, Arn* operators (with Not and IfExists forms) on the context keys
// the emulator sets: iam:PassedToService, ecs:cluster, ecs:CreateAction.

import { AwsError, DENIED_PRINCIPAL } from './errors.js'

type OneOrMany<T> = T | readonly T[]

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action: OneOrMany<string>
  Resource: OneOrMany<string>
  /** `{ operator: { key: value or values } }`, e.g. `{ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }`. */
  Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany<string>>>>>
}

export interface PolicyDocument {
  Version?: string
  Statement: OneOrMany<PolicyStatement>
}

/** One question to IAM: may the caller perform `action` on `resource`, given these condition keys? */
export interface Permission {
  /** `service:Operation`, e.g. `ecs:UpdateService`, `iam:PassRole`. */
  action: string
  /** An ARN, or `*` for actions without resource-level permissions. */
  resource: string
  context?: Readonly<Record<string, string>>
}

export type Decision = 'allowed' | 'implicit-deny' | 'explicit-deny'

const OPERATORS = new Set(['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'])

const many = <T>(value: OneOrMany<T>): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : [value as T]

const isStringList = (value: unknown): boolean =>
  typeof value === 'string' ||
  (Array.isArray(value) &&
    value.length > 0 &&
    value.every((item: unknown) => typeof item === 'string'))

/** The operator without its `IfExists` suffix and `Not`, and what those change. */
function parseOperator(name: string): { base: string; negated: boolean; ifExists: boolean } {
  const ifExists = name.endsWith('IfExists')
  const bare = ifExists ? name.slice(0, -'IfExists'.length) : name
  const negated = /^(String|Arn)Not/.test(bare)
  return { base: bare.replace(/^(String|Arn)Not/, '$1'), negated, ifExists }
}

function checkStatement(statement: unknown, where: string): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw new RangeError(`${where} must be an object`)
  }
  const { Effect, Action, Resource, Condition } = statement as Record<string, unknown>
  if (Effect !== 'Allow' && Effect !== 'Deny') {
    throw new RangeError(`${where}.Effect must be Allow or Deny`)
  }
  // NotAction and NotResource are not modelled: a policy using them is refused, not misread.
  if (!isStringList(Action)) throw new RangeError(`${where}.Action must be a string or strings`)
  if (!isStringList(Resource)) throw new RangeError(`${where}.Resource must be a string or strings`)
  if (Condition === undefined) return
  if (typeof Condition !== 'object' || Condition === null) {
    throw new RangeError(`${where}.Condition must be an object`)
  }
  for (const [operator, keys] of Object.entries(Condition)) {
    if (!OPERATORS.has(parseOperator(operator).base)) {
      throw new RangeError(`${where}.Condition: operator ${operator} is not supported`)
    }
    if (typeof keys !== 'object' || keys === null) {
      throw new RangeError(`${where}.Condition.${operator} must be an object`)
    }
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      if (!isStringList(values)) {
        throw new RangeError(`${where}.Condition.${operator}.${key} must be a string or strings`)
      }
    }
  }
}

/** The policy as given, after checking its shape (a RangeError names what is wrong). */
export function checkPolicy(value: unknown): PolicyDocument {
  if (typeof value !== 'object' || value === null || !('Statement' in value)) {
    throw new RangeError('policy must be an object with a Statement')
  }
  const statements = many(value.Statement)
  statements.forEach((statement, index) => {
    checkStatement(statement, `Statement[${index}]`)
  })
  return value as PolicyDocument
}

function globToRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&')
    )
    .join('')
  return new RegExp(`^${body}$`, flags)
}

const matchesAction = (pattern: string, action: string): boolean =>
  globToRegExp(pattern, 'i').test(action)

/**
 * ARN patterns match segment by segment for partition, service, region and account; the resource
 * part may span `/` and `:` (so `log-group:/ecs/web*` covers the group's streams, as in IAM).
 */
function matchesResource(pattern: string, resource: string): boolean {
  if (pattern === '*') return true
  const patternParts = pattern.split(':')
  const resourceParts = resource.split(':')
  if (patternParts.length < 6 || resourceParts.length < 6) return pattern === resource
  for (let index = 0; index < 5; index++) {
    if (!globToRegExp(patternParts[index] ?? '').test(resourceParts[index] ?? '')) return false
  }
  return globToRegExp(patternParts.slice(5).join(':')).test(resourceParts.slice(5).join(':'))
}

function conditionHolds(
  operator: string,
  key: string,
  values: readonly string[],
  context: Readonly<Record<string, string>>
): boolean {
  const { base, negated, ifExists } = parseOperator(operator)
  const actual = Object.entries(context).find(
    ([name]) => name.toLowerCase() === key.toLowerCase()
  )?.[1]
  // A missing key fails a positive operator and satisfies a negated one; IfExists lets it pass.
  if (actual === undefined) return ifExists || negated
  const like = base === 'StringLike' || base === 'ArnLike'
  const matched = values.some((value) =>
    like ? globToRegExp(value).test(actual) : value === actual
  )
  return negated ? !matched : matched
}

function statementApplies(statement: PolicyStatement, permission: Permission): boolean {
  if (!many(statement.Action).some((pattern) => matchesAction(pattern, permission.action)))
    return false
  if (!many(statement.Resource).some((pattern) => matchesResource(pattern, permission.resource)))
    return false
  const context = permission.context ?? {}
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, key, many(values), context)
    )
  )
}

export function evaluate(policy: PolicyDocument, permission: Permission): Decision {
  const applying = many(policy.Statement).filter((statement) =>
    statementApplies(statement, permission)
  )
  if (applying.some((statement) => statement.Effect === 'Deny')) return 'explicit-deny'
  return applying.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'implicit-deny'
}

/**
 * IAM's wording (AWS "Troubleshoot access denied error messages"; seen in the field for ECS, e.g.
 * "… is not authorized to perform: iam:PassRole on resource: arn:aws:iam::…:role/… because no
 * identity-based policy allows the iam:PassRole action" from RegisterTaskDefinition and RunTask).
 */
export function deniedError(permission: Permission, decision: Exclude<Decision, 'allowed'>) {
  const { action, resource } = permission
  const why =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`
  return new AwsError(
    'AccessDeniedException',
    `User: ${DENIED_PRINCIPAL} is not authorized to perform: ${action} on resource: ${resource} ${why}`
  )
}

/** Throws the AccessDeniedException for the first permission the policy does not grant. */
export function authorize(policy: PolicyDocument, permissions: readonly Permission[]): void {
  for (const permission of permissions) {
    const decision = evaluate(policy, permission)
    if (decision !== 'allowed') throw deniedError(permission, decision)
  }
}
