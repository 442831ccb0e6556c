import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput,
  type ScheduleSummary,
  type UpdateScheduleInput
} from '@aws-sdk/client-scheduler'
import { advicePlugin, readClientConfig, writeClientConfig } from './client-config.js'

/** The EventBridge Scheduler calls that move scheduled tasks, one method per API call. */
export interface SchedulerPort {
  /** Every schedule of every group (all pages): ListSchedules without GroupName spans them all. */
  listSchedules(): Promise<ScheduleSummary[]>
  /** The whole schedule; ResourceNotFoundException when it does not exist. */
  getSchedule(request: { name: string; groupName: string }): Promise<GetScheduleOutput>
  /** Replaces the whole schedule: an optional field left out is cleared. Returns its ARN. */
  updateSchedule(request: UpdateScheduleInput): Promise<string>
}

// 100 a page (the API's largest MaxResults); 100 pages covers 10,000 schedules, and beyond that
// discovery is an error that asks for the schedules by name rather than a silent cut.
const PAGE_SIZE = 100
const MAX_PAGES = 100

// Each client createSchedulerClient makes has a sibling for UpdateSchedule.
const writers = new WeakMap<SchedulerClient, () => SchedulerClient>()

export function createSchedulerClient(): SchedulerClient {
  // Region, credentials and AWS_ENDPOINT_URL_SCHEDULER (serviceId "Scheduler") come from the SDK's
  // standard environment chain.
  const reads = new SchedulerClient(readClientConfig())
  reads.middlewareStack.use(advicePlugin())
  let writes: SchedulerClient | undefined
  writers.set(reads, () => {
    if (writes !== undefined) return writes
    writes = new SchedulerClient(writeClientConfig())
    writes.middlewareStack.use(advicePlugin())
    return writes
  })
  return reads
}

/**
 * UpdateSchedule goes through `writes`, which the SDK retries only when AWS refused it unseen. It
 * is idempotent, though (it sets the whole schedule, so sending the same one twice sets it once):
 * the caller may repeat it after an ambiguous error (a 5xx, a reset, a timeout) without harm.
 */
export function schedulerAdapter(
  client: SchedulerClient,
  writes: SchedulerClient = writers.get(client)?.() ?? client
): SchedulerPort {
  return {
    async listSchedules() {
      const schedules: ScheduleSummary[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.send(
          new ListSchedulesCommand({
            MaxResults: PAGE_SIZE,
            ...(nextToken !== undefined && { NextToken: nextToken })
          })
        )
        schedules.push(...(answer.Schedules ?? []))
        nextToken = answer.NextToken
        if (nextToken === undefined || nextToken === '') return schedules
      }
      throw new Error(
        `ListSchedules returned more than ${MAX_PAGES * PAGE_SIZE} schedules; name the schedules in "scheduled-tasks" instead.`
      )
    },

    async getSchedule({ name, groupName }) {
      const answer = await client.send(new GetScheduleCommand({ Name: name, GroupName: groupName }))
      // The schedule alone: the SDK's request metadata is not part of it.
      const schedule: GetScheduleOutput & { $metadata?: unknown } = { ...answer }
      delete schedule.$metadata
      return schedule
    },

    async updateSchedule(request) {
      const { ScheduleArn } = await writes.send(new UpdateScheduleCommand(request))
      if (ScheduleArn === undefined) throw new Error('UpdateSchedule returned no schedule ARN')
      return ScheduleArn
    }
  }
}
