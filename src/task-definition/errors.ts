/** One thing RegisterTaskDefinition would reject (or silently lose), found before any AWS call. */
export interface ValidationProblem {
  /** Where in the task definition, e.g. `containerDefinitions[1].image`; `''` for the whole document. */
  readonly path: string
  /** What is wrong and what is expected. */
  readonly message: string
}

export interface TaskDefinitionErrorOptions {
  /** The action input the error concerns (`task-definition`, `container-name`, `image`), if any. */
  readonly input?: string
  /** Every problem found, when the error comes from validation. */
  readonly problems?: readonly ValidationProblem[]
  readonly cause?: unknown
}

/**
 * The only error this module throws. The message is complete on its own; `input` lets the caller
 * prefix "input X:" and `problems` lets it annotate each problem separately.
 */
export class TaskDefinitionError extends Error {
  override readonly name = 'TaskDefinitionError'
  readonly input: string | undefined
  readonly problems: readonly ValidationProblem[]

  constructor(message: string, options: TaskDefinitionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.input = options.input
    this.problems = options.problems ?? []
  }
}
