import type { Task } from '@aws-sdk/client-ecs'

/** What the watch saw of a rollout that did not succeed. Every field may be missing or odd. */
export interface CauseEvidence {
  /** Stopped tasks of our deployment: stopCode, stoppedReason, containers[].{name, exitCode, reason}. */
  readonly stoppedTasks: readonly Task[]
  /** Service event messages seen during the rollout, newest last. */
  readonly events: readonly string[]
  /** Alarms that went into ALARM during the service deployment. */
  readonly triggeredAlarms?: readonly string[]
  /** Another deployment that replaced ours, and who registered its task definition, if known. */
  readonly supersededBy?: { id: string; taskDefinition?: string; registeredBy?: string }
  /** A lifecycle hook of the service deployment that ended FAILED or TIMED_OUT. */
  readonly failedHook?: { hookId: string; status: string; targetArn?: string }
  /** The service deployment was stopped by someone (StopServiceDeployment or the console). */
  readonly stoppedByOperator?: boolean
}

/** One likely cause. `summary` reads after "Likely cause: "; `advice` is a full sentence. */
export interface Cause {
  readonly id: string
  readonly summary: string
  readonly advice: string
  /** The AWS page the cause and its wording come from. */
  readonly source: string
}

/**
 * A cause as a rule found it. `subject` is what it is about (a container, a target group, an
 * image): the same cause about the same subject is one cause, and a cause about no subject in
 * particular is noise next to the same cause about a named one.
 */
export interface Finding {
  readonly cause: Cause
  readonly subject: string
}

/** One container of a stopped task, every field read defensively. */
export interface ContainerFacts {
  readonly name: string
  readonly exitCode: number | undefined
  readonly reason: string
  readonly healthStatus: string
}

/** One stopped task, every field read defensively, so rules never meet `undefined` or a non-string. */
export interface TaskFacts {
  readonly stopCode: string
  readonly stoppedReason: string
  readonly healthStatus: string
  readonly containers: readonly ContainerFacts[]
  /** The stopped reason and the containers' reasons: what text rules read. */
  readonly texts: readonly string[]
}

/**
 * One entry of the catalogue. A rule with `fromTask` reads a stopped task whole (stop code, exit
 * codes, container names); otherwise its `fromText` reads each of the task's texts. Service events
 * are read by `fromText` only.
 */
export interface Rule {
  readonly id: string
  readonly fromTask?: (task: TaskFacts) => Finding[]
  readonly fromText?: (text: string) => Finding | undefined
  /** More specific causes that, when found, make this general one noise. */
  readonly unless?: readonly string[]
}
