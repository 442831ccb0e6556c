// A schedule's definition as UpdateSchedule takes it: the input shape (from the Scheduler model,
// @aws-sdk/client-scheduler and botocore scheduler/2021-06-30), the model's constraints, and what
// the service keeps. UpdateSchedule "uses all values, including empty values, specified in the
// request and overrides the existing schedule … if you do not set an optional field in your
// request, that field will be set to its system-default value" (API reference), so the kept
// definition is built from the request alone: State defaults to ENABLED and Target.RetryPolicy to
// 24 hours / 185 attempts (moto's model of GetSchedule; the documented defaults), nothing else is
// filled in.

import { AwsError } from '../errors.js'
import { memberPath, prune, Violations } from '../model-checks.js'
import type { JsonObject } from '../state.js'
import { read, shape } from '../validate.js'
import { ecsParametersShape as ecsParametersShapeOf } from '../ecs-parameters-shape.js'

const ecsParametersShape = ecsParametersShapeOf(
  // Scheduler's Tags are a list of string maps, unlike EventBridge's Key/Value pairs.
  shape.list(shape.map(shape.string))
)

export const targetShape = shape.structure({
  Arn: shape.string,
  RoleArn: shape.string,
  DeadLetterConfig: shape.structure({ Arn: shape.string }),
  RetryPolicy: shape.structure({
    MaximumEventAgeInSeconds: shape.integer,
    MaximumRetryAttempts: shape.integer
  }),
  Input: shape.string,
  EcsParameters: ecsParametersShape,
  EventBridgeParameters: shape.structure({ DetailType: shape.string, Source: shape.string }),
  EventBridgePutEventsV2Parameters: shape.structure({
    DetailType: shape.string,
    Source: shape.string
  }),
  EventBridgePutRawEventsParameters: shape.structure({ Metadata: shape.map(shape.string) }),
  KinesisParameters: shape.structure({ PartitionKey: shape.string }),
  SageMakerPipelineParameters: shape.structure({
    PipelineParameterList: shape.list(shape.structure({ Name: shape.string, Value: shape.string }))
  }),
  SqsParameters: shape.structure({ MessageGroupId: shape.string })
})

/** The members of UpdateScheduleInput's body (Name is in the path). */
export const definitionMembers = {
  GroupName: shape.string,
  ScheduleExpression: shape.string,
  StartDate: shape.timestamp,
  EndDate: shape.timestamp,
  Description: shape.string,
  ScheduleExpressionTimezone: shape.string,
  State: shape.string,
  KmsKeyArn: shape.string,
  Target: targetShape,
  FlexibleTimeWindow: shape.structure({
    Mode: shape.string,
    MaximumWindowInMinutes: shape.integer
  }),
  ClientToken: shape.string,
  ActionAfterCompletion: shape.string
}

/** Name, NamePrefix, ScheduleGroupName. */
export const NAME_PATTERN = '^[0-9a-zA-Z-_.]+$'
const ROLE_ARN_PATTERN = '^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$'
const KMS_KEY_PATTERN = '^arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*$'
const DLQ_PATTERN = '^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$'
export const SCHEDULE_STATES = ['ENABLED', 'DISABLED'] as const

function checkEcs(violations: Violations, ecs: JsonObject): void {
  const at = ['Target', 'EcsParameters']
  const path = (...rest: string[]): string => memberPath(...at, ...rest)
  if (violations.required(ecs.TaskDefinitionArn, path('TaskDefinitionArn'))) {
    violations.length(read.string(ecs, 'TaskDefinitionArn'), path('TaskDefinitionArn'), 1, 1600)
  }
  violations.range(read.integer(ecs, 'TaskCount'), path('TaskCount'), 1, 10)
  violations.oneOf(read.string(ecs, 'LaunchType'), path('LaunchType'), [
    'EC2',
    'FARGATE',
    'EXTERNAL'
  ])
  const awsvpc = read.object(read.object(ecs, 'NetworkConfiguration') ?? {}, 'awsvpcConfiguration')
  if (awsvpc !== undefined) {
    const vpc = (member: string): string =>
      path('NetworkConfiguration', 'awsvpcConfiguration', member)
    if (violations.required(awsvpc.Subnets, vpc('Subnets'))) {
      violations.length(read.strings(awsvpc, 'Subnets'), vpc('Subnets'), 1, 16)
    }
    violations.length(read.strings(awsvpc, 'SecurityGroups'), vpc('SecurityGroups'), 1, 5)
    violations.oneOf(read.string(awsvpc, 'AssignPublicIp'), vpc('AssignPublicIp'), [
      'ENABLED',
      'DISABLED'
    ])
  }
  violations.length(
    read.objects(ecs, 'CapacityProviderStrategy'),
    path('CapacityProviderStrategy'),
    0,
    6
  )
  violations.length(read.objects(ecs, 'PlacementConstraints'), path('PlacementConstraints'), 0, 10)
  violations.length(read.objects(ecs, 'PlacementStrategy'), path('PlacementStrategy'), 0, 5)
  violations.oneOf(read.string(ecs, 'PropagateTags'), path('PropagateTags'), ['TASK_DEFINITION'])
  violations.length(read.objects(ecs, 'Tags'), path('Tags'), 0, 50)
}

function checkTarget(violations: Violations, target: JsonObject): void {
  const path = (...rest: string[]): string => memberPath('Target', ...rest)
  if (violations.required(target.Arn, path('Arn'))) {
    violations.length(read.string(target, 'Arn'), path('Arn'), 1, 1600)
  }
  if (violations.required(target.RoleArn, path('RoleArn'))) {
    violations.length(read.string(target, 'RoleArn'), path('RoleArn'), 1, 1600)
    violations.pattern(read.string(target, 'RoleArn'), path('RoleArn'), ROLE_ARN_PATTERN)
  }
  violations.length(read.string(target, 'Input'), path('Input'), 1)
  const retry = read.object(target, 'RetryPolicy')
  if (retry !== undefined) {
    const age = read.integer(retry, 'MaximumEventAgeInSeconds')
    violations.range(age, path('RetryPolicy', 'MaximumEventAgeInSeconds'), 60, 86400)
    const attempts = read.integer(retry, 'MaximumRetryAttempts')
    violations.range(attempts, path('RetryPolicy', 'MaximumRetryAttempts'), 0, 185)
  }
  const dlq = read.string(read.object(target, 'DeadLetterConfig') ?? {}, 'Arn')
  violations.pattern(dlq, path('DeadLetterConfig', 'Arn'), DLQ_PATTERN)
  const ecs = read.object(target, 'EcsParameters')
  if (ecs !== undefined) checkEcs(violations, ecs)
}

/** The model's constraints on an UpdateSchedule request (its body and the Name in the path). */
export function checkDefinition(violations: Violations, request: JsonObject): void {
  const name = read.string(request, 'Name')
  if (violations.required(request.Name, 'name')) {
    violations.length(name, 'name', 1, 64)
    violations.pattern(name, 'name', NAME_PATTERN)
  }
  const group = read.string(request, 'GroupName')
  violations.length(group, 'groupName', 1, 64)
  violations.pattern(group, 'groupName', NAME_PATTERN)
  if (violations.required(request.ScheduleExpression, 'scheduleExpression')) {
    violations.length(read.string(request, 'ScheduleExpression'), 'scheduleExpression', 1, 256)
  }
  const window = read.object(request, 'FlexibleTimeWindow')
  if (violations.required(window, 'flexibleTimeWindow') && window !== undefined) {
    if (violations.required(window.Mode, 'flexibleTimeWindow.mode')) {
      violations.oneOf(read.string(window, 'Mode'), 'flexibleTimeWindow.mode', ['OFF', 'FLEXIBLE'])
    }
    const minutes = read.integer(window, 'MaximumWindowInMinutes')
    violations.range(minutes, 'flexibleTimeWindow.maximumWindowInMinutes', 1, 1440)
  }
  const target = read.object(request, 'Target')
  if (violations.required(target, 'target') && target !== undefined) checkTarget(violations, target)
  violations.length(read.string(request, 'Description'), 'description', 0, 512)
  const timezone = read.string(request, 'ScheduleExpressionTimezone')
  violations.length(timezone, 'scheduleExpressionTimezone', 1, 50)
  violations.oneOf(read.string(request, 'State'), 'state', SCHEDULE_STATES)
  violations.pattern(read.string(request, 'KmsKeyArn'), 'kmsKeyArn', KMS_KEY_PATTERN)
  violations.oneOf(read.string(request, 'ActionAfterCompletion'), 'actionAfterCompletion', [
    'NONE',
    'DELETE'
  ])
}

const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/
const RATE = /^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/
const CRON = /^cron\(\S+( \S+){5}\)$/

/**
 * The service's own checks after the model's. "Invalid Schedule Expression …" is the wording a
 * user reported from the real service (localstack/localstack#9284); FLEXIBLE needing a window is
 * not confirmed.
 */
export function checkDefinitionRules(request: JsonObject, now: number): void {
  // The wording a user met on the real service (getmoto/moto#8172): a StartDate more than five
  // minutes in the past is refused, on UpdateSchedule as on CreateSchedule.
  const start = read.number(request, 'StartDate')
  if (start !== undefined && start < now - 300) {
    throw new AwsError(
      'ValidationException',
      'The StartDate you specify cannot be earlier than 5 minutes ago.'
    )
  }
  const expression = read.string(request, 'ScheduleExpression') ?? ''
  if (!AT.test(expression) && !RATE.test(expression) && !CRON.test(expression)) {
    throw new AwsError('ValidationException', `Invalid Schedule Expression ${expression}`)
  }
  const window = read.object(request, 'FlexibleTimeWindow') ?? {}
  if (window.Mode === 'FLEXIBLE' && window.MaximumWindowInMinutes === undefined) {
    throw new AwsError(
      'ValidationException',
      'MaximumWindowInMinutes must be provided when FlexibleTimeWindow Mode is FLEXIBLE.'
    )
  }
}

/** What the service keeps of an UpdateSchedule request: the definition, defaults filled in. */
export function storedDefinition(request: JsonObject): JsonObject {
  // Name and GroupName say which schedule; ClientToken only makes the call idempotent.
  const rest = Object.fromEntries(
    Object.entries(request).filter(([key]) => !['Name', 'GroupName', 'ClientToken'].includes(key))
  )
  const kept = prune(rest, shape.structure(definitionMembers)) as JsonObject
  const target = read.object(kept, 'Target') ?? {}
  kept.State ??= 'ENABLED'
  kept.Target = {
    ...target,
    RetryPolicy: target.RetryPolicy ?? {
      MaximumEventAgeInSeconds: 86400,
      MaximumRetryAttempts: 185
    }
  }
  return kept
}
