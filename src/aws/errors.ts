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
  if (typeof status === 'number' && (status >= 500 || status === 429)) return 'transient'
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return 'transient'
  return 'permanent'
}

/** The service-deployments API is optional: these errors mean "use deployments[] instead". */
export function meansServiceDeploymentsUnavailable(error: unknown): boolean {
  return [
    'AccessDeniedException',
    'UnsupportedFeatureException',
    'UnknownOperationException'
  ].includes(errorName(error))
}

const ADVICE: Record<string, string> = {
  AccessDeniedException:
    'The credentials lack an IAM permission for this call: grant it to the role the workflow assumes.',
  ExpiredTokenException:
    'The AWS credentials expired. Give the role session longer than wait-for-minutes (role-duration-seconds in aws-actions/configure-aws-credentials).',
  UnrecognizedClientException: 'The AWS credentials are not valid for this account or region.',
  ClusterNotFoundException: 'Check the "cluster" input and the AWS region.',
  ServiceNotFoundException: 'Check the "service" and "cluster" inputs and the AWS region.',
  ServiceNotActiveException:
    'The service is being deleted (DRAINING) or was deleted (INACTIVE); it cannot be updated.'
}

/** One line for the log: the call, what AWS said, and what to do next when we know. */
export function describeAwsError(operation: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const name = errorName(error)
  const advice = ADVICE[name]
  return `${operation} failed: ${name}: ${message}${advice === undefined ? '' : ` ${advice}`}`
}

/** Runs one AWS call and turns its error into a line that says what failed and what to do. */
export async function awsCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw new Error(describeAwsError(operation, error), { cause: error })
  }
}
