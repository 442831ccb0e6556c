import { resolveInputPath, type InputPathRoots } from '../input/path.js'
import type { InputReader } from '../input/reader.js'
import { InputError } from '../input/values.js'

/** The CodeDeploy inputs as given: only what the user set, paths resolved. Defaults need the service. */
export interface CodeDeployInputs {
  readonly appSpec: AppSpecLocation
  readonly application?: string
  readonly deploymentGroup?: string
  readonly description?: string
  /** The description's length before truncation, when it had to be cut (warn about it). */
  readonly descriptionTruncatedFrom?: number
  readonly deploymentConfig?: string
}

export interface AppSpecLocation {
  /** The input value, or the default `appspec.yaml`: what error messages name. */
  readonly input: string
  /** Absolute: relative values resolve against GITHUB_WORKSPACE; never outside it or RUNNER_TEMP. */
  readonly path: string
  /** The workflow named it: then it is read and checked before any AWS call. */
  readonly given: boolean
}

/** What one CODE_DEPLOY service deploys with: names resolved for its cluster and service. */
export interface CodeDeploySettings {
  readonly appSpec: AppSpecLocation
  readonly application: string
  readonly deploymentGroup: string
  readonly description?: string
  readonly deploymentConfig?: string
}

export const CODEDEPLOY_INPUTS = {
  appSpec: 'codedeploy-appspec',
  application: 'codedeploy-application',
  deploymentGroup: 'codedeploy-deployment-group',
  description: 'codedeploy-deployment-description',
  deploymentConfig: 'codedeploy-deployment-config'
} as const

const DEFAULT_APPSPEC = 'appspec.yaml'
// CodeDeploy API: ApplicationName, DeploymentGroupName and DeploymentConfigName are 1-100 characters.
const MAX_NAME = 100
// The official action cuts the description to 512 characters (511 and an ellipsis); so do we,
// so that a workflow moving over keeps working with a long commit message as its description.
const MAX_DESCRIPTION = 512
// Control characters in a name can only come from a templating mistake.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** The CodeDeploy inputs by name, each with the value its row of the input table gives. */
export interface CodeDeployInputValues {
  readonly 'codedeploy-appspec': string | undefined
  readonly 'codedeploy-application': string | undefined
  readonly 'codedeploy-deployment-group': string | undefined
  readonly 'codedeploy-deployment-description': string | undefined
  readonly 'codedeploy-deployment-config': string | undefined
}

/**
 * Reads the CodeDeploy inputs. Nothing here needs the service: call `resolveCodeDeploySettings`
 * once the service is known.
 */
export function readCodeDeploySettings(
  inputs: InputReader<CodeDeployInputValues>,
  /** GITHUB_WORKSPACE alone, or with RUNNER_TEMP. */
  where: string | InputPathRoots
): CodeDeployInputs {
  const roots = typeof where === 'string' ? { workspace: where } : where
  const given = inputs.get(CODEDEPLOY_INPUTS.appSpec)
  const appSpecInput = given ?? DEFAULT_APPSPEC
  const application = inputs.get(CODEDEPLOY_INPUTS.application)
  const deploymentGroup = inputs.get(CODEDEPLOY_INPUTS.deploymentGroup)
  const deploymentConfig = inputs.get(CODEDEPLOY_INPUTS.deploymentConfig)
  const rawDescription = inputs.get(CODEDEPLOY_INPUTS.description)
  const description = rawDescription === undefined ? undefined : truncateDescription(rawDescription)
  return Object.freeze({
    appSpec: Object.freeze({
      input: appSpecInput,
      path: resolveInputPath(CODEDEPLOY_INPUTS.appSpec, appSpecInput, roots),
      given: given !== undefined
    }),
    ...(application !== undefined && { application }),
    ...(deploymentGroup !== undefined && { deploymentGroup }),
    ...(deploymentConfig !== undefined && { deploymentConfig }),
    ...(description !== undefined && { description }),
    ...(rawDescription !== undefined &&
      description !== rawDescription && {
        descriptionTruncatedFrom: Array.from(rawDescription).length
      })
  })
}

/**
 * Fills in the official action's defaults, `AppECS-{cluster}-{service}` and
 * `DgpECS-{cluster}-{service}` (the names the ECS console gives when it creates them), from the
 * cluster and service names (ARNs are reduced to their names).
 */
export function resolveCodeDeploySettings(
  inputs: CodeDeployInputs,
  target: { cluster: string; service: string }
): CodeDeploySettings {
  const cluster = lastSegment(target.cluster)
  const service = lastSegment(target.service)
  const application = inputs.application ?? defaultName('AppECS', cluster, service)
  const deploymentGroup = inputs.deploymentGroup ?? defaultName('DgpECS', cluster, service)
  if (inputs.application === undefined) checkDefault(CODEDEPLOY_INPUTS.application, application)
  if (inputs.deploymentGroup === undefined)
    checkDefault(CODEDEPLOY_INPUTS.deploymentGroup, deploymentGroup)
  return Object.freeze({
    appSpec: inputs.appSpec,
    application,
    deploymentGroup,
    ...(inputs.description !== undefined && { description: inputs.description }),
    ...(inputs.deploymentConfig !== undefined && { deploymentConfig: inputs.deploymentConfig })
  })
}

/** 511 characters and `…` when longer than 512 (counted in code points, never splitting one). */
export function truncateDescription(text: string): string {
  const characters = Array.from(text)
  return characters.length <= MAX_DESCRIPTION
    ? text
    : `${characters.slice(0, MAX_DESCRIPTION - 1).join('')}…`
}

/** An application, deployment group or deployment config name, as CodeDeploy takes it. */
export function parseCodeDeployName(value: string, name: string): string {
  if (value.length > MAX_NAME) {
    throw new InputError(name, `must be at most ${MAX_NAME} characters, got ${value.length}`)
  }
  if (CONTROL.test(value)) {
    throw new InputError(name, 'must be one line without control characters')
  }
  return value
}

function defaultName(prefix: string, cluster: string, service: string): string {
  return `${prefix}-${cluster}-${service}`
}

function checkDefault(name: string, value: string): void {
  if (value.length > MAX_NAME) {
    throw new InputError(
      name,
      `is not set, and its default "${value}" is longer than ${MAX_NAME} characters, the CodeDeploy limit: set it to the name you gave`
    )
  }
}

/** `arn:aws:ecs:…:service/prod/web` → `web`; a plain name stays as it is. */
function lastSegment(value: string): string {
  return value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value
}
