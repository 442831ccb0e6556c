// The checks PutTargets makes on its targets, before it changes anything: first the model's
// constraints (one ValidationException listing all of them), then the rules the API reference
// states for targets, each a ValidationException naming the target. Real wording seen for a
// parameter a target cannot take: "Parameter RunCommandParameters is not valid for target …"
// (aws/aws-sdk-js#2360); for a missing one (moto, after AWS): "Parameter(s) SqsParameters must be
// specified for target: …". The texts below follow those two shapes; none of them was seen for
// these exact cases, so each is marked not confirmed.

import { AwsError } from '../errors.js'
import { memberPath, prune, Violations } from '../model-checks.js'
import type { JsonObject } from '../state.js'
import { read } from '../validate.js'
import { LAUNCH_TYPES, NAME_PATTERN, targetShape } from './shapes.js'

/** The most targets one PutTargets call takes (API reference: "The maximum number of entries per request is 10"). */
export const MAX_TARGETS_PER_CALL = 10
/** "Each rule can have up to five (5) targets associated with it at one time." */
export const MAX_TARGETS_PER_RULE = 5

const CLUSTER_ARN = /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]+$/
const ECS_ARN = /^arn:aws[\w-]*:ecs:/

const invalid = (message: string): AwsError => new AwsError('ValidationException', message)

function checkEcsConstraints(violations: Violations, ecs: JsonObject, at: (string | number)[]) {
  violations.required(ecs.TaskDefinitionArn, memberPath(...at, 'TaskDefinitionArn'))
  violations.length(
    read.string(ecs, 'TaskDefinitionArn'),
    memberPath(...at, 'TaskDefinitionArn'),
    1,
    1600
  )
  violations.range(read.integer(ecs, 'TaskCount'), memberPath(...at, 'TaskCount'), 1)
  violations.oneOf(read.string(ecs, 'LaunchType'), memberPath(...at, 'LaunchType'), LAUNCH_TYPES)
  const awsvpc = read.object(read.object(ecs, 'NetworkConfiguration') ?? {}, 'awsvpcConfiguration')
  if (awsvpc !== undefined) {
    const path = [...at, 'NetworkConfiguration', 'awsvpcConfiguration']
    violations.required(awsvpc.Subnets, memberPath(...path, 'Subnets'))
    violations.oneOf(read.string(awsvpc, 'AssignPublicIp'), memberPath(...path, 'AssignPublicIp'), [
      'ENABLED',
      'DISABLED'
    ])
  }
  violations.oneOf(read.string(ecs, 'PropagateTags'), memberPath(...at, 'PropagateTags'), [
    'TASK_DEFINITION'
  ])
}

/** The model's constraints on the Targets member of PutTargets. */
export function checkTargetConstraints(violations: Violations, targets: JsonObject[]): void {
  violations.length(targets, 'targets', 1, MAX_TARGETS_PER_CALL)
  targets.forEach((target, index) => {
    const at = ['Targets', index]
    const id = read.string(target, 'Id')
    if (violations.required(target.Id, memberPath(...at, 'Id'))) {
      violations.length(id, memberPath(...at, 'Id'), 1, 64)
      violations.pattern(id, memberPath(...at, 'Id'), NAME_PATTERN)
    }
    if (violations.required(target.Arn, memberPath(...at, 'Arn'))) {
      violations.length(read.string(target, 'Arn'), memberPath(...at, 'Arn'), 1, 1600)
    }
    violations.length(read.string(target, 'RoleArn'), memberPath(...at, 'RoleArn'), 1, 1600)
    const retry = read.object(target, 'RetryPolicy')
    if (retry !== undefined) {
      const path = [...at, 'RetryPolicy']
      violations.range(
        read.integer(retry, 'MaximumRetryAttempts'),
        memberPath(...path, 'MaximumRetryAttempts'),
        0,
        185
      )
      violations.range(
        read.integer(retry, 'MaximumEventAgeInSeconds'),
        memberPath(...path, 'MaximumEventAgeInSeconds'),
        60,
        86400
      )
    }
    const ecs = read.object(target, 'EcsParameters')
    if (ecs !== undefined) checkEcsConstraints(violations, ecs, [...at, 'EcsParameters'])
  })
}

/** The API reference's rules for one target; throws the first one broken. */
export function checkTargetRules(target: JsonObject): void {
  const id = read.string(target, 'Id') ?? ''
  const arn = read.string(target, 'Arn') ?? ''
  // "Input, InputPath, and InputTransformer are mutually exclusive" (PutTargets). Not confirmed: the text.
  const inputs = ['Input', 'InputPath', 'InputTransformer'].filter(
    (name) => target[name] !== undefined
  )
  if (inputs.length > 1) {
    throw invalid(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`
    )
  }
  const ecs = read.object(target, 'EcsParameters')
  if (ecs === undefined) {
    // An ECS cluster target runs a task definition, which only EcsParameters names. Not confirmed: the text.
    if (CLUSTER_ARN.test(arn)) {
      throw invalid(`Parameter(s) EcsParameters must be specified for target: ${id}.`)
    }
    return
  }
  // EcsParameters: "The ARN of the task definition to use if the event target is an Amazon ECS
  // task"; the target's Arn is the cluster. Not confirmed: the text, shaped like "Parameter
  // RunCommandParameters is not valid for target …".
  if (!CLUSTER_ARN.test(arn)) {
    throw invalid(
      ECS_ARN.test(arn)
        ? `Parameter ${arn} is not valid. Reason: Provided Arn is not an ECS cluster Arn.`
        : `Parameter EcsParameters is not valid for target ${id}.`
    )
  }
  const launchType = read.string(ecs, 'LaunchType')
  const strategy = read.objects(ecs, 'CapacityProviderStrategy') ?? []
  // "If a capacityProviderStrategy is specified, the launchType parameter must be omitted." Not confirmed: the text.
  if (launchType !== undefined && strategy.length > 0) {
    throw invalid(
      `Parameter(s) LaunchType and CapacityProviderStrategy cannot both be specified for target: ${id}.`
    )
  }
  // NetworkConfiguration "is required if LaunchType is FARGATE because the awsvpc mode is
  // required for Fargate tasks." Not confirmed: the text.
  const awsvpc = read.object(read.object(ecs, 'NetworkConfiguration') ?? {}, 'awsvpcConfiguration')
  if (launchType === 'FARGATE' && awsvpc === undefined) {
    throw invalid(`Parameter(s) NetworkConfiguration must be specified for target: ${id}.`)
  }
}

/**
 * The target as the service keeps it: the model's members only. Not confirmed: that
 * ListTargetsByRule shows `TaskCount: 1` when PutTargets left it out (the model's default).
 */
export function storedTarget(target: JsonObject): JsonObject {
  const kept = prune(target, targetShape) as JsonObject
  const ecs = read.object(kept, 'EcsParameters')
  if (ecs !== undefined && ecs.TaskCount === undefined) {
    kept.EcsParameters = { ...ecs, TaskCount: 1 }
  }
  return kept
}
