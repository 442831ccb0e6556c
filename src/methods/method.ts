import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { AppSpec } from '../codedeploy/index.js'
import type { ServiceOutcome } from '../report/outcome.js'
import type { EcsPort } from '../aws/ecs.js'
import type { Run } from '../run/run.js'
import type { PhaseLog } from '../text/step-log.js'

/** A service to deploy to, as inspected before anything changed, with the method that deploys it. */
export interface ServiceTarget {
  readonly name: string
  /** DescribeServices during the inspection. */
  readonly before: Service
  readonly method: DeploymentMethod
}

/** The revision every service of the run rolls out. */
export interface RolloutRevision {
  readonly arn: string
  /** As rendered (and pinned): which containers it has, where they log. */
  readonly taskDefinition: RegisterTaskDefinitionCommandInput
}

/** What every service's roll-out shares: one run, one revision, one API call budget for reads. */
export interface RollOutContext {
  readonly run: Run
  readonly revision: RolloutRevision
  readonly region: string
  /**
   * ECS for watching: the services of the run are watched side by side within one call budget,
   * and their DescribeServices, DescribeServiceDeployments and DescribeServiceRevisions go out
   * together (batched-reads.ts), their polls in step (pollGrid).
   */
  readonly reads: EcsPort
  /** Several services: epoch ms their watches poll in step from, so their reads go out together. */
  readonly pollGrid?: number
}

export interface PrepareOptions {
  readonly target: ServiceTarget
  readonly run: Run
  readonly rendered: RegisterTaskDefinitionCommandInput
  /** The AppSpec input file, read and parsed once a run, by whichever asks first. */
  readonly appSpec: () => Promise<AppSpec>
  readonly log: PhaseLog
}

export interface RollOutOptions {
  readonly target: ServiceTarget
  readonly context: RollOutContext
  readonly outcome: ServiceOutcome
  readonly log: PhaseLog
}

/**
 * How a service gets a new revision: one implementation per deployment controller. methodFor()
 * (methods/index.ts) picks it, and is the only code that reads deploymentController.
 */
export interface DeploymentMethod {
  /** How the log names the way the service deploys, e.g. "ROLLING deployments". */
  describe(service: Service): string
  /**
   * Before anything changes: warnings about the service's settings, and whatever the method must
   * read and check. Throws InputError for bad input.
   */
  prepare(options: PrepareOptions): Promise<void>
  /** Deploys the revision, watches it to a verdict, and writes the outcome as it goes. */
  rollOut(options: RollOutOptions): Promise<void>
}
