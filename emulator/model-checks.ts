// Model constraints checked the way Coral-based services check them after deserializing: every
// violation (required, length, range, pattern, enum) is collected and reported together in one
// ValidationException, "1 validation error detected: Value null at 'rule' failed to satisfy
// constraint: Member must not be null", or "2 validation errors detected: …; …". Member paths are
// the lower-camel member names, list items `targets.1.member.id` (1-based). Seen in real answers:
// EventBridge ListTargetsByRule "Value '${…}' at 'rule' failed to satisfy constraint: Member must
// satisfy regular expression pattern: [\.\-_A-Za-z0-9]+" (CircleCI-Public/aws-ecs-orb#187) and
// Scheduler "Value … at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular
// expression pattern: …" (aws/aws-sdk-net#2495). Also: `prune`, which drops the members a model
// does not have, as the services do with unknown JSON members.

import { AwsError } from './errors.js'
import type { Shape } from './validate.js'

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

/** `Targets`, 0, `EcsParameters` → `targets.1.member.ecsParameters`. */
export function memberPath(...parts: readonly (string | number)[]): string {
  return parts
    .map((part) => (typeof part === 'number' ? `${part + 1}.member` : lowerFirst(part)))
    .join('.')
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'null'
  // Not confirmed: how Coral prints a list value; only its length matters to a reader.
  if (Array.isArray(value)) return `'[${value.length} items]'`
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `'${String(value)}'`
  }
  return `'${JSON.stringify(value)}'`
}

export class Violations {
  private readonly found: string[] = []

  add(value: unknown, path: string, constraint: string): void {
    this.found.push(
      `Value ${shown(value)} at '${path}' failed to satisfy constraint: ${constraint}`
    )
  }

  required(value: unknown, path: string): boolean {
    if (value !== undefined && value !== null) return true
    this.add(value, path, 'Member must not be null')
    return false
  }

  length(value: string | readonly unknown[] | undefined, path: string, min: number, max?: number) {
    if (value === undefined) return
    if (value.length < min) {
      this.add(value, path, `Member must have length greater than or equal to ${min}`)
    } else if (max !== undefined && value.length > max) {
      this.add(value, path, `Member must have length less than or equal to ${max}`)
    }
  }

  range(value: number | undefined, path: string, min: number, max?: number): void {
    if (value === undefined) return
    if (value < min) this.add(value, path, `Member must have value greater than or equal to ${min}`)
    else if (max !== undefined && value > max) {
      this.add(value, path, `Member must have value less than or equal to ${max}`)
    }
  }

  pattern(value: string | undefined, path: string, pattern: string): void {
    if (value === undefined) return
    if (!new RegExp(`^(?:${pattern})$`).test(value)) {
      this.add(value, path, `Member must satisfy regular expression pattern: ${pattern}`)
    }
  }

  oneOf(value: string | undefined, path: string, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value)) return
    this.add(value, path, `Member must satisfy enum value set: [${allowed.join(', ')}]`)
  }

  /** Throws the ValidationException listing every violation, when there is one. */
  throwIfAny(): void {
    const count = this.found.length
    if (count === 0) return
    const noun = count === 1 ? 'error' : 'errors'
    throw new AwsError(
      'ValidationException',
      `${count} validation ${noun} detected: ${this.found.join('; ')}`
    )
  }
}

/**
 * The value with every member the shape does not declare removed, and nulls dropped: what a
 * service keeps of a JSON document after deserializing it into its model.
 */
export function prune(value: unknown, expected: Shape): unknown {
  if (value === null || value === undefined) return undefined
  switch (expected.kind) {
    case 'list':
      return Array.isArray(value)
        ? value.map((item) => prune(item, expected.member)).filter((item) => item !== undefined)
        : undefined
    case 'map':
      return typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .map(([key, item]) => [key, prune(item, expected.value)] as const)
              .filter(([, item]) => item !== undefined)
          )
        : undefined
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return undefined
      const kept: Record<string, unknown> = {}
      for (const [name, memberShape] of Object.entries(expected.members)) {
        const member = prune((value as Record<string, unknown>)[name], memberShape)
        if (member !== undefined) kept[name] = member
      }
      return kept
    }
    default:
      return value
  }
}
