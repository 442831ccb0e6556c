import { InputError } from '../input/values.js'

export type JsonObject = Record<string, unknown>

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A JSON array of objects, e.g. `[{"key":"a","value":"b"}]`; errors name the input and the item. */
export function parseObjectList(name: string, text: string, form: string): JsonObject[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new InputError(name, `is not valid JSON (${reason}); expected a JSON array, ${form}`)
  }
  if (!Array.isArray(value)) {
    throw new InputError(name, `must be a JSON array, ${form}`)
  }
  return value.map((item: unknown, index) => {
    if (!isObject(item)) {
      throw new InputError(name, `item ${index} is not a JSON object; ${form}`)
    }
    return item
  })
}
