import { DEFAULT_MAX_ATTEMPTS, MAX_MAX_ATTEMPTS, MIN_MAX_ATTEMPTS } from '../aws/client-config.js'
import { parseCodeDeployName } from '../codedeploy/settings.js'
import { inputReader, type InputReader } from '../input/reader.js'
import { parseContainerOverrides } from '../run-task/overrides.js'
import {
  ASSIGN_PUBLIC_IP,
  LAUNCH_TYPES,
  MAX_RUN_TASK_WAIT_MINUTES,
  parseCapacityProviderStrategy,
  parseRunTaskCommand,
  parseRunTaskTags,
  parseSecurityGroups,
  parseStartedBy,
  parseSubnets
} from '../run-task/settings.js'
import { parseScheduledTasks } from '../scheduled/settings.js'
import { RENDER_INPUT_PARSERS as RENDER } from '../task-definition/index.js'
import { flag, oneOf, text, wholeNumber } from './kinds.js'
import {
  parseDeregisterPrevious,
  parseFamily,
  parseTaskDefinitionArn,
  parseWaitUntilStage
} from './parsers.js'
import type { InputRow } from './row.js'
import {
  MAX_INT32,
  parseCluster,
  parseEbsVolume,
  parseServices,
  parseVolumeName,
  PROPAGATE_TAGS
} from './service.js'

/**
 * Every input of the action, once: the feature it belongs to, its default (as action.yml gives
 * it; a test holds the two together) and how its text becomes a value. readSettings reads inputs
 * only through this table, and `npm run docs` writes the input docs from it and action.yml.
 * Descriptions stay in action.yml, where the runner and the Marketplace show them.
 */
export const INPUT_TABLE = [
  { name: 'task-definition', group: 'source', common: true, parse: text },
  { name: 'task-definition-arn', group: 'source', parse: parseTaskDefinitionArn },
  { name: 'task-definition-family', group: 'source', parse: parseFamily },
  {
    name: 'task-definition-revision',
    group: 'source',
    parse: wholeNumber({ min: 1, max: 1_000_000 })
  },
  { name: 'task-definition-from-service', group: 'source', default: 'false', parse: flag },

  { name: 'container-name', group: 'render', common: true, parse: RENDER['container-name'] },
  { name: 'image', group: 'render', common: true, parse: RENDER.image },
  { name: 'images', group: 'render', common: true, parse: RENDER.images },
  {
    name: 'environment-variables',
    group: 'render',
    common: true,
    parse: RENDER['environment-variables']
  },
  {
    name: 'environment-mode',
    group: 'render',
    default: 'merge',
    parse: RENDER['environment-mode']
  },
  { name: 'secrets', group: 'render', common: true, parse: RENDER.secrets },
  { name: 'env-files', group: 'render', parse: RENDER['env-files'] },
  {
    name: 'log-configuration-log-driver',
    group: 'render',
    parse: RENDER['log-configuration-log-driver']
  },
  {
    name: 'log-configuration-options',
    group: 'render',
    parse: RENDER['log-configuration-options']
  },
  { name: 'docker-labels', group: 'render', parse: RENDER['docker-labels'] },
  { name: 'command', group: 'render', parse: RENDER.command },
  { name: 'cpu', group: 'render', parse: RENDER.cpu },
  { name: 'memory', group: 'render', parse: RENDER.memory },
  { name: 'task-role-arn', group: 'render', parse: RENDER['task-role-arn'] },
  { name: 'execution-role-arn', group: 'render', parse: RENDER['execution-role-arn'] },
  { name: 'tags', group: 'render', parse: RENDER.tags },

  { name: 'verify-images', group: 'images', default: 'true', parse: flag },
  { name: 'pin-image-digest', group: 'images', default: 'false', parse: flag },

  { name: 'register-unchanged', group: 'register', default: 'false', parse: flag },
  { name: 'show-environment-values', group: 'register', default: 'false', parse: flag },
  { name: 'dry-run', group: 'register', default: 'false', common: true, parse: flag },

  { name: 'service', group: 'service', common: true, parse: parseServices },
  { name: 'cluster', group: 'service', default: 'default', common: true, parse: parseCluster },

  { name: 'force-new-deployment', group: 'service-update', parse: flag },
  {
    name: 'desired-count',
    group: 'service-update',
    parse: wholeNumber({ min: 0, max: MAX_INT32 })
  },
  { name: 'enable-ecs-managed-tags', group: 'service-update', parse: flag },
  { name: 'propagate-tags', group: 'service-update', parse: oneOf(PROPAGATE_TAGS) },
  { name: 'enable-execute-command', group: 'service-update', parse: flag },
  {
    name: 'health-check-grace-period-seconds',
    group: 'service-update',
    parse: wholeNumber({ min: 0, max: MAX_INT32 })
  },
  { name: 'service-managed-ebs-volume-name', group: 'service-update', parse: parseVolumeName },
  { name: 'service-managed-ebs-volume', group: 'service-update', parse: parseEbsVolume },

  {
    name: 'wait-for-service-stability',
    group: 'watch',
    default: 'true',
    common: true,
    parse: flag
  },
  {
    name: 'wait-for-minutes',
    group: 'watch',
    default: '30',
    common: true,
    // A GitHub-hosted job cannot run longer than 6 hours.
    parse: wholeNumber({ min: 1, max: 360 })
  },
  {
    name: 'poll-interval-seconds',
    group: 'watch',
    default: '5',
    parse: wholeNumber({ min: 1, max: 300 })
  },
  { name: 'wait-until-stage', group: 'watch', parse: parseWaitUntilStage },
  { name: 'on-superseded', group: 'watch', default: 'fail', parse: oneOf(['fail', 'succeed']) },
  {
    name: 'fail-fast-failed-tasks',
    group: 'watch',
    // The circuit breaker's own ceiling.
    parse: wholeNumber({ min: 1, max: 200 })
  },
  {
    name: 'stall-minutes',
    group: 'watch',
    default: '10',
    parse: wholeNumber({ min: 0, max: 360 })
  },

  { name: 'show-logs', group: 'watch', default: '20', parse: wholeNumber({ min: 0, max: 1000 }) },

  { name: 'rollback-on-failure', group: 'rollback', default: 'false', common: true, parse: flag },
  { name: 'wait-for-rollback', group: 'rollback', default: 'false', parse: flag },

  // No defaults here: CodeDeploy's come from the cluster and service (codedeploy/settings.ts).
  { name: 'codedeploy-appspec', group: 'codedeploy', parse: text },
  { name: 'codedeploy-application', group: 'codedeploy', parse: parseCodeDeployName },
  { name: 'codedeploy-deployment-group', group: 'codedeploy', parse: parseCodeDeployName },
  { name: 'codedeploy-deployment-description', group: 'codedeploy', parse: text },
  { name: 'codedeploy-deployment-config', group: 'codedeploy', parse: parseCodeDeployName },

  // Only run-task itself has a default: with one, an option of a gate that is off could not be
  // told from an option left unset. Their fallbacks are in run-task/settings.ts.
  { name: 'run-task', group: 'run-task', default: 'false', parse: flag },
  { name: 'run-task-container-overrides', group: 'run-task', parse: parseContainerOverrides },
  { name: 'run-task-command', group: 'run-task', parse: parseRunTaskCommand },
  { name: 'run-task-subnets', group: 'run-task', parse: parseSubnets },
  { name: 'run-task-security-groups', group: 'run-task', parse: parseSecurityGroups },
  { name: 'run-task-assign-public-IP', group: 'run-task', parse: oneOf(ASSIGN_PUBLIC_IP) },
  { name: 'run-task-launch-type', group: 'run-task', parse: oneOf(LAUNCH_TYPES) },
  {
    name: 'run-task-capacity-provider-strategy',
    group: 'run-task',
    parse: parseCapacityProviderStrategy
  },
  { name: 'run-task-started-by', group: 'run-task', parse: parseStartedBy },
  { name: 'run-task-tags', group: 'run-task', parse: parseRunTaskTags },
  { name: 'wait-for-task-stopped', group: 'run-task', parse: flag },
  {
    name: 'run-task-wait-minutes',
    group: 'run-task',
    parse: wholeNumber({ min: 1, max: MAX_RUN_TASK_WAIT_MINUTES })
  },

  { name: 'scheduled-tasks', group: 'scheduled-tasks', parse: parseScheduledTasks },
  {
    name: 'update-scheduled-tasks-for-family',
    group: 'scheduled-tasks',
    default: 'false',
    parse: flag
  },

  { name: 'deregister-previous', group: 'housekeeping', parse: parseDeregisterPrevious },

  { name: 'tag-with-github-context', group: 'github', default: 'true', parse: flag },
  { name: 'github-deployment', group: 'github', default: 'false', parse: flag },
  { name: 'github-token', group: 'github', parse: text },
  { name: 'environment', group: 'github', parse: text },
  { name: 'environment-url', group: 'github', parse: text },

  {
    name: 'max-retries',
    group: 'aws',
    default: String(DEFAULT_MAX_ATTEMPTS),
    parse: wholeNumber({ min: MIN_MAX_ATTEMPTS, max: MAX_MAX_ATTEMPTS })
  }
] as const satisfies readonly InputRow[]

type Row = (typeof INPUT_TABLE)[number]

export type InputName = Row['name']

/** Each input's value: what its parse gives, or undefined when it is unset and has no default. */
export type InputValues = {
  readonly [R in Row as R['name']]:
    ReturnType<R['parse']> | (R extends { readonly default: string } ? never : undefined)
}

export type SettingsInputs = InputReader<InputValues>

/** The workflow's inputs, read through the table. */
export function readInputs(source: { getInput(name: string): string }): SettingsInputs {
  return inputReader<InputValues>({
    parsers: INPUT_TABLE,
    getInput: (name) => source.getInput(name)
  })
}
