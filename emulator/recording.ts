// What the emulator remembers for tests and the demo: every request it answered, and the
// moments the simulated ECS changed state (so a test can measure how fast a client noticed).

/**
 * The APIs the emulator serves, by signing name: ecs, ecr, logs (CloudWatch Logs), codedeploy,
 * events (EventBridge) and scheduler (EventBridge Scheduler).
 */
export type ServiceName = 'ecs' | 'ecr' | 'logs' | 'codedeploy' | 'events' | 'scheduler'

export interface RecordedCall {
  service: ServiceName
  operation: string
  /** The request body as received (parsed JSON, or the raw text when it was not JSON). */
  input: unknown
  /** Virtual epoch milliseconds when the request was answered. */
  virtualTime: number
  /** Real epoch milliseconds (from the injected clock) when the request was answered. */
  realTime: number
  /** The error type (`__type`) when the request failed, e.g. `ThrottlingException`. */
  error?: string
  /** The access key id the request was signed with. */
  accessKeyId?: string
}

export interface TimelineEntry {
  /** Virtual epoch milliseconds of the transition. */
  virtualTime: number
  /** Real epoch milliseconds at which that virtual moment happened. */
  realTime: number
  /**
   * What happened. Stable prefixes a test can match:
   * - `service-deployment <STATUS> <arn>` for every status change of a service deployment
   *   (PENDING, IN_PROGRESS, SUCCESSFUL, STOP_REQUESTED, STOPPED, ROLLBACK_REQUESTED,
   *   ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED);
   * - `deployment ecs-svc/… FAILED` and `deployment ecs-svc/… COMPLETED` (rolloutState);
   * - `deployment ecs-svc/… PRIMARY IN_PROGRESS (circuit breaker|alarm|user rollback)`;
   * - `deployment ecs-svc/… failedTasks <n>`, `alarm <name> ALARM`, `scenario <name>`;
   * - scripted actors: `operator StopServiceDeployment <ROLLBACK|ABORT> <arn>` (and `… refused
   *   (<error>) <arn>`), `autoscaling desiredCount <old> -> <new> <service arn>`, `ECS started a
   *   second deployment of <task definition arn> <service arn>`;
   * - CodeDeploy: `codedeploy-deployment <STATUS> d-…` (Created, InProgress, Ready, Succeeded,
   *   Failed, Stopped), `codedeploy-lifecycle d-… <event> <status>`, `codedeploy-traffic d-… 100`,
   *   `codedeploy-taskset d-… ecs-svc/… created`.
   */
  what: string
}
