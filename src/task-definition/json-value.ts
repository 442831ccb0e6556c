/** A plain JSON-like object: what JSON.parse and yaml produce for a mapping. */
export type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  // Compared structurally, not with Object.prototype: objects from another realm (structuredClone
  // under jest's vm, for one) are just as plain.
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}

/**
 * Names a value's JSON type for error messages, with the value itself when it is short, so the
 * user sees exactly what the parser read (YAML turns `cpu: 256` into a number, `value:` into null).
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return value.length > 60
        ? `a string of ${value.length} characters`
        : `string ${JSON.stringify(value)}`
    case 'number':
      return `number ${String(value)}`
    case 'boolean':
      return `boolean ${String(value)}`
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

/** A value as an info line shows it: strings as they are, anything else as JSON, absent as (none). */
export function displayValue(value: unknown): string {
  if (value === undefined) return '(none)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}
