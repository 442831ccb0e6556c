// What the emulated EventBridge Scheduler holds for one region: schedule groups and their
// schedules. Kept beside the World (a WeakMap); the `default` group always exists. ARNs follow the
// model's patterns: `schedule/GROUP/NAME` (the group even when it is default) and
// `schedule-group/NAME`.

import { ACCOUNT_ID } from '../arns.js'
import { DEFAULT_PAGE_SIZE } from '../pagination.js'
import type { JsonObject, World } from '../state.js'

export const DEFAULT_GROUP = 'default'

export interface ScheduleGroupRecord {
  name: string
  createdAt: number
}

export interface ScheduleRecord {
  name: string
  group: string
  /** Virtual epoch seconds. */
  createdAt: number
  lastModifiedAt: number
  /**
   * Everything UpdateSchedule sets, as the service keeps it: ScheduleExpression,
   * FlexibleTimeWindow, Target, State and the optional members (StartDate and EndDate in epoch
   * seconds).
   */
  definition: JsonObject
}

export interface SchedulerWorld {
  groups: Map<string, ScheduleGroupRecord>
  /** By `GROUP/NAME`. */
  schedules: Map<string, ScheduleRecord>
  /** The most schedules one ListSchedules call returns. */
  pageSize: number
}

const worlds = new WeakMap<World, SchedulerWorld>()

export function schedulerOf(world: World): SchedulerWorld {
  let state = worlds.get(world)
  if (state === undefined) {
    state = {
      groups: new Map([
        [DEFAULT_GROUP, { name: DEFAULT_GROUP, createdAt: world.now - 90 * 86400 }]
      ]),
      schedules: new Map(),
      pageSize: DEFAULT_PAGE_SIZE
    }
    worlds.set(world, state)
  }
  return state
}

export const scheduleKey = (group: string, name: string): string => `${group}/${name}`

export const scheduleArn = (region: string, group: string, name: string): string =>
  `arn:aws:scheduler:${region}:${ACCOUNT_ID}:schedule/${group}/${name}`

export const scheduleGroupArn = (region: string, group: string): string =>
  `arn:aws:scheduler:${region}:${ACCOUNT_ID}:schedule-group/${group}`
