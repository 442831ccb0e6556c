import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { EcsPort } from '../aws/ecs.js'
import { describeAwsError, errorName, meansServiceDeploymentsUnavailable } from '../aws/errors.js'
import type { DeploymentRef } from './deployment-ref.js'
import { SKEW_MS } from './verdict.js'

type Port = Pick<
  EcsPort,
  'describeServiceDeployment' | 'listServiceDeployments' | 'serviceRevisionTaskDefinition'
>

export interface TrackerLog {
  info(line: string): void
  warning(line: string): void
}

/** Without `currentServiceDeployment` to go by, list the service's deployments this often. */
const LIST_EVERY_LOOKUPS = 3

/**
 * The service deployment this run created, found and read through the service-deployments API.
 * ECS lists a new service deployment only seconds after UpdateService (ecspresso retries
 * ListServiceDeployments for up to 10 s; DescribeServiceDeployments answers MISSING meanwhile), so
 * one empty answer is "not yet": the watch asks again every poll and uses deployments[] meanwhile.
 * Only a deployment that targets our revision and was created at or after our UpdateService is
 * ours; never one merely because it differs from the one before. Access denied or an unsupported
 * API end the lookups for the run: they would only cost calls.
 */
export class ServiceDeploymentTracker {
  private arnFound: string | undefined
  private unavailableSaid = false
  private gaveUp = false
  private lookups = 0
  private readonly rejected = new Set<string>()
  private readonly revisions = new Map<string, Promise<string | undefined>>()

  constructor(
    private readonly ecs: Port,
    private readonly ref: () => DeploymentRef,
    private readonly log: TrackerLog,
    /** The service deployment the service showed before our UpdateService: never ours. */
    private readonly before: string | undefined
  ) {}

  get arn(): string | undefined {
    return this.arnFound
  }

  /** False once the API said it cannot answer here: deployments[] alone from then on. */
  get available(): boolean {
    return !this.gaveUp
  }

  /** Forget ours: the watch follows another deployment of our revision. */
  reset(): void {
    this.arnFound = undefined
  }

  /**
   * Looks for ours once (at most two or three calls): the ARN the service names as current, or
   * every few polls the list of those created since our update. Returns it when found.
   */
  async lookup(service: Service | undefined): Promise<ServiceDeployment | undefined> {
    if (this.arnFound !== undefined || this.gaveUp) return undefined
    this.lookups++
    try {
      const current = service?.currentServiceDeployment
      const candidates =
        current !== undefined && current !== this.before && !this.rejected.has(current)
          ? [current]
          : this.lookups % LIST_EVERY_LOOKUPS === 1
            ? await this.listed()
            : []
      for (const arn of candidates) {
        const sd = await this.ecs.describeServiceDeployment(arn)
        if (sd === undefined) continue // MISSING: not listed yet
        if (await this.isOurs(sd)) {
          this.arnFound = arn
          this.log.info(
            `Found service deployment ${arn} for deployment ${this.ref().deploymentId}.`
          )
          return sd
        }
        this.rejected.add(arn)
      }
    } catch (error) {
      this.unavailable(error)
    }
    return undefined
  }

  /** Ours as ECS shows it now; undefined while it answers MISSING (a lag, not an end). */
  async read(): Promise<ServiceDeployment | undefined> {
    const arn = this.arnFound
    if (arn === undefined || this.gaveUp) return undefined
    try {
      return await this.ecs.describeServiceDeployment(arn)
    } catch (error) {
      this.unavailable(error)
      return undefined
    }
  }

  /** The task definition of a service revision (the rollback's target, say), read once. */
  taskDefinitionOf(revisionArn: string | undefined): Promise<string | undefined> {
    if (revisionArn === undefined) return Promise.resolve(undefined)
    let answer = this.revisions.get(revisionArn)
    if (answer === undefined) {
      answer = this.ecs.serviceRevisionTaskDefinition(revisionArn)
      this.revisions.set(revisionArn, answer)
      answer.catch(() => this.revisions.delete(revisionArn))
    }
    return answer
  }

  private async listed(): Promise<string[]> {
    const ref = this.ref()
    const briefs = await this.ecs.listServiceDeployments({
      cluster: ref.cluster,
      service: ref.service,
      createdAfter: new Date(ref.startedAt - SKEW_MS)
    })
    return [...briefs]
      .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
      .flatMap((b) =>
        b.serviceDeploymentArn === undefined ||
        b.serviceDeploymentArn === this.before ||
        this.rejected.has(b.serviceDeploymentArn)
          ? []
          : [b.serviceDeploymentArn]
      )
  }

  private async isOurs(sd: ServiceDeployment): Promise<boolean> {
    const ref = this.ref()
    const created = sd.createdAt?.getTime()
    if (created !== undefined && created < ref.startedAt - SKEW_MS) return false
    const taskDefinition = await this.taskDefinitionOf(sd.targetServiceRevision?.arn)
    return taskDefinition === ref.taskDefinitionArn
  }

  private unavailable(error: unknown): void {
    if (!meansServiceDeploymentsUnavailable(error)) throw error
    this.gaveUp = true
    if (this.unavailableSaid) return
    this.unavailableSaid = true
    const line =
      `The service-deployments API is not available (${describeAwsError('A service-deployments call', error)}); ` +
      "watching the service's deployments list instead."
    // A missing permission is worth an annotation; a region without the API is not.
    if (errorName(error) === 'AccessDeniedException') this.log.warning(line)
    else this.log.info(line)
  }
}
