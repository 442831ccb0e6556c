import {
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type PutTargetsResultEntry,
  type Rule,
  type Target
} from '@aws-sdk/client-eventbridge'
import { advicePlugin, readClientConfig, writeClientConfig } from './client-config.js'

/** The EventBridge calls that move scheduled tasks, one method per API call. */
export interface EventBridgePort {
  /** Every rule on the bus (all pages). */
  listRules(request: { eventBusName: string }): Promise<Rule[]>
  /** Every target of the rule (all pages); ResourceNotFoundException when the rule does not exist. */
  listTargetsByRule(request: { rule: string; eventBusName: string }): Promise<Target[]>
  /** The names of the rules on the bus with a target of this ARN (all pages). */
  listRuleNamesByTarget(request: { targetArn: string; eventBusName: string }): Promise<string[]>
  /**
   * Puts the targets as given, replacing those with the same Id. Returns the entries EventBridge
   * did not accept: PutTargets reports them in its answer, not as an error.
   */
  putTargets(request: {
    rule: string
    eventBusName: string
    targets: Target[]
  }): Promise<PutTargetsResultEntry[]>
}

// 100 a page (the API's largest Limit): 100 pages is far beyond the 300 rules a bus holds by default.
const PAGE_LIMIT = 100
const MAX_PAGES = 100

// Each client createEventBridgeClient makes has a sibling for PutTargets.
const writers = new WeakMap<EventBridgeClient, () => EventBridgeClient>()

export function createEventBridgeClient(): EventBridgeClient {
  // Region, credentials and AWS_ENDPOINT_URL_EVENTBRIDGE (serviceId "EventBridge") come from the
  // SDK's standard environment chain.
  const reads = new EventBridgeClient(readClientConfig())
  reads.middlewareStack.use(advicePlugin())
  let writes: EventBridgeClient | undefined
  writers.set(reads, () => {
    if (writes !== undefined) return writes
    writes = new EventBridgeClient(writeClientConfig())
    writes.middlewareStack.use(advicePlugin())
    return writes
  })
  return reads
}

/**
 * PutTargets goes through `writes`, which the SDK retries only when AWS refused it unseen. It is
 * idempotent, though (a target with the same Id is replaced, so sending it twice puts it once):
 * the caller may repeat it after an ambiguous error (a 5xx, a reset, a timeout) without harm.
 */
export function eventBridgeAdapter(
  client: EventBridgeClient,
  writes: EventBridgeClient = writers.get(client)?.() ?? client
): EventBridgePort {
  /** Follows NextToken; a bus with more pages than MAX_PAGES is an error, never a silent cut. */
  async function allPages<T>(
    operation: string,
    page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>
  ): Promise<T[]> {
    const items: T[] = []
    let nextToken: string | undefined
    for (let count = 0; count < MAX_PAGES; count++) {
      const answer = await page(nextToken)
      items.push(...answer.items)
      nextToken = answer.nextToken
      if (nextToken === undefined || nextToken === '') return items
    }
    throw new Error(
      `${operation} returned more than ${MAX_PAGES} pages; name the rules in "scheduled-tasks" instead.`
    )
  }

  return {
    listRules: ({ eventBusName }) =>
      allPages('ListRules', async (nextToken) => {
        const answer = await client.send(
          new ListRulesCommand({
            EventBusName: eventBusName,
            Limit: PAGE_LIMIT,
            ...(nextToken !== undefined && { NextToken: nextToken })
          })
        )
        return { items: answer.Rules ?? [], ...withToken(answer.NextToken) }
      }),

    listTargetsByRule: ({ rule, eventBusName }) =>
      allPages('ListTargetsByRule', async (nextToken) => {
        const answer = await client.send(
          new ListTargetsByRuleCommand({
            Rule: rule,
            EventBusName: eventBusName,
            Limit: PAGE_LIMIT,
            ...(nextToken !== undefined && { NextToken: nextToken })
          })
        )
        return { items: answer.Targets ?? [], ...withToken(answer.NextToken) }
      }),

    listRuleNamesByTarget: ({ targetArn, eventBusName }) =>
      allPages('ListRuleNamesByTarget', async (nextToken) => {
        const answer = await client.send(
          new ListRuleNamesByTargetCommand({
            TargetArn: targetArn,
            EventBusName: eventBusName,
            Limit: PAGE_LIMIT,
            ...(nextToken !== undefined && { NextToken: nextToken })
          })
        )
        return { items: answer.RuleNames ?? [], ...withToken(answer.NextToken) }
      }),

    async putTargets({ rule, eventBusName, targets }) {
      const answer = await writes.send(
        new PutTargetsCommand({ Rule: rule, EventBusName: eventBusName, Targets: targets })
      )
      const failed = answer.FailedEntries ?? []
      // A count without entries would otherwise read as success.
      if (failed.length === 0 && (answer.FailedEntryCount ?? 0) > 0) {
        return [{ ErrorCode: 'Unknown', ErrorMessage: `${answer.FailedEntryCount} entries failed` }]
      }
      return failed
    }
  }
}

function withToken(nextToken: string | undefined): { nextToken?: string } {
  return nextToken === undefined ? {} : { nextToken }
}
