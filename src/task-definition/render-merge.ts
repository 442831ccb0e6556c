import { isJsonObject, type JsonObject } from './json-value.js'
import type { KeyValueList } from './render-settings.js'

/** One change to a named entry, for the info lines (names only: values may be secret). */
export interface Change {
  readonly name: string
  readonly kind: 'added' | 'updated' | 'removed'
}

/**
 * Merges `pairs` into a list of `{[idKey]: name, [valueKey]: value}` objects in place: every entry
 * with the name is updated, a new name is appended. Items that are not such objects are left alone
 * (validation reports them).
 */
export function mergeNamed(
  list: unknown[],
  pairs: KeyValueList,
  valueKey: string,
  idKey = 'name'
): Change[] {
  const changes: Change[] = []
  for (const [name, value] of pairs) {
    const matches = list.filter(
      (item): item is JsonObject => isJsonObject(item) && item[idKey] === name
    )
    if (matches.length === 0) {
      list.push({ [idKey]: name, [valueKey]: value })
      changes.push({ name, kind: 'added' })
    } else if (matches.some((item) => item[valueKey] !== value)) {
      for (const item of matches) item[valueKey] = value
      changes.push({ name, kind: 'updated' })
    }
  }
  return changes
}

/** Fills the empty `list` with exactly `pairs`; the changes are relative to `previous`. */
export function replaceNamed(
  previous: unknown,
  list: unknown[],
  pairs: KeyValueList,
  valueKey: string
): Change[] {
  const old = (Array.isArray(previous) ? (previous as unknown[]) : []).filter(
    (item): item is JsonObject => isJsonObject(item) && typeof item.name === 'string'
  )
  mergeNamed(list, pairs, valueKey)
  const values = new Map<string, string>(pairs)
  const changes: Change[] = []
  for (const [name, value] of values) {
    const before = old.filter((item) => item.name === name)
    if (before.length === 0) changes.push({ name, kind: 'added' })
    else if (before.some((item) => item[valueKey] !== value))
      changes.push({ name, kind: 'updated' })
  }
  for (const name of new Set(old.map((item) => item.name as string))) {
    if (!values.has(name)) changes.push({ name, kind: 'removed' })
  }
  return changes
}

/**
 * A copy of `map` with `pairs` merged in: existing keys keep their place, new ones go last. Built
 * with Object.fromEntries so a key such as `__proto__` stays an ordinary key.
 */
export function mergeMap(
  map: JsonObject,
  pairs: KeyValueList
): { map: JsonObject; changes: Change[] } {
  const entries = Object.entries(map)
  const changes: Change[] = []
  for (const [name, value] of pairs) {
    const entry = entries.find(([key]) => key === name)
    if (entry === undefined) {
      entries.push([name, value])
      changes.push({ name, kind: 'added' })
    } else if (entry[1] !== value) {
      entry[1] = value
      changes.push({ name, kind: 'updated' })
    }
  }
  return { map: Object.fromEntries(entries), changes }
}
