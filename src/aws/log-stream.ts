import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  type CloudWatchLogsClientConfig
} from '@aws-sdk/client-cloudwatch-logs'
import { advicePlugin, readClientConfig } from './client-config.js'

export interface LogPage {
  lines: string[]
  /**
   * Where the next read starts. CloudWatch Logs returns the token it was given once the end of
   * the stream is reached, so `nextToken === token` means "nothing more for now".
   */
  nextToken: string | undefined
}

/** Following a log stream from its head, one page per call, so each line is read once. */
export interface LogStreamPort {
  readForward(request: {
    region: string
    group: string
    stream: string
    /** Absent: from the first event of the stream. */
    token?: string
  }): Promise<LogPage>
}

/** `config` is for tests (endpoint, credentials); the region always comes from the request. */
export function logStreamAdapter(config: CloudWatchLogsClientConfig = {}): LogStreamPort {
  // awslogs can write to another region than the cluster's, so one client per region.
  const clients = new Map<string, CloudWatchLogsClient>()
  const clientFor = (region: string): CloudWatchLogsClient => {
    let client = clients.get(region)
    if (client === undefined) {
      client = new CloudWatchLogsClient({ ...readClientConfig(), ...config, region })
      client.middlewareStack.use(advicePlugin())
      clients.set(region, client)
    }
    return client
  }
  return {
    async readForward({ region, group, stream, token }) {
      const response = await clientFor(region).send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          // startFromHead applies only without a token; a forward token carries its own direction.
          startFromHead: true,
          ...(token !== undefined && { nextToken: token })
        })
      )
      return {
        lines: (response.events ?? []).map((event) => (event.message ?? '').replace(/\r?\n$/, '')),
        nextToken: response.nextForwardToken
      }
    }
  }
}
