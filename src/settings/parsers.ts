import { InputError, parseInteger } from '../input/values.js'
import { STAGES, type Stage } from '../rollout/stage.js'

// Parsers of inputs whose feature code only needs the value: they live with the input table, so
// the features never depend on how a workflow spells their settings.

const MAX_KEEP = 1000

/**
 * `deregister-previous`: how many of the newest ACTIVE revisions to keep, the one just deployed
 * included. Unset means housekeeping is off.
 */
export function parseDeregisterPrevious(text: string): number {
  if (text === '0') {
    throw new InputError(
      'deregister-previous',
      'must be at least 1: it counts the revision just deployed, which is always kept. Leave it unset to deregister nothing'
    )
  }
  return parseInteger('deregister-previous', text, { min: 1, max: MAX_KEEP })
}

/** `wait-until-stage`: a lifecycle stage, any case, `-` for `_`. Unset: wait for the end. */
export function parseWaitUntilStage(text: string): Stage {
  const stage = text.toUpperCase().replace(/-/g, '_')
  if (!STAGES.includes(stage as Stage)) {
    throw new InputError(
      'wait-until-stage',
      `must be a service deployment lifecycle stage: one of ${STAGES.join(', ')} (got "${text}")`
    )
  }
  return stage as Stage
}

const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[a-zA-Z0-9_-]{1,255}:\d+$/
const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/

/** `task-definition-arn`: a revision's full ARN, family and revision number included. */
export function parseTaskDefinitionArn(text: string): string {
  if (!TASK_DEFINITION_ARN.test(text)) {
    throw new InputError(
      'task-definition-arn',
      `must be a task definition ARN like arn:aws:ecs:us-east-1:123456789012:task-definition/web:42, got "${text}"`
    )
  }
  return text
}

/** `task-definition-family`: a family name as RegisterTaskDefinition accepts it. */
export function parseFamily(text: string): string {
  if (!FAMILY.test(text)) {
    throw new InputError(
      'task-definition-family',
      `must be a family name of up to 255 letters, digits, "-" and "_", got "${text}"`
    )
  }
  return text
}
