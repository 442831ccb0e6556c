import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { advicePlugin, readClientConfig } from './client-config.js'

/** The CloudWatch Logs call the action makes: the last lines of one log stream. */
export interface LogsPort {
  tail(request: { region: string; group: string; stream: string; lines: number }): Promise<string[]>
}

export function logsAdapter(): LogsPort {
  // awslogs can write to another region than the service's, so one client per region.
  const clients = new Map<string, CloudWatchLogsClient>()
  const clientFor = (region: string): CloudWatchLogsClient => {
    let client = clients.get(region)
    if (client === undefined) {
      client = new CloudWatchLogsClient({ region, ...readClientConfig() })
      client.middlewareStack.use(advicePlugin())
      clients.set(region, client)
    }
    return client
  }
  return {
    async tail({ region, group, stream, lines }) {
      const response = await clientFor(region).send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          limit: lines,
          startFromHead: false
        })
      )
      return (response.events ?? []).map((event) => (event.message ?? '').replace(/\n$/, ''))
    }
  }
}
