/** How the watch loop should treat an error from an AWS call. */
export type ErrorClass = 'transient' | 'permanent'

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServerException',
  'ServiceUnavailable',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException'
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND'
])

interface AwsLikeError {
  name?: unknown
  code?: unknown
  $metadata?: { httpStatusCode?: unknown }
}

export function errorName(error: unknown): string {
  const e = error as AwsLikeError | null
  return typeof e?.name === 'string' ? e.name : 'Error'
}

export function classifyError(error: unknown): ErrorClass {
  const e = error as AwsLikeError | null
  const status = e?.$metadata?.httpStatusCode
  if (TRANSIENT_NAMES.has(errorName(error))) return 'transient'
  // One garbled answer says nothing about the next: read again.
  if (isMalformedAnswer(error)) return 'transient'
  if (typeof status === 'number' && (status >= 500 || status === 429)) return 'transient'
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return 'transient'
  return 'permanent'
}

/** The name readableError gives an answer that could not be read. */
const MALFORMED_ANSWER = 'MalformedAnswer'

// The SDK appends this to the message of an answer it cannot parse; it means nothing to a reader.
const SDK_HINT =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/g

/**
 * An answer that could not be read: not JSON (cut short, an HTML page with status 200), or larger
 * than any AWS sends (deadline.ts). Not a refusal and not a verdict: the next read may be fine.
 */
export function isMalformedAnswer(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const name = errorName(error)
  if (name === MALFORMED_ANSWER || name === 'AnswerTooLarge') return true
  const message = error instanceof Error ? error.message : ''
  return (
    name === 'SyntaxError' && ('$response' in error || message.includes('Deserialization error'))
  )
}

/**
 * An SDK error as it may be shown: an answer that could not be parsed gets a plain name and says
 * which call it was and what was wrong, without the SDK's hint about `{error}.$response`. Keeps
 * the error itself (and its metadata), so it classifies as before.
 */
export function readableError(operation: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error
  error.message = error.message.replace(SDK_HINT, '')
  if (isMalformedAnswer(error) && error.name !== MALFORMED_ANSWER) {
    const status = (error as AwsLikeError).$metadata?.httpStatusCode
    const what =
      errorName(error) === 'AnswerTooLarge'
        ? 'an answer too large to read'
        : 'an answer that is not valid JSON'
    error.message = `${operation} got ${what}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error.message}`
    Object.defineProperty(error, 'name', {
      value: MALFORMED_ANSWER,
      configurable: true,
      writable: true
    })
  }
  return error
}

/** The service-deployments API is optional: these errors mean "use deployments[] instead". */
export function meansServiceDeploymentsUnavailable(error: unknown): boolean {
  return [
    'AccessDeniedException',
    'UnsupportedFeatureException',
    'UnknownOperationException'
  ].includes(errorName(error))
}

// Sessions from aws-actions/configure-aws-credentials last role-duration-seconds (default 3600),
// within the role's maximum session duration; a long wait outlives a short session.
const EXPIRED =
  'The AWS credentials expired during the run: the role session must outlast the whole deploy, wait-for-minutes included. ' +
  "Raise role-duration-seconds in aws-actions/configure-aws-credentials (default 3600 s), and the role's maximum session duration if needed."

const ADVICE: Record<string, string> = {
  AccessDeniedException:
    'The credentials lack an IAM permission for this call: grant it to the role the workflow assumes.',
  ExpiredTokenException: EXPIRED,
  ExpiredToken: EXPIRED,
  UnrecognizedClientException: 'The AWS credentials are not valid for this account or region.',
  ClusterNotFoundException: 'Check the "cluster" input and the AWS region.',
  ServiceNotFoundException: 'Check the "service" and "cluster" inputs and the AWS region.',
  ServiceNotActiveException:
    'The service is being deleted (DRAINING) or was deleted (INACTIVE); it cannot be updated.'
}

/** Credential errors end the run wherever they happen, so their message carries the advice. */
const ADVICE_EVERYWHERE = new Set(['ExpiredTokenException', 'ExpiredToken'])

// Marks an error whose message already says what failed and what to do (see withAdvice).
const DESCRIBED = Symbol('ecs-rollout.described')

/** One line for the log: the call, what AWS said, and what to do next when we know. */
export function describeAwsError(operation: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(SDK_HINT, '')
  if (typeof error === 'object' && error !== null && DESCRIBED in error) return message
  const name = errorName(error)
  const advice = ADVICE[name]
  if (advice === undefined) return `${operation} failed: ${name}: ${message}`
  // AWS ends some messages (expired token, access denied) without a full stop.
  return `${operation} failed: ${name}: ${asSentence(message)} ${advice}`
}

/**
 * Gives an error that ends the run, whichever caller lets it through, a message that says which call
 * failed and what to do. Keeps its name and metadata, so it classifies as before.
 */
export function withAdvice(operation: string, error: unknown): unknown {
  if (!(error instanceof Error) || !ADVICE_EVERYWHERE.has(errorName(error))) return error
  if (DESCRIBED in error) return error
  error.message = describeAwsError(operation, error)
  return Object.assign(error, { [DESCRIBED]: true })
}

/** Runs one AWS call and turns its error into a line that says what failed and what to do. */
export async function awsCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw new Error(describeAwsError(operation, error), { cause: error })
  }
}

/** Ends a line with a full stop when AWS's message did not, so another sentence can follow. */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}
