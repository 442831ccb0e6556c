import {
  DeregisterTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand
} from '@aws-sdk/client-ecs'

/** The task-definition housekeeping calls, one method per API call. */
export interface TaskDefinitionsPort {
  /** ARNs of the family's ACTIVE revisions, every page, newest first. */
  listActiveRevisions(family: string): Promise<string[]>
  deregister(arn: string): Promise<void>
}

/** `…:task-definition/web:42` → `web`; undefined for anything else. */
function familyOf(arn: string): string | undefined {
  return /:task-definition\/([^:/]+):\d+$/.exec(arn)?.[1]
}

export function taskDefinitionsAdapter(client: ECSClient): TaskDefinitionsPort {
  return {
    async listActiveRevisions(family) {
      const arns: string[] = []
      let nextToken: string | undefined
      do {
        const page = await client.send(
          new ListTaskDefinitionsCommand({
            familyPrefix: family,
            status: 'ACTIVE',
            sort: 'DESC',
            ...(nextToken !== undefined && { nextToken })
          })
        )
        arns.push(...(page.taskDefinitionArns ?? []))
        nextToken = page.nextToken
      } while (nextToken !== undefined && nextToken !== '')
      // familyPrefix is documented as the full family name; filtering again costs nothing and
      // keeps "web-api" out of "web" should ECS ever match it as a prefix.
      return arns.filter((arn) => familyOf(arn) === family)
    },

    async deregister(arn) {
      await client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }))
    }
  }
}
