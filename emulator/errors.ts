// The errors the emulator answers with, shaped as awsJson1_1 errors: HTTP 400 (5xx only for
// ServerException) and a `{"__type", "message"}` body that the SDK maps onto its typed exceptions.

import { ACCOUNT_ID } from './arns.js'

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    // Coral's framework errors (SerializationException) spell the key `Message`; service errors `message`.
    readonly messageKey: 'message' | 'Message' = 'message'
  ) {
    super(message)
    this.name = type
  }

  body(): Record<string, string> {
    return { __type: this.type, [this.messageKey]: this.message }
  }
}

export const clientException = (message: string): AwsError =>
  new AwsError('ClientException', message)

export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message)

export const clusterNotFound = (): AwsError =>
  new AwsError('ClusterNotFoundException', 'Cluster not found.')

export const serviceNotFound = (): AwsError =>
  new AwsError('ServiceNotFoundException', 'Service not found.')

export const serializationError = (message: string): AwsError =>
  new AwsError('SerializationException', message, 400, 'Message')

/**
 * The principal the emulator's IAM denials name: a GitHub Actions OIDC session, as
 * aws-actions/configure-aws-credentials creates it (default role-session-name "GitHubActions").
 */
export const DENIED_PRINCIPAL = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/github-actions-deploy/GitHubActions`

/**
 * IAM's wording, e.g. (kayac/ecspresso#850) "User: arn:aws:iam::…:user/… is not authorized to
 * perform: ecs:ListServiceDeployments on resource: arn:aws:ecs:ap-northeast-1:…:service/…/… because
 * no identity-based policy allows the ecs:ListServiceDeployments action".
 */
export const accessDenied = (action: string, resource: string): AwsError =>
  new AwsError(
    'AccessDeniedException',
    `User: ${DENIED_PRINCIPAL} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
  )
