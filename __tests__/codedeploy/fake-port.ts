// A scripted CodeDeploy: after CreateDeployment, GetDeployment and the ECS target follow a
// timeline keyed by milliseconds since the deployment was created, read from the test's clock.

import type {
  DeploymentGroupInfo,
  DeploymentInfo,
  ECSTarget,
  LifecycleEvent
} from '@aws-sdk/client-codedeploy'
import type { CodeDeployPort, CreateDeploymentRequest } from '../../src/aws/codedeploy.js'
import type { FakeClock } from '../../__fixtures__/fake-clock.js'
import { ECS_LIFECYCLE_EVENTS } from '../../emulator/codedeploy/state.js'

export interface Step {
  /** Milliseconds after CreateDeployment from which this step applies. */
  at: number
  deployment: Partial<DeploymentInfo>
  events?: Record<string, LifecycleEvent['status'] | LifecycleEvent>
}

// The order CodeDeploy runs an ECS deployment's lifecycle events in, as the emulator models it.
export const EVENTS = ECS_LIFECYCLE_EVENTS

export class FakeCodeDeploy implements CodeDeployPort {
  readonly calls: { operation: string; input: unknown }[] = []
  createdAt: number | undefined
  /** Errors thrown by the next GetDeployment calls, in order. */
  readonly getErrors: Error[] = []
  targetError: Error | undefined

  constructor(
    private readonly clock: FakeClock,
    private readonly group: DeploymentGroupInfo,
    private readonly steps: Step[]
  ) {}

  getDeploymentGroup(request: { applicationName: string; deploymentGroupName: string }) {
    this.calls.push({ operation: 'GetDeploymentGroup', input: request })
    return Promise.resolve(this.group)
  }

  createDeployment(request: CreateDeploymentRequest) {
    this.calls.push({ operation: 'CreateDeployment', input: request })
    this.createdAt = this.clock.now()
    return Promise.resolve('d-TEST12345')
  }

  getDeployment(deploymentId: string) {
    this.calls.push({ operation: 'GetDeployment', input: deploymentId })
    const error = this.getErrors.shift()
    if (error !== undefined) return Promise.reject(error)
    return Promise.resolve({ deploymentId, ...this.step().deployment } as DeploymentInfo)
  }

  listDeploymentTargets(deploymentId: string) {
    this.calls.push({ operation: 'ListDeploymentTargets', input: deploymentId })
    if (this.targetError !== undefined) return Promise.reject(this.targetError)
    return Promise.resolve(this.step().events === undefined ? [] : ['prod:web'])
  }

  batchGetDeploymentTargets(request: { deploymentId: string; targetIds: string[] }) {
    this.calls.push({ operation: 'BatchGetDeploymentTargets', input: request })
    const events = this.step().events ?? {}
    const lifecycleEvents = EVENTS.map((name): LifecycleEvent => {
      const given = events[name]
      if (typeof given === 'object') return { lifecycleEventName: name, ...given }
      return { lifecycleEventName: name, status: given ?? 'Pending' }
    })
    const ecsTarget: ECSTarget = {
      deploymentId: request.deploymentId,
      targetId: 'prod:web',
      lifecycleEvents
    }
    return Promise.resolve([{ deploymentTargetType: 'ECSTarget' as const, ecsTarget }])
  }

  stopDeployment(request: { deploymentId: string; autoRollbackEnabled: boolean }) {
    this.calls.push({ operation: 'StopDeployment', input: request })
    return Promise.resolve({ status: 'Pending', statusMessage: 'Stopping' })
  }

  count(operation: string): number {
    return this.calls.filter((call) => call.operation === operation).length
  }

  private step(): Step {
    const elapsed = this.clock.now() - (this.createdAt ?? this.clock.now())
    const applicable = this.steps.filter((step) => step.at <= elapsed)
    const last = applicable[applicable.length - 1]
    if (last === undefined) throw new Error('no step applies')
    return last
  }
}
