import * as core from '@actions/core'
import {
  appSpecContainerProblem,
  deployWithCodeDeploy,
  loadAppSpec,
  resolveCodeDeploySettings,
  type AppSpec,
  type AppSpecLocation,
  type CodeDeploySettings
} from '../codedeploy/index.js'
import type { InputFileReader } from '../input/file.js'
import { InputError } from '../input/values.js'
import type { DeploymentMethod } from './method.js'

/**
 * The CODE_DEPLOY controller: UpdateService cannot change the task definition of such a service;
 * a CodeDeploy deployment from the AppSpec does.
 */
export function codeDeployMethod(): DeploymentMethod {
  let prepared: { appSpec: AppSpec; settings: CodeDeploySettings } | undefined
  return {
    describe: () => 'CodeDeploy blue/green',
    prepare: async ({ target, run, rendered, appSpec }) => {
      const loaded = await appSpec()
      const names = (rendered.containerDefinitions ?? []).flatMap((c) => (c.name ? [c.name] : []))
      const problem = appSpecContainerProblem(loaded, names)
      if (problem !== undefined) throw new InputError('codedeploy-appspec', problem)
      // Default application and group names come from the cluster and service: checked here.
      prepared = {
        appSpec: loaded,
        settings: resolveCodeDeploySettings(run.settings.codeDeploy, {
          cluster: run.settings.cluster,
          service: target.name
        })
      }
    },
    rollOut: async ({ target, context, outcome, log }) => {
      const { run } = context
      const { settings } = run
      const service = outcome.service
      if (prepared === undefined)
        throw new Error(`CODE_DEPLOY service ${service} was not prepared.`)
      const { appSpec, settings: names } = prepared
      const ignored = Object.keys(settings.serviceUpdate)
      if (ignored.length > 0) {
        log.warning(
          `Service ${service} deploys through CodeDeploy, so ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not sent.`
        )
      }
      if (run.signal?.aborted) {
        outcome.verdict = {
          kind: 'cancelled',
          reason: `The run was cancelled before service ${service} was updated; nothing was deployed.`
        }
        return
      }
      const before = target.before
      const result = await log.group('CodeDeploy deployment', () =>
        deployWithCodeDeploy({
          port: run.deps.codeDeploy(),
          clock: run.clock,
          settings: names,
          appSpec,
          taskDefinitionArn: context.revision.arn,
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
          ...(run.signal !== undefined && { signal: run.signal })
        })
      )
      outcome.codeDeployDeploymentId = result.deploymentId
      outcome.codeDeployConsoleUrl = result.consoleUrl
      if (result.verdict === undefined) {
        log.info(
          'wait-for-service-stability is false: not waiting, so the outcome of the deployment is unknown.'
        )
        return
      }
      outcome.verdict = result.verdict
      // A failure's reason ends the run as its error annotation: said once, there.
      if (result.verdict.kind === 'succeeded') log.info(result.verdict.reason)
    }
  }
}

/**
 * Reads and parses the AppSpec input file. The description's truncation warning is given here,
 * once: the file is read once a run, by whichever asks first.
 */
export async function readAppSpec(options: {
  readFile: InputFileReader
  location: AppSpecLocation
  descriptionTruncatedFrom?: number
}): Promise<AppSpec> {
  const { location } = options
  const file = { input: 'codedeploy-appspec', value: location.input, path: location.path }
  const text = await options.readFile(file).catch((error: unknown) => {
    // The safe reader's refusals (a link out of the workspace, a file too large) name the input.
    if (error instanceof InputError) throw error
    throw new InputError(
      'codedeploy-appspec',
      `names file ${location.input}, which ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`}: a CODE_DEPLOY service is deployed with an AppSpec (YAML or JSON) naming the service's TaskDefinition and LoadBalancerInfo`
    )
  })
  const appSpec = loadAppSpec(text, location.input)
  const truncated = options.descriptionTruncatedFrom
  if (truncated !== undefined) {
    core.warning(
      `Input "codedeploy-deployment-description" is ${truncated} characters long; CodeDeploy takes 512, so it was cut.`
    )
  }
  return appSpec
}
