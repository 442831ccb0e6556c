import { resolveInputPath, type InputPathRoots } from '../input/path.js'
import { checkSource, type SourceInput } from './checks.js'
import type { InputValues, SettingsInputs } from './table.js'

/** Where the task definition comes from: exactly one of these. */
export type TaskDefinitionSource =
  | { readonly kind: 'file'; readonly input: string; readonly path: string }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'family'; readonly family: string; readonly revision?: number }
  | { readonly kind: 'service' }

export function readTaskDefinitionSource(
  inputs: SettingsInputs,
  options: { services: readonly string[]; roots: InputPathRoots }
): TaskDefinitionSource {
  const source = checkSource(inputs, options.services)
  switch (source) {
    case 'task-definition-arn':
      return { kind: 'arn', arn: givenValue(inputs, source) }
    case 'task-definition-family': {
      const family = givenValue(inputs, source)
      const revision = inputs.get('task-definition-revision')
      return { kind: 'family', family, ...(revision !== undefined && { revision }) }
    }
    case 'task-definition-from-service':
      return { kind: 'service' }
    case 'task-definition': {
      const path = givenValue(inputs, source)
      return { kind: 'file', input: path, path: resolveInputPath(source, path, options.roots) }
    }
  }
}

/** The value of the source checkSource found given. */
function givenValue<N extends Exclude<SourceInput, 'task-definition-from-service'>>(
  inputs: SettingsInputs,
  name: N
): NonNullable<InputValues[N]> {
  const value = inputs.get(name)
  if (value === undefined) throw new Error(`Input "${name}" was checked as given, but is unset`)
  return value
}
