// EventBridge Scheduler's ListSchedules, GetSchedule and UpdateSchedule (restJson1, signing name
// "scheduler", reached through AWS_ENDPOINT_URL_SCHEDULER; rest.ts turns the HTTP request into
// the inputs below). Behaviour from the API reference and the model:
// - a schedule is found by name in one group (GroupName, default "default"); a missing one is
//   ResourceNotFoundException "Schedule NAME does not exist." (real answers to GetSchedule and
//   UpdateSchedule: dvalbuena1/visa_rescheduler_aws#23, aws/aws-sdk-js-v3#5720);
// - UpdateSchedule replaces the whole definition (schedule.ts), keeps CreationDate and moves
//   LastModificationDate to now; it answers the ScheduleArn;
// - ListSchedules filters on ScheduleGroup, NamePrefix and State, pages with MaxResults (1-100) and
//   NextToken, and shows only Target.Arn of each target (ScheduleSummary / TargetSummary).
// Timestamps are epoch seconds in the JSON bodies, restJson1's default.

import { AwsError } from '../errors.js'
import { epochSeconds } from '../ecs/wire.js'
import type { Operation } from '../ecs/operation.js'
import { Violations } from '../model-checks.js'
import { paginate } from '../pagination.js'
import type { JsonObject, World } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import {
  checkDefinition,
  checkDefinitionRules,
  definitionMembers,
  NAME_PATTERN,
  SCHEDULE_STATES,
  storedDefinition
} from './schedule.js'
import {
  DEFAULT_GROUP,
  scheduleArn,
  scheduleKey,
  schedulerOf,
  type ScheduleRecord
} from './state.js'

export const scheduleNotFound = (name: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404)

// Not confirmed: the wording for a group that does not exist.
const groupNotFound = (group: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Schedule group ${group} does not exist.`, 404)

// Not confirmed: the answer to a token the service did not issue.
const invalidToken = (): AwsError => new AwsError('ValidationException', 'Invalid NextToken.')

function checkGroupName(violations: Violations, group: string | undefined, path: string) {
  violations.length(group, path, 1, 64)
  violations.pattern(group, path, NAME_PATTERN)
}

function existingGroup(world: World, group: string | undefined): string {
  const name = group ?? DEFAULT_GROUP
  if (!schedulerOf(world).groups.has(name)) throw groupNotFound(name)
  return name
}

function findSchedule(world: World, name: string, group: string | undefined): ScheduleRecord {
  const groupName = existingGroup(world, group)
  const schedule = schedulerOf(world).schedules.get(scheduleKey(groupName, name))
  if (schedule === undefined) throw scheduleNotFound(name)
  return schedule
}

const seconds = (value: unknown): number | undefined =>
  typeof value === 'number' ? epochSeconds(value) : undefined

/** GetScheduleOutput. */
export function scheduleWire(world: World, schedule: ScheduleRecord): JsonObject {
  const definition = structuredClone(schedule.definition)
  return {
    Arn: scheduleArn(world.region, schedule.group, schedule.name),
    GroupName: schedule.group,
    Name: schedule.name,
    ...definition,
    StartDate: seconds(definition.StartDate),
    EndDate: seconds(definition.EndDate),
    CreationDate: epochSeconds(schedule.createdAt),
    LastModificationDate: epochSeconds(schedule.lastModifiedAt)
  }
}

const byGroupAndName = (a: ScheduleRecord, b: ScheduleRecord): number => {
  const left = `${a.name}\u0000${a.group}`
  const right = `${b.name}\u0000${b.group}`
  return left < right ? -1 : left > right ? 1 : 0
}

const listSchedules: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      GroupName: shape.string,
      NamePrefix: shape.string,
      State: shape.string,
      NextToken: shape.string,
      MaxResults: shape.integer
    })
    const violations = new Violations()
    const group = read.string(request, 'GroupName')
    checkGroupName(violations, group, 'groupName')
    const prefix = read.string(request, 'NamePrefix')
    violations.length(prefix, 'namePrefix', 1, 64)
    violations.pattern(prefix, 'namePrefix', NAME_PATTERN)
    const state = read.string(request, 'State')
    violations.oneOf(state, 'state', SCHEDULE_STATES)
    violations.length(read.string(request, 'NextToken'), 'nextToken', 1, 2048)
    violations.range(read.integer(request, 'MaxResults'), 'maxResults', 1, 100)
    violations.throwIfAny()
    if (group !== undefined) existingGroup(world, group)
    const scheduler = schedulerOf(world)
    const schedules = [...scheduler.schedules.values()]
      .filter(
        (schedule) =>
          (group === undefined || schedule.group === group) &&
          (prefix === undefined || schedule.name.startsWith(prefix)) &&
          (state === undefined || schedule.definition.State === state)
      )
      .sort(byGroupAndName)
    const page = paginate(schedules, {
      token: read.string(request, 'NextToken'),
      limit: read.integer(request, 'MaxResults'),
      pageSize: scheduler.pageSize,
      scope: `ListSchedules/${group ?? '*'}/${prefix ?? ''}/${state ?? '*'}`,
      invalidToken
    })
    return {
      Schedules: page.items.map((schedule) => ({
        Arn: scheduleArn(world.region, schedule.group, schedule.name),
        Name: schedule.name,
        GroupName: schedule.group,
        State: schedule.definition.State,
        CreationDate: epochSeconds(schedule.createdAt),
        LastModificationDate: epochSeconds(schedule.lastModifiedAt),
        Target: { Arn: read.string(read.object(schedule.definition, 'Target') ?? {}, 'Arn') }
      })),
      NextToken: page.nextToken
    }
  }
}

const getSchedule: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, { Name: shape.string, GroupName: shape.string })
    const violations = new Violations()
    const name = read.string(request, 'Name')
    if (violations.required(request.Name, 'name')) {
      violations.length(name, 'name', 1, 64)
      violations.pattern(name, 'name', NAME_PATTERN)
    }
    const group = read.string(request, 'GroupName')
    checkGroupName(violations, group, 'groupName')
    violations.throwIfAny()
    return scheduleWire(world, findSchedule(world, name ?? '', group))
  }
}

const updateSchedule: Operation = {
  mutating: true,
  handle: ({ world, body }) => {
    const request = checkInput(body, { Name: shape.string, ...definitionMembers })
    const violations = new Violations()
    checkDefinition(violations, request)
    violations.throwIfAny()
    checkDefinitionRules(request, world.now)
    const name = read.string(request, 'Name') ?? ''
    const schedule = findSchedule(world, name, read.string(request, 'GroupName'))
    schedule.definition = storedDefinition(request)
    schedule.lastModifiedAt = world.now
    return { ScheduleArn: scheduleArn(world.region, schedule.group, schedule.name) }
  }
}

export const schedulerOperations: Readonly<Record<string, Operation>> = {
  ListSchedules: listSchedules,
  GetSchedule: getSchedule,
  UpdateSchedule: updateSchedule
}
