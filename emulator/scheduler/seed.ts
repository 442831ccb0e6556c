// The schedules an emulator starts with (the `scheduler` option), checked as UpdateSchedule would
// check them and kept as it would keep them, and the read-back of a region's schedules for tests
// (GetSchedule's shape, dates as Date objects like the SDK's).

import { AwsError } from '../errors.js'
import { Violations } from '../model-checks.js'
import { checkPageSize } from '../pagination.js'
import type { JsonObject, World } from '../state.js'
import { checkInput } from '../validate.js'
import { scheduleWire } from './operations.js'
import {
  checkDefinition,
  checkDefinitionRules,
  definitionMembers,
  NAME_PATTERN,
  storedDefinition
} from './schedule.js'
import { DEFAULT_GROUP, scheduleKey, schedulerOf } from './state.js'

/** A Scheduler target as the SDK's `Target` type spells it (Arn, RoleArn, EcsParameters, …). */
export type SchedulerTarget = { Arn: string; RoleArn: string } & Record<string, unknown>

/** GetScheduleOutput without Arn; dates as Date objects, as the SDK takes and gives them. */
export interface ScheduleSeed {
  Name: string
  /** Default `default`; another name creates that group. */
  GroupName?: string
  ScheduleExpression: string
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number }
  Target: SchedulerTarget
  ScheduleExpressionTimezone?: string
  StartDate?: Date
  EndDate?: Date
  Description?: string
  /** Default ENABLED. */
  State?: 'ENABLED' | 'DISABLED'
  KmsKeyArn?: string
  ActionAfterCompletion?: 'NONE' | 'DELETE'
  /** Default 30 days before the emulator started. */
  CreationDate?: Date
  /** Default CreationDate. */
  LastModificationDate?: Date
}

export interface SchedulerOptions {
  schedules?: ScheduleSeed[]
  /** Schedule groups without schedules (the groups of `schedules` exist anyway). */
  groups?: string[]
  /** The most schedules one ListSchedules call returns (default 25, at most 100). */
  pageSize?: number
}

/** A schedule as GetSchedule returns it. */
export type ScheduleState = Omit<
  ScheduleSeed,
  'GroupName' | 'State' | 'CreationDate' | 'LastModificationDate'
> & {
  Arn: string
  GroupName: string
  State: 'ENABLED' | 'DISABLED'
  CreationDate: Date
  LastModificationDate: Date
}

const DAY = 86_400
const toSeconds = (date: Date | undefined): number | undefined =>
  date === undefined ? undefined : date.getTime() / 1000

function checkGroupName(where: string, group: string): void {
  if (!new RegExp(NAME_PATTERN).test(group) || group.length > 64) {
    throw new RangeError(`${where} must match ${NAME_PATTERN} (1-64), got ${group}`)
  }
}

function checkedDefinition(where: string, seed: ScheduleSeed): JsonObject {
  const rest = Object.fromEntries(
    Object.entries(seed).filter(([key]) => key !== 'CreationDate' && key !== 'LastModificationDate')
  )
  const request = {
    ...structuredClone(rest),
    StartDate: toSeconds(seed.StartDate),
    EndDate: toSeconds(seed.EndDate)
  }
  try {
    const input = checkInput(request, { Name: { kind: 'string' }, ...definitionMembers })
    const violations = new Violations()
    checkDefinition(violations, input)
    violations.throwIfAny()
    // A seeded schedule exists already: the StartDate rule applies to requests only.
    checkDefinitionRules(input, -Infinity)
    return storedDefinition(input)
  } catch (error) {
    if (error instanceof AwsError)
      throw new RangeError(`${where}: ${error.message}`, { cause: error })
    throw error
  }
}

export function seedScheduler(world: World, options: SchedulerOptions): void {
  const state = schedulerOf(world)
  state.pageSize = checkPageSize('scheduler.pageSize', options.pageSize)
  const createdAt = world.now - 30 * DAY
  const addGroup = (group: string): void => {
    if (!state.groups.has(group)) state.groups.set(group, { name: group, createdAt })
  }
  ;(options.groups ?? []).forEach((group, index) => {
    checkGroupName(`scheduler.groups[${index}]`, group)
    addGroup(group)
  })
  ;(options.schedules ?? []).forEach((seed, index) => {
    const where = `scheduler.schedules[${index}]`
    const group = seed.GroupName ?? DEFAULT_GROUP
    checkGroupName(`${where}.GroupName`, group)
    const definition = checkedDefinition(where, seed)
    const key = scheduleKey(group, seed.Name)
    if (state.schedules.has(key)) throw new RangeError(`${where}: ${key} is already a schedule`)
    addGroup(group)
    const created = toSeconds(seed.CreationDate) ?? createdAt
    state.schedules.set(key, {
      name: seed.Name,
      group,
      createdAt: created,
      lastModifiedAt: toSeconds(seed.LastModificationDate) ?? created,
      definition
    })
  })
}

const asDate = (value: unknown): Date | undefined =>
  typeof value === 'number' ? new Date(Math.round(value * 1000)) : undefined

/** Every schedule of the world, in name order, as GetSchedule returns it (dates as Date). */
export function schedulesOf(world: World): ScheduleState[] {
  return [...schedulerOf(world).schedules.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.group < b.group ? -1 : 1))
    .map((schedule) => {
      const wire = scheduleWire(world, schedule)
      const dates = Object.fromEntries(
        ['StartDate', 'EndDate', 'CreationDate', 'LastModificationDate']
          .map((member) => [member, asDate(wire[member])] as const)
          .filter(([, date]) => date !== undefined)
      )
      const plain = Object.fromEntries(
        Object.entries(wire).filter(([, value]) => value !== undefined)
      )
      return { ...plain, ...dates } as unknown as ScheduleState
    })
}
