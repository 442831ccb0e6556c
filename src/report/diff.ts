import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { createTwoFilesPatch } from 'diff'
import { comparableForm } from '../task-definition/index.js'

const REDACTED = '***'

/**
 * A unified diff from the revision the service runs to the one this run deploys, over their
 * comparable forms (ECS's defaults left out), so it shows only real changes. Environment values and
 * secret sources are redacted unless `showValues`: a job log is not the place for them.
 */
export function taskDefinitionDiff(options: {
  before: RegisterTaskDefinitionCommandInput
  after: RegisterTaskDefinitionCommandInput
  beforeName: string
  afterName: string
  showValues: boolean
}): string {
  const text = (
    td: RegisterTaskDefinitionCommandInput,
    other: RegisterTaskDefinitionCommandInput
  ): string =>
    `${JSON.stringify(comparableForm(options.showValues ? td : redacted(td, other), { withTags: true }), null, 2)}\n`
  // Only the new side marks changes: with both marked, a changed value would diff as equal.
  const before = text(options.before, options.before)
  const after = text(options.after, options.before)
  if (before === after) return ''
  // The first lines name the files and an empty "===" separator; drop the separator.
  return createTwoFilesPatch(options.beforeName, options.afterName, before, after, '', '', {
    context: 3
  })
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .join('\n')
    .trimEnd()
}

/** Values become `***`; one that differs from the other side's becomes `*** (changed)`, so a change still shows. */
function redacted(
  td: RegisterTaskDefinitionCommandInput,
  other: RegisterTaskDefinitionCommandInput
): RegisterTaskDefinitionCommandInput {
  const mask = (value: string | undefined, otherValue: string | undefined): string =>
    value === otherValue ? REDACTED : `${REDACTED} (changed)`
  return {
    ...td,
    containerDefinitions: (td.containerDefinitions ?? []).map((container) => {
      const twin = other.containerDefinitions?.find((c) => c.name === container.name)
      return {
        ...container,
        ...(container.environment && {
          environment: container.environment.map((variable) => ({
            ...variable,
            value: mask(
              variable.value,
              twin?.environment?.find((v) => v.name === variable.name)?.value
            )
          }))
        }),
        ...(container.secrets && {
          secrets: container.secrets.map((secret) => ({
            ...secret,
            valueFrom: mask(
              secret.valueFrom,
              twin?.secrets?.find((v) => v.name === secret.name)?.valueFrom
            )
          }))
        })
      }
    })
  }
}
