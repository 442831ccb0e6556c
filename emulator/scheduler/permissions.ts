// What IAM is asked for each Scheduler call. GetSchedule and UpdateSchedule are checked on the
// schedule's ARN (`schedule/GROUP/NAME`); UpdateSchedule also asks for iam:PassRole on the
// target's RoleArn, passed to scheduler.amazonaws.com (the Service Authorization Reference lists
// iam:PassRole with iam:PassedToService scheduler.amazonaws.com for CreateSchedule; the
// AmazonEventBridgeSchedulerFullAccess policy grants it so). ListSchedules is checked on `*`
// (not confirmed: that it has no resource type).

import type { Permission } from '../iam.js'
import type { World } from '../state.js'
import { DEFAULT_GROUP, scheduleArn } from './state.js'

type Body = Readonly<Record<string, unknown>>

const text = (body: Body, key: string): string | undefined => {
  const value = body[key]
  return typeof value === 'string' ? value : undefined
}

export function schedulerPermissions(world: World, operation: string, body: Body): Permission[] {
  const action = `scheduler:${operation}`
  const onSchedule = (): Permission => ({
    action,
    resource: scheduleArn(
      world.region,
      text(body, 'GroupName') ?? DEFAULT_GROUP,
      text(body, 'Name') ?? ''
    )
  })
  switch (operation) {
    case 'GetSchedule':
      return [onSchedule()]
    case 'UpdateSchedule': {
      const target = body.Target
      const role =
        typeof target === 'object' && target !== null ? text(target as Body, 'RoleArn') : undefined
      return [
        onSchedule(),
        ...(role === undefined || role === ''
          ? []
          : [
              {
                action: 'iam:PassRole',
                resource: role,
                context: { 'iam:PassedToService': 'scheduler.amazonaws.com' }
              }
            ])
      ]
    }
    default:
      return [{ action, resource: '*' }]
  }
}
