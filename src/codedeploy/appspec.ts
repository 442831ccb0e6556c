import { createHash } from 'node:crypto'
import { parseDocument } from 'yaml'
import {
  firstUnsupportedTag,
  lineColumnAt,
  MAX_NESTING_DEPTH,
  yamlTooDeep
} from '../input/document.js'
import { InputError } from '../input/values.js'

const INPUT = 'codedeploy-appspec'
const EXPECTED =
  'expected an ECS AppSpec: Resources with one AWS::ECS::Service target whose Properties hold TaskDefinition and LoadBalancerInfo (ContainerName, ContainerPort)'
const ECS_SERVICE = 'AWS::ECS::Service'

type JsonObject = Record<string, unknown>

/** A parsed, checked ECS AppSpec. `document` is what CodeDeploy gets, once the ARN is set. */
export interface AppSpec {
  readonly source: string
  readonly document: Readonly<JsonObject>
  /** The resource's own name, e.g. `TargetService`. */
  readonly targetName: string
  readonly containerName: string
  readonly containerPort: number | string
  /** Hook names in file order (BeforeInstall, AfterAllowTestTraffic, ...). */
  readonly hooks: readonly string[]
}

export interface RenderedAppSpec {
  /** JSON, as the official action sends it. */
  readonly content: string
  /** Hex SHA-256 of `content`: AppSpecContent.sha256. */
  readonly sha256: string
}

/**
 * Parses (YAML or JSON: JSON is YAML) and checks an AppSpec before anything is registered.
 * Keys are matched case-insensitively, as the official action does, so `resources`/`properties`/
 * `taskDefinition` work too. `source` (the path) is named in every error.
 */
export function loadAppSpec(text: string, source: string): AppSpec {
  const where = `file ${source}`
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  if (body.trim() === '') throw new InputError(INPUT, `names ${where}, which is empty; ${EXPECTED}`)
  // Before the parser, which recurses: nesting thousands of levels deep would overflow the stack.
  const deep = yamlTooDeep(body)
  if (deep !== undefined) {
    throw new InputError(
      INPUT,
      `names ${where}, which nests lists and mappings more than ${MAX_NESTING_DEPTH} levels deep (at ${position(body, deep.offset)}); ${EXPECTED}`
    )
  }
  const doc = parseDocument(body, { prettyErrors: false, uniqueKeys: true })
  const [error] = doc.errors
  if (error !== undefined) {
    throw new InputError(INPUT, `names ${where}, which is not valid YAML or JSON: ${error.message}`)
  }
  const tagged = firstUnsupportedTag(doc.contents)
  if (tagged !== undefined) {
    throw new InputError(
      INPUT,
      `names ${where}, which uses the YAML tag ${tagged.tag} at ${position(body, tagged.offset)}; only the YAML core schema is accepted (strings, numbers, booleans, null, lists and mappings): remove the tag`
    )
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 })
  if (!isObject(value))
    throw new InputError(INPUT, `names ${where}, which is not a mapping; ${EXPECTED}`)

  const fail = (why: string): never => {
    throw new InputError(INPUT, `names ${where}: ${why}; ${EXPECTED}`)
  }
  const resources = valueOf(value, 'Resources')
  if (resources === undefined) fail('it has no Resources')
  if (!Array.isArray(resources) || resources.length === 0) {
    fail(
      'Resources must be a list with one entry, like "- TargetService: {Type: AWS::ECS::Service, …}"'
    )
  }
  const list = resources as unknown[]
  // An ECS deployment updates exactly one service.
  if (list.length > 1) fail(`Resources has ${list.length} entries, an ECS AppSpec has exactly one`)
  const [entry] = list
  if (!isObject(entry) || Object.keys(entry).length !== 1) {
    fail(
      "the Resources entry must be a mapping with one key, the target's name (e.g. TargetService)"
    )
  }
  const [targetName, target] = Object.entries(entry as JsonObject)[0] ?? ['', undefined]
  if (!isObject(target)) fail(`Resources.${targetName} must be a mapping with Type and Properties`)
  const resource = target as JsonObject
  const type = valueOf(resource, 'Type')
  if (type !== ECS_SERVICE) {
    fail(`Resources.${targetName}.Type is ${show(type)}, expected ${ECS_SERVICE}`)
  }
  const properties = valueOf(resource, 'Properties')
  if (!isObject(properties)) fail(`Resources.${targetName} has no Properties mapping`)
  const props = properties as JsonObject
  const taskDefinition = valueOf(props, 'TaskDefinition')
  if (taskDefinition === undefined) {
    fail(
      `Resources.${targetName}.Properties has no TaskDefinition (any placeholder, e.g. "<TASK_DEFINITION>": the action writes the new revision's ARN there)`
    )
  }
  const loadBalancerInfo = valueOf(props, 'LoadBalancerInfo')
  if (!isObject(loadBalancerInfo))
    fail(`Resources.${targetName}.Properties has no LoadBalancerInfo`)
  const lb = loadBalancerInfo as JsonObject
  const containerName = valueOf(lb, 'ContainerName')
  if (typeof containerName !== 'string' || containerName === '') {
    fail(`LoadBalancerInfo.ContainerName must name the container that receives traffic`)
  }
  const containerPort = valueOf(lb, 'ContainerPort')
  if (!isPort(containerPort)) {
    fail(
      `LoadBalancerInfo.ContainerPort must be a port number (1-65535), got ${show(containerPort)}`
    )
  }

  return Object.freeze({
    source,
    document: value,
    targetName,
    containerName: containerName as string,
    containerPort: containerPort as number | string,
    hooks: hookNames(valueOf(value, 'Hooks'))
  })
}

/** Writes the ARN into every TaskDefinition (keeping the file's key spelling) and hashes the JSON. */
export function renderAppSpec(appSpec: AppSpec, taskDefinitionArn: string): RenderedAppSpec {
  const document = structuredClone(appSpec.document) as JsonObject
  const resources = valueOf(document, 'Resources') as unknown[]
  for (const entry of resources) {
    for (const target of Object.values(entry as JsonObject)) {
      const properties = valueOf(target as JsonObject, 'Properties') as JsonObject
      properties[keyOf(properties, 'TaskDefinition') ?? 'TaskDefinition'] = taskDefinitionArn
    }
  }
  const content = JSON.stringify(document)
  return Object.freeze({ content, sha256: createHash('sha256').update(content).digest('hex') })
}

/** The container the AppSpec routes traffic to must exist in the task definition being deployed. */
export function appSpecContainerProblem(
  appSpec: AppSpec,
  containerNames: readonly string[]
): string | undefined {
  if (containerNames.includes(appSpec.containerName)) return undefined
  return (
    `${appSpec.source}: LoadBalancerInfo.ContainerName is "${appSpec.containerName}", but the task definition ` +
    `has no such container (it has ${containerNames.map((n) => `"${n}"`).join(', ') || 'none'})`
  )
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value)
}

function hookNames(hooks: unknown): string[] {
  if (!Array.isArray(hooks)) return []
  return hooks.flatMap((hook) => (isObject(hook) ? Object.keys(hook) : []))
}

function isPort(value: unknown): boolean {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function keyOf(object: JsonObject, name: string): string | undefined {
  const wanted = name.toLowerCase()
  return Object.keys(object).find((key) => key.toLowerCase() === wanted)
}

function valueOf(object: JsonObject, name: string): unknown {
  const key = keyOf(object, name)
  return key === undefined ? undefined : object[key]
}

function position(text: string, offset: number): string {
  const { line, column } = lineColumnAt(text, offset)
  return `line ${line} column ${column}`
}
