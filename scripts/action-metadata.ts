/** The inputs and outputs action.yml declares, as the docs need them. */
import { parse } from 'yaml'

export interface InputSpec {
  name: string
  description: string
  required: boolean
  default?: string
}

export interface OutputSpec {
  name: string
  description: string
}

export interface ActionMetadata {
  inputs: InputSpec[]
  outputs: OutputSpec[]
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`action.yml: ${where} must be a mapping`)
  }
  return value as Record<string, unknown>
}

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`action.yml: expected a scalar, got ${JSON.stringify(value)}`)
}

/** Reads the inputs and outputs of action.yml, in the order the file declares them. */
export function parseActionMetadata(text: string): ActionMetadata {
  const root = record(parse(text), 'the document')
  const inputs = Object.entries(record(root.inputs, 'inputs')).map(([name, raw]) => {
    const spec = record(raw, `input ${name}`)
    const fallback = scalar(spec.default)
    return {
      name,
      description: scalar(spec.description) ?? '',
      required: spec.required === true || spec.required === 'true',
      ...(fallback !== undefined && { default: fallback })
    }
  })
  const outputs = Object.entries(record(root.outputs, 'outputs')).map(([name, raw]) => ({
    name,
    description: scalar(record(raw, `output ${name}`).description) ?? ''
  }))
  return { inputs, outputs }
}
