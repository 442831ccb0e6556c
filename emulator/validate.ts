// Request checks in the order AWS applies them. First the JSON types, as the Coral frontend
// deserializes them: a wrong type is a SerializationException with Coral's own wording
// (messages as recorded against Coral services, e.g. "class java.lang.Boolean can not be
// converted to an String"). Unknown members are ignored and nulls read as absent, as in Coral.
// Then each handler checks required members and values with ECS's own exceptions and texts.

import { serializationError } from './errors.js'
import type { JsonObject } from './state.js'

export type Shape =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'double' }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'list'; member: Shape }
  | { kind: 'map'; value: Shape }
  | { kind: 'structure'; members: Readonly<Record<string, Shape>> }

export const shape = {
  string: { kind: 'string' } as Shape,
  integer: { kind: 'integer' } as Shape,
  double: { kind: 'double' } as Shape,
  boolean: { kind: 'boolean' } as Shape,
  timestamp: { kind: 'timestamp' } as Shape,
  list: (member: Shape): Shape => ({ kind: 'list', member }),
  map: (value: Shape): Shape => ({ kind: 'map', value }),
  structure: (members: Readonly<Record<string, Shape>>): Shape => ({ kind: 'structure', members })
}

const TRUNCATING_NUMBER = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber'
const START_OF_LIST = 'Start of list found where not expected'
const START_OF_STRUCTURE = 'Start of structure or map found where not expected.'

function javaClassOf(value: unknown): string {
  if (typeof value === 'boolean') return 'class java.lang.Boolean'
  if (typeof value === 'number') return TRUNCATING_NUMBER
  return 'class java.lang.String'
}

function scalarMismatch(value: unknown, target: string): string | undefined {
  if (Array.isArray(value)) return START_OF_LIST
  if (typeof value === 'object' && value !== null) return START_OF_STRUCTURE
  return `${javaClassOf(value)} can not be converted to an ${target}`
}

function check(value: unknown, expected: Shape): void {
  if (value === null || value === undefined) return
  switch (expected.kind) {
    case 'string':
      if (typeof value !== 'string') throw serializationError(scalarMismatch(value, 'String') ?? '')
      return
    case 'integer':
    case 'double':
      if (typeof value !== 'number') {
        const target = expected.kind === 'integer' ? 'Integer' : 'Double'
        throw serializationError(scalarMismatch(value, target) ?? '')
      }
      return
    case 'timestamp':
      if (typeof value !== 'number') throw serializationError(scalarMismatch(value, 'Date') ?? '')
      return
    case 'boolean':
      if (typeof value === 'string') {
        throw serializationError(`'${value}' can not be converted to an Boolean`)
      }
      if (typeof value !== 'boolean')
        throw serializationError(scalarMismatch(value, 'Boolean') ?? '')
      return
    case 'list':
      if (!Array.isArray(value)) {
        throw serializationError(
          typeof value === 'object' ? START_OF_STRUCTURE : 'Expected list or null'
        )
      }
      for (const item of value) check(item, expected.member)
      return
    case 'map':
      if (Array.isArray(value)) throw serializationError(START_OF_LIST)
      if (typeof value !== 'object') throw serializationError('Expected map or null')
      for (const item of Object.values(value)) check(item, expected.value)
      return
    case 'structure':
      if (Array.isArray(value)) throw serializationError(START_OF_LIST)
      if (typeof value !== 'object') throw serializationError('Expected null')
      for (const [name, memberShape] of Object.entries(expected.members)) {
        check((value as JsonObject)[name], memberShape)
      }
      return
  }
}

/** Checks a request body against an operation's input shape; returns it as an object. */
export function checkInput(body: unknown, members: Readonly<Record<string, Shape>>): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw serializationError(Array.isArray(body) ? START_OF_LIST : 'Expected null')
  }
  check(body, shape.structure(members))
  // Coral reads an explicit null as an absent member.
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null))
}

// Typed reads of members already checked by checkInput.
export const read = {
  string: (input: JsonObject, name: string): string | undefined => {
    const value = input[name]
    return typeof value === 'string' ? value : undefined
  },
  integer: (input: JsonObject, name: string): number | undefined => {
    const value = input[name]
    // Coral truncates fractional numbers where an integer is expected.
    return typeof value === 'number' ? Math.trunc(value) : undefined
  },
  number: (input: JsonObject, name: string): number | undefined => {
    const value = input[name]
    return typeof value === 'number' ? value : undefined
  },
  boolean: (input: JsonObject, name: string): boolean | undefined => {
    const value = input[name]
    return typeof value === 'boolean' ? value : undefined
  },
  strings: (input: JsonObject, name: string): string[] | undefined => {
    const value = input[name]
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : undefined
  },
  objects: (input: JsonObject, name: string): JsonObject[] | undefined => {
    const value = input[name]
    return Array.isArray(value)
      ? value.filter(
          (item): item is JsonObject =>
            typeof item === 'object' && item !== null && !Array.isArray(item)
        )
      : undefined
  },
  object: (input: JsonObject, name: string): JsonObject | undefined => {
    const value = input[name]
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined
  }
}
