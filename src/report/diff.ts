import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { createTwoFilesPatch } from 'diff'
import { comparableForm } from '../task-definition/index.js'

const REDACTED = '***'

/**
 * A unified diff from the revision the service runs to the one this run deploys, over their
 * comparable forms (ECS's defaults left out), so it shows only real changes. Environment values,
 * secret sources and credential-like options are redacted unless `showValues` (see `redacted`): a
 * job log is not the place for them.
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

/**
 * What counts as sensitive, and why:
 * - environment values: may be secrets set in plain text (the inputs even invite it);
 * - secrets[].valueFrom, logConfiguration.secretOptions[].valueFrom,
 *   repositoryCredentials.credentialsParameter and environmentFiles[].value: where secrets and
 *   environment values come from (ARNs naming the account, the secret and the bucket);
 * - logConfiguration.options and dockerLabels whose key names a credential (an `apikey` for a
 *   FireLens output, a `splunk-token`, a basic-auth label): plugins take credentials there.
 * Other options and labels, proxy configuration, commands and everything else stay visible: they
 * are configuration a reviewer needs to see, and ECS's own answer to secrets is `secrets`.
 */
const CREDENTIAL_KEY = /key|token|secret|passw|credential|auth|private/i

/**
 * Values become `***`; one that differs from the other side's becomes `*** (changed)`, so a change
 * still shows. One the other side lacks is just `***`: the diff shows it as added already.
 */
function redacted(
  td: RegisterTaskDefinitionCommandInput,
  other: RegisterTaskDefinitionCommandInput
): RegisterTaskDefinitionCommandInput {
  const mask = (value: string | undefined, otherValue: string | undefined): string =>
    otherValue === undefined || value === otherValue ? REDACTED : `${REDACTED} (changed)`
  const byName = <T extends { name?: string | undefined }, K extends 'value' | 'valueFrom'>(
    list: (T & Partial<Record<K, string>>)[],
    twins: (T & Partial<Record<K, string>>)[] | undefined,
    field: K
  ): T[] =>
    list.map((item) => ({
      ...item,
      [field]: mask(item[field], twins?.find((t) => t.name === item.name)?.[field])
    }))
  const credentialValues = (
    map: Record<string, string> | undefined,
    twin: Record<string, string> | undefined
  ): Record<string, string> | undefined =>
    map &&
    Object.fromEntries(
      Object.entries(map).map(([key, value]) => [
        key,
        CREDENTIAL_KEY.test(key) ? mask(value, twin?.[key]) : value
      ])
    )
  return {
    ...td,
    containerDefinitions: (td.containerDefinitions ?? []).map((container) => {
      const twin = other.containerDefinitions?.find((c) => c.name === container.name)
      const log = container.logConfiguration
      return {
        ...container,
        ...(container.environment && {
          environment: byName(container.environment, twin?.environment, 'value')
        }),
        ...(container.secrets && {
          secrets: byName(container.secrets, twin?.secrets, 'valueFrom')
        }),
        ...(container.environmentFiles && {
          // Files have no names: the n-th is compared with the other side's n-th.
          environmentFiles: container.environmentFiles.map((file, index) => ({
            ...file,
            value: mask(file.value, twin?.environmentFiles?.[index]?.value)
          }))
        }),
        ...(container.repositoryCredentials && {
          repositoryCredentials: {
            ...container.repositoryCredentials,
            credentialsParameter: mask(
              container.repositoryCredentials.credentialsParameter,
              twin?.repositoryCredentials?.credentialsParameter
            )
          }
        }),
        ...(log && {
          logConfiguration: {
            ...log,
            ...(log.options && {
              options: credentialValues(log.options, twin?.logConfiguration?.options)
            }),
            ...(log.secretOptions && {
              secretOptions: byName(
                log.secretOptions,
                twin?.logConfiguration?.secretOptions,
                'valueFrom'
              )
            })
          }
        }),
        ...(container.dockerLabels && {
          dockerLabels: credentialValues(container.dockerLabels, twin?.dockerLabels)
        })
      }
    })
  }
}
