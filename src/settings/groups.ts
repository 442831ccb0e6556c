/**
 * The features the inputs belong to, in the order docs/inputs.md shows them, each with the
 * heading and the line that introduce its section there. Only the docs read the text.
 */
export const INPUT_GROUPS = {
  source: {
    title: 'Task definition source',
    intro:
      'Where the new revision starts from: give exactly one of `task-definition`, `task-definition-arn`, `task-definition-family` or `task-definition-from-service`.'
  },
  render: {
    title: 'Container and task settings',
    intro:
      'What to change in the task definition before it is registered. Container settings apply to the containers named by `container-name`; an unset input leaves the task definition as it is.'
  },
  images: {
    title: 'Image checks',
    intro: 'What is done with Amazon ECR images before anything changes.'
  },
  register: {
    title: 'Registration and preview',
    intro: 'Whether a new revision is registered, and what the log shows of the change.'
  },
  service: {
    title: 'Services and cluster',
    intro: 'Where to deploy. Without `service`, the task definition is only registered.'
  },
  'service-update': {
    title: 'UpdateService options',
    intro:
      'Sent to UpdateService only when set, so an unset one leaves the service as it is. Each needs `service`.'
  },
  watch: {
    title: 'Watching the rollout',
    intro:
      'How long and how closely the action watches the deployment it started, and when it is done.'
  },
  rollback: {
    title: 'Rollback',
    intro: 'What the action does about a rollout that failed.'
  },
  codedeploy: {
    title: 'CodeDeploy blue/green',
    intro:
      'Only for services with the CODE_DEPLOY deployment controller; unset names default as in the official deploy action.'
  },
  'run-task': {
    title: 'One-off task before the deploy',
    intro:
      'A task (a database migration, say) run from the new revision before any service is updated. Every option needs `run-task: true`.'
  },
  'scheduled-tasks': {
    title: 'EventBridge rules and schedules',
    intro: 'Scheduled ECS tasks moved to the new revision once every service deployed succeeded.'
  },
  housekeeping: {
    title: 'Housekeeping',
    intro: 'Clean-up after a successful deploy; it never fails the deploy.'
  },
  github: {
    title: 'GitHub provenance and deployments',
    intro: 'Links from the revision back to the commit and run, and a GitHub deployment record.'
  },
  aws: {
    title: 'AWS calls',
    intro: 'How the action calls AWS.'
  }
} as const satisfies Record<string, { title: string; intro: string }>

export type InputGroup = keyof typeof INPUT_GROUPS
