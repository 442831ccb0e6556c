// What the emulator remembers for tests and the demo: every request it answered, and the
// moments the simulated ECS changed state (so a test can measure how fast a client noticed).

export interface RecordedCall {
  service: 'ecs' | 'ecr'
  operation: string
  /** The request body as received (parsed JSON, or the raw text when it was not JSON). */
  input: unknown
  /** Virtual epoch milliseconds when the request was answered. */
  virtualTime: number
  /** Real epoch milliseconds (from the injected clock) when the request was answered. */
  realTime: number
  /** The error type (`__type`) when the request failed. */
  error?: string
}

export interface TimelineEntry {
  /** Virtual epoch milliseconds of the transition. */
  virtualTime: number
  /** Real epoch milliseconds at which that virtual moment happened. */
  realTime: number
  /**
   * What happened, e.g. `service-deployment SUCCESSFUL arn:aws:ecs:…`, `deployment ecs-svc/… FAILED`,
   * `deployment ecs-svc/… PRIMARY IN_PROGRESS (circuit breaker rollback)`, `scenario stall`.
   */
  what: string
}
