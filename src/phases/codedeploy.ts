import * as core from '@actions/core'
import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import {
  appSpecContainerProblem,
  deployWithCodeDeploy,
  loadAppSpec,
  resolveCodeDeploySettings,
  type AppSpec
} from '../codedeploy/index.js'
import { InputError } from '../input/values.js'
import type { ServiceOutcome } from '../report/outcome.js'
import type { Settings } from '../settings/index.js'
import type { PhaseLog } from '../text/step-log.js'
import type { RollOutContext } from './roll-out.js'

/** The AppSpec for CODE_DEPLOY services, read and checked before anything is registered. */
export async function readAppSpec(
  readFile: (path: string) => Promise<string>,
  settings: Settings,
  rendered: RegisterTaskDefinitionCommandInput
): Promise<AppSpec> {
  const location = settings.codeDeploy.appSpec
  const text = await readFile(location.path).catch((error: unknown) => {
    throw new InputError(
      'codedeploy-appspec',
      `names file ${location.input}, which ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`}: a CODE_DEPLOY service is deployed with an AppSpec (YAML or JSON) naming the service's TaskDefinition and LoadBalancerInfo`
    )
  })
  const appSpec = loadAppSpec(text, location.input)
  const names = (rendered.containerDefinitions ?? []).flatMap((c) => (c.name ? [c.name] : []))
  const problem = appSpecContainerProblem(appSpec, names)
  if (problem !== undefined) throw new InputError('codedeploy-appspec', problem)
  const truncated = settings.codeDeploy.descriptionTruncatedFrom
  if (truncated !== undefined) {
    core.warning(
      `Input "codedeploy-deployment-description" is ${truncated} characters long; CodeDeploy takes 512, so it was cut.`
    )
  }
  return appSpec
}

/** CODE_DEPLOY services: UpdateService cannot change their task definition; CodeDeploy does. */
export async function rollOutWithCodeDeploy(
  context: RollOutContext,
  before: Service,
  outcome: ServiceOutcome,
  log: PhaseLog
): Promise<void> {
  const { settings, appSpec } = context
  const service = outcome.service
  if (appSpec === undefined)
    throw new Error(`No AppSpec was loaded for CODE_DEPLOY service ${service}.`)
  const ignored = Object.keys(settings.serviceUpdate)
  if (ignored.length > 0) {
    log.warning(
      `Service ${service} deploys through CodeDeploy, so ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not sent.`
    )
  }
  if (context.signal?.aborted) {
    outcome.verdict = {
      kind: 'cancelled',
      reason: `The run was cancelled before service ${service} was updated; nothing was deployed.`
    }
    return
  }
  const result = await log.group('CodeDeploy deployment', () =>
    deployWithCodeDeploy({
      port: context.codeDeploy(),
      clock: context.clock,
      settings: resolveCodeDeploySettings(settings.codeDeploy, {
        cluster: settings.cluster,
        service
      }),
      appSpec,
      taskDefinitionArn: context.taskDefinitionArn,
      ...(before.taskDefinition !== undefined && {
        previousTaskDefinitionArn: before.taskDefinition
      }),
      cluster: settings.cluster,
      service,
      region: context.region,
      log,
      wait: settings.waitForServiceStability,
      waitForMinutes: settings.waitForMinutes,
      pollIntervalMs: settings.pollIntervalSeconds * 1000,
      rollbackOnFailure: settings.rollbackOnFailure,
      ...(context.signal !== undefined && { signal: context.signal })
    })
  )
  outcome.codeDeployDeploymentId = result.deploymentId
  outcome.consoleUrl = result.consoleUrl
  if (result.verdict === undefined) {
    log.info(
      'wait-for-service-stability is false: not waiting, so the outcome of the deployment is unknown.'
    )
    return
  }
  outcome.verdict = result.verdict
  log.info(result.verdict.reason)
}
