import {
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  ECRClient
} from '@aws-sdk/client-ecr'
import { advicePlugin, readClientConfig } from './client-config.js'

export interface ImageQuery {
  region: string
  registryId: string
  repository: string
  tag?: string
  digest?: string
}

/** The ECR call the action makes: does this image exist, and what is its digest? */
export interface EcrPort {
  /** Throws ImageNotFoundException / RepositoryNotFoundException as ECR does. */
  digestOf(query: ImageQuery): Promise<string>
  /** The repository prefixes of the registry's pull through cache rules. */
  pullThroughCachePrefixes(registry: { region: string; registryId: string }): Promise<string[]>
}

/** Rule pages read at most: a registry has a handful of rules. */
const MAX_RULE_PAGES = 5

export function ecrAdapter(): EcrPort {
  // Images can live in other regions than the service: one client per region.
  const clients = new Map<string, ECRClient>()
  const clientFor = (region: string): ECRClient => {
    let client = clients.get(region)
    if (client === undefined) {
      client = new ECRClient({ region, ...readClientConfig() })
      client.middlewareStack.use(advicePlugin())
      clients.set(region, client)
    }
    return client
  }
  return {
    async digestOf({ region, registryId, repository, tag, digest }) {
      const response = await clientFor(region).send(
        new DescribeImagesCommand({
          registryId,
          repositoryName: repository,
          imageIds: [
            {
              ...(tag !== undefined && { imageTag: tag }),
              ...(digest !== undefined && { imageDigest: digest })
            }
          ]
        })
      )
      const found = response.imageDetails?.[0]?.imageDigest
      if (found === undefined) {
        throw Object.assign(new Error(`ECR returned no digest for ${repository}`), {
          name: 'ImageNotFoundException'
        })
      }
      return found
    },

    async pullThroughCachePrefixes({ region, registryId }) {
      const prefixes: string[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_RULE_PAGES; page++) {
        const response = await clientFor(region).send(
          new DescribePullThroughCacheRulesCommand({ registryId, nextToken })
        )
        for (const rule of response.pullThroughCacheRules ?? []) {
          if (rule.ecrRepositoryPrefix !== undefined) prefixes.push(rule.ecrRepositoryPrefix)
        }
        nextToken = response.nextToken
        if (nextToken === undefined) break
      }
      return prefixes
    }
  }
}
