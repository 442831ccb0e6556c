import { checkIamRoleArn, checkS3ObjectArn } from './arns.js'
import { TaskDefinitionError } from './errors.js'
import { isOneOf, notOneOfMessage } from './field-checks.js'
import { checkImageReference } from './image-reference.js'
import { CPU_FORMS, MEMORY_FORMS, parseCpuUnits, parseMemoryMiB } from './task-size.js'

/** `KEY=value` lines, parsed (see parseKeyValueLines). */
export type KeyValueList = readonly (readonly [string, string])[]

/** What to change in the task definition; every member is optional and the default is "leave it". */
export interface RenderSettings {
  /** The containers every container setting (image, environment, … command) applies to. */
  readonly containerNames?: readonly string[]
  /** The image for every named container. */
  readonly image?: string
  /** Container → image, for any container (named in containerNames or not). */
  readonly images?: Readonly<Record<string, string>>
  readonly environment?: KeyValueList
  /** merge (default): update by name or append; replace: exactly `environment`. */
  readonly environmentMode?: 'merge' | 'replace'
  /** NAME → valueFrom, merged by name; independent of `environment`. */
  readonly secrets?: KeyValueList
  /** S3 object ARNs; replaces environmentFiles. */
  readonly envFiles?: readonly string[]
  readonly logDriver?: string
  /** Merged into logConfiguration.options. */
  readonly logOptions?: KeyValueList
  /** Merged into dockerLabels. */
  readonly dockerLabels?: KeyValueList
  /** Replaces command; an empty list removes it, so the image's CMD applies. */
  readonly command?: readonly string[]
  readonly cpu?: string
  readonly memory?: string
  readonly taskRoleArn?: string
  readonly executionRoleArn?: string
  /** Merged with the task definition's tags by key. */
  readonly tags?: KeyValueList
}

/** The action input behind each setting, named in errors. */
export const RENDER_INPUTS = {
  containerNames: 'container-name',
  image: 'image',
  images: 'images',
  environment: 'environment-variables',
  environmentMode: 'environment-mode',
  secrets: 'secrets',
  envFiles: 'env-files',
  logDriver: 'log-configuration-log-driver',
  logOptions: 'log-configuration-options',
  dockerLabels: 'docker-labels',
  command: 'command',
  cpu: 'cpu',
  memory: 'memory',
  taskRoleArn: 'task-role-arn',
  executionRoleArn: 'execution-role-arn',
  tags: 'tags'
} as const

/** Settings that apply to the containers in containerNames. */
export const CONTAINER_SETTINGS = [
  'image',
  'environment',
  'secrets',
  'envFiles',
  'logDriver',
  'logOptions',
  'dockerLabels',
  'command'
] as const

/** The log drivers in the ECS API model (LogDriver); `logentries` is no longer one of them. */
export const LOG_DRIVERS = [
  'awsfirelens',
  'awslogs',
  'fluentd',
  'gelf',
  'journald',
  'json-file',
  'splunk',
  'syslog'
] as const

/** ECS accepts at most ten environment files per container. */
export const MAX_ENV_FILES = 10
const MAX_TAG_KEY = 128
const MAX_TAG_VALUE = 256

function fail(input: string, message: string): never {
  throw new TaskDefinitionError(message, { input })
}

/** Checks every value that does not depend on the task definition; throws on the first problem. */
export function checkSettingValues(settings: RenderSettings): void {
  if (settings.image !== undefined) checkImage(RENDER_INPUTS.image, settings.image, undefined)
  for (const [container, image] of Object.entries(settings.images ?? {})) {
    checkImage(RENDER_INPUTS.images, image, container)
  }
  for (const key of ['environment', 'secrets', 'logOptions', 'dockerLabels', 'tags'] as const) {
    for (const [name] of settings[key] ?? []) {
      if (name.trim() === '')
        fail(RENDER_INPUTS[key], `${RENDER_INPUTS[key]} has an empty name; give every entry one`)
    }
  }
  for (const [name, valueFrom] of settings.secrets ?? []) {
    if (valueFrom.trim() === '') {
      fail(
        RENDER_INPUTS.secrets,
        `secrets gives ${name} no source; expected ${name}=<SSM parameter name or ARN, or Secrets Manager ARN>`
      )
    }
  }
  checkEnvFiles(settings.envFiles)
  const driver = settings.logDriver
  if (driver !== undefined && !isOneOf(driver, LOG_DRIVERS)) {
    fail(
      RENDER_INPUTS.logDriver,
      `${RENDER_INPUTS.logDriver} ${notOneOfMessage(driver, LOG_DRIVERS)}`
    )
  }
  if (settings.cpu !== undefined && !positive(parseCpuUnits(settings.cpu))) {
    fail(
      RENDER_INPUTS.cpu,
      `cpu ${JSON.stringify(settings.cpu)} is not a CPU amount: write ${CPU_FORMS}`
    )
  }
  if (settings.memory !== undefined && !positive(parseMemoryMiB(settings.memory))) {
    fail(
      RENDER_INPUTS.memory,
      `memory ${JSON.stringify(settings.memory)} is not a memory amount: write ${MEMORY_FORMS}`
    )
  }
  for (const key of ['taskRoleArn', 'executionRoleArn'] as const) {
    const arn = settings[key]
    const why = arn === undefined ? undefined : checkIamRoleArn(arn)
    if (why !== undefined) fail(RENDER_INPUTS[key], `${RENDER_INPUTS[key]}: ${why}`)
  }
  checkTags(settings.tags)
}

function positive(value: number | undefined): boolean {
  return value !== undefined && value > 0
}

function checkImage(input: string, image: string, container: string | undefined): void {
  const check = checkImageReference(image)
  if (!check.ok) {
    const whose = container === undefined ? '' : ` (for container ${container})`
    fail(input, `${JSON.stringify(image)}${whose} is not a valid image reference: ${check.why}`)
  }
}

function checkEnvFiles(files: readonly string[] | undefined): void {
  if (files === undefined) return
  for (const file of files) {
    const why = checkS3ObjectArn(file)
    if (why !== undefined) fail(RENDER_INPUTS.envFiles, `env-files: ${why}`)
  }
  if (files.length > MAX_ENV_FILES) {
    fail(
      RENDER_INPUTS.envFiles,
      `env-files lists ${files.length} files; ECS allows at most ${MAX_ENV_FILES} per container`
    )
  }
}

function checkTags(tags: KeyValueList | undefined): void {
  for (const [key, value] of tags ?? []) {
    const input = RENDER_INPUTS.tags
    if (key.length > MAX_TAG_KEY) {
      fail(
        input,
        `tags: key ${JSON.stringify(key)} is ${key.length} characters long; ECS allows at most ${MAX_TAG_KEY}`
      )
    }
    if (value.length > MAX_TAG_VALUE) {
      fail(
        input,
        `tags: the value of ${key} is ${value.length} characters long; ECS allows at most ${MAX_TAG_VALUE}`
      )
    }
    if (key.toLowerCase().startsWith('aws:')) {
      fail(
        input,
        `tags: key ${JSON.stringify(key)} starts with "aws:", a prefix AWS reserves for its own tags; choose another key`
      )
    }
  }
}

/**
 * Container settings and container-name go together: one without the other is an input mistake,
 * caught from the inputs alone, before any task definition is read.
 */
export function checkContainerSelection(
  settings: RenderSettings,
  selected: ReadonlySet<string>
): void {
  const given = CONTAINER_SETTINGS.filter((key) => settings[key] !== undefined).map(
    (key) => RENDER_INPUTS[key]
  )
  if (given.length > 0 && selected.size === 0) {
    throw new TaskDefinitionError(
      `container-name is required when ${list(given)} ${given.length === 1 ? 'is' : 'are'} set: name the container(s) ${given.length === 1 ? 'it applies' : 'they apply'} to, e.g. container-name: app or container-name: app,worker (to set images per container, use images: app=<image>)`,
      { input: RENDER_INPUTS.containerNames }
    )
  }
  if (given.length === 0 && selected.size > 0) {
    throw new TaskDefinitionError(
      `container-name (${[...selected].join(',')}) has no effect: it names the containers that ${list(
        CONTAINER_SETTINGS.map((key) => RENDER_INPUTS[key]),
        'or'
      )} apply to, and none of them is set; set one (usually image), or remove container-name`,
      { input: RENDER_INPUTS.containerNames }
    )
  }
}

function list(items: readonly string[], last = 'and'): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] ?? ''}`
}
