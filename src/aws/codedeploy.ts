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
import { advicePlugin, readClientConfig, writeClientConfig } from './client-config.js'
import { answerLost, isAmbiguous } from './mutations.js'

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

// Each client createCodeDeployClient makes has a sibling for CreateDeployment.
const writers = new WeakMap<CodeDeployClient, () => CodeDeployClient>()

export function createCodeDeployClient(): CodeDeployClient {
  // Region, credentials and AWS_ENDPOINT_URL_CODEDEPLOY (serviceId "CodeDeploy") come from the
  // SDK's standard environment chain.
  const reads = new CodeDeployClient(readClientConfig())
  reads.middlewareStack.use(advicePlugin())
  let writes: CodeDeployClient | undefined
  writers.set(reads, () => {
    if (writes !== undefined) return writes
    writes = new CodeDeployClient(writeClientConfig())
    writes.middlewareStack.use(advicePlugin())
    return writes
  })
  return reads
}

/**
 * CreateDeployment goes through `writes`, which retries only throttling: a lost answer may hide a
 * deployment that started, and a second one would queue behind it, so it fails with what to check.
 * StopDeployment is retried as a read: stopping a deployment twice stops it once.
 */
export function codeDeployAdapter(
  client: CodeDeployClient,
  writes: CodeDeployClient = writers.get(client)?.() ?? client
): CodeDeployPort {
  return {
    async getDeploymentGroup(request) {
      const { deploymentGroupInfo } = await client.send(new GetDeploymentGroupCommand(request))
      if (deploymentGroupInfo === undefined) {
        throw new Error(`GetDeploymentGroup returned nothing for ${request.deploymentGroupName}`)
      }
      return deploymentGroupInfo
    },

    async createDeployment(request) {
      const send = (command: CreateDeploymentCommand) =>
        writes.send(command).catch((error: unknown) => {
          if (!isAmbiguous(error)) throw error
          throw answerLost(
            'CreateDeployment',
            error,
            `Look for a new deployment of deployment group ${request.deploymentGroupName} in the CodeDeploy console before running again.`
          )
        })
      const { deploymentId } = await send(
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
