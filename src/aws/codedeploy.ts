import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type DeploymentTarget
} from '@aws-sdk/client-codedeploy'
import { USER_AGENT } from './ecs.js'

/** The CodeDeploy calls the CODE_DEPLOY path makes, one method per API call. */
export interface CodeDeployPort {
  getDeploymentGroup(request: {
    applicationName: string
    deploymentGroupName: string
  }): Promise<DeploymentGroupInfo>
  /** Returns the new deployment's id (`d-…`). */
  createDeployment(request: CreateDeploymentRequest): Promise<string>
  getDeployment(deploymentId: string): Promise<DeploymentInfo>
  /** For an ECS deployment: one target, `<cluster>:<service>`, once CodeDeploy has started it. */
  listDeploymentTargets(deploymentId: string): Promise<string[]>
  /** ECS targets carry `ecsTarget.lifecycleEvents[]` and `ecsTarget.taskSetsInfo[]`. */
  batchGetDeploymentTargets(request: {
    deploymentId: string
    targetIds: string[]
  }): Promise<DeploymentTarget[]>
  stopDeployment(request: {
    deploymentId: string
    autoRollbackEnabled: boolean
  }): Promise<{ status?: string; statusMessage?: string }>
}

export interface CreateDeploymentRequest {
  applicationName: string
  deploymentGroupName: string
  appSpec: { content: string; sha256: string }
  /** Sent only when set: the group's own config applies otherwise. */
  deploymentConfigName?: string
  description?: string
}

// ListDeploymentTargets pages; an ECS deployment has one target, so a few pages is plenty.
const MAX_TARGET_PAGES = 10

export function createCodeDeployClient(): CodeDeployClient {
  // Region, credentials and AWS_ENDPOINT_URL_CODEDEPLOY (serviceId "CodeDeploy") come from the
  // SDK's standard environment chain.
  return new CodeDeployClient({
    customUserAgent: USER_AGENT,
    maxAttempts: 5,
    retryMode: 'standard'
  })
}

export function codeDeployAdapter(client: CodeDeployClient): CodeDeployPort {
  return {
    async getDeploymentGroup(request) {
      const { deploymentGroupInfo } = await client.send(new GetDeploymentGroupCommand(request))
      if (deploymentGroupInfo === undefined) {
        throw new Error(`GetDeploymentGroup returned nothing for ${request.deploymentGroupName}`)
      }
      return deploymentGroupInfo
    },

    async createDeployment(request) {
      const { deploymentId } = await client.send(
        new CreateDeploymentCommand({
          applicationName: request.applicationName,
          deploymentGroupName: request.deploymentGroupName,
          revision: { revisionType: 'AppSpecContent', appSpecContent: request.appSpec },
          ...(request.deploymentConfigName !== undefined && {
            deploymentConfigName: request.deploymentConfigName
          }),
          ...(request.description !== undefined && { description: request.description })
        })
      )
      if (deploymentId === undefined) throw new Error('CreateDeployment returned no deployment id')
      return deploymentId
    },

    async getDeployment(deploymentId) {
      const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }))
      if (deploymentInfo === undefined)
        throw new Error(`GetDeployment returned nothing for ${deploymentId}`)
      return deploymentInfo
    },

    async listDeploymentTargets(deploymentId) {
      const ids: string[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_TARGET_PAGES; page++) {
        const response = await client.send(
          new ListDeploymentTargetsCommand({
            deploymentId,
            ...(nextToken !== undefined && { nextToken })
          })
        )
        ids.push(...(response.targetIds ?? []))
        nextToken = response.nextToken
        if (nextToken === undefined || nextToken === '') break
      }
      return ids
    },

    async batchGetDeploymentTargets(request) {
      const { deploymentTargets } = await client.send(new BatchGetDeploymentTargetsCommand(request))
      return deploymentTargets ?? []
    },

    async stopDeployment(request) {
      const response = await client.send(new StopDeploymentCommand(request))
      return {
        ...(response.status !== undefined && { status: response.status }),
        ...(response.statusMessage !== undefined && { statusMessage: response.statusMessage })
      }
    }
  }
}
