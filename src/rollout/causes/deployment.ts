import { familyRevision } from '../../text/names.js'
import type { Finding } from './types.js'
import { cause, fragment, joined, list, str } from './text.js'

/**
 * Causes that the service deployment states outright (an alarm, a hook, a replacement, a stop) rather
 * than ones read from task texts. Each reads one field of the evidence, defensively.
 */

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
const ALARM_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
// (every service update that needs a deployment creates a new service deployment)
const DEPLOYMENT_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
const STOP_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html
// (hook status FAILED or TIMED_OUT, from DeploymentLifecycleHookDetail)
const HOOK_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html'

type Fields = Record<string, unknown>

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined
}

function alarm(value: unknown): Finding[] {
  const names = [...new Set(list(value).map((name) => fragment(str(name, 300), 80)))]
  const shown = names.filter((name) => name !== '').slice(0, 3)
  if (shown.length === 0) return []
  return [
    cause(
      'alarm',
      ALARM_PAGE,
      `CloudWatch ${shown.length === 1 ? 'alarm' : 'alarms'} ${joined(shown)} went into ALARM during the deployment`,
      'Look at what the alarm measures around the deployment: the new revision most likely moved it (errors, latency, resources); fix that, or the threshold if it is wrong.',
      shown.join(',')
    )
  ]
}

function superseded(value: unknown): Finding[] {
  const by = fields(value)
  const id = fragment(str(by?.['id'], 300), 80)
  if (by === undefined || id === '') return []
  const definition = fragment(str(by['taskDefinition'], 500), 200)
  const who = fragment(str(by['registeredBy'], 300), 80)
  const detail = [
    definition ? `of ${familyRevision(definition)}` : '',
    who ? `registered by ${who}` : ''
  ].filter((part) => part !== '')
  return [
    cause(
      'superseded',
      DEPLOYMENT_PAGE,
      `another deployment, ${id}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}, replaced this one before it finished`,
      'Something else updated the service during the rollout (another workflow run, a person, infrastructure code); let one deployment of a service run at a time, for example with a concurrency group.',
      id
    )
  ]
}

function stoppedByOperator(value: unknown): Finding[] {
  if (value !== true) return []
  return [
    cause(
      'deployment-stopped',
      STOP_PAGE,
      'someone stopped the service deployment (StopServiceDeployment or the console)',
      'Ask whoever stopped it why, or look for the StopServiceDeployment call in CloudTrail, before deploying again.'
    )
  ]
}

function failedHook(value: unknown): Finding[] {
  const hook = fields(value)
  const status = str(hook?.['status'], 40)
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
  if (hook === undefined || (status !== 'FAILED' && status !== 'TIMED_OUT')) return []
  const id = fragment(str(hook['hookId'], 300), 80) || 'without an id'
  // A Lambda hook names its function: arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]
  const fn = /:function:([^:\s]+)/.exec(str(hook['targetArn'], 500))?.[1]
  const name = `lifecycle hook ${id}${fn ? ` (Lambda ${fragment(fn, 64)})` : ''}`
  return [
    status === 'TIMED_OUT'
      ? cause(
          'lifecycle-hook',
          HOOK_PAGE,
          `${name} timed out`,
          'The hook gave no result before its timeout: check that the function runs and returns a hookStatus, or that someone continues a paused deployment in time.',
          id
        )
      : cause(
          'lifecycle-hook',
          HOOK_PAGE,
          `${name} failed`,
          "Read the hook function's logs: it returned FAILED, or it errored, which ECS treats the same way.",
          id
        )
  ]
}

/** The causes the deployment's own fields state, in the catalogue's order. */
export function deploymentCauses(evidence: Fields): Finding[] {
  return [
    ...failedHook(evidence['failedHook']),
    ...alarm(evidence['triggeredAlarms']),
    ...stoppedByOperator(evidence['stoppedByOperator']),
    ...superseded(evidence['supersededBy'])
  ]
}
