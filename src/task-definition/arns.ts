/** ARN checks for render inputs. Each returns why the value is wrong, or undefined when it is fine. */

// aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc, … and partitions yet to come.
const PARTITION = 'aws(?:-[a-z]+)*'
// IAM: a path ("/" or "/a/b/") then a name of up to 64 of [A-Za-z0-9+=,.@_-].
const ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:iam::[0-9]{12}:role/(?:[\\x21-\\x7E]*/)?[\\w+=,.@-]{1,64}$`
)
const S3_OBJECT_ARN = new RegExp(`^arn:${PARTITION}:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)$`)
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/my-role'
const S3_EXAMPLE = 'arn:aws:s3:::my-bucket/path/app.env'

export function checkIamRoleArn(value: string): string | undefined {
  if (ROLE_ARN.test(value)) return undefined
  const shown = JSON.stringify(value)
  const hint = /^arn:[^:]*:sts::[0-9]*:assumed-role\//.test(value)
    ? ' (that is an assumed-role session; use the role ARN from IAM)'
    : /^arn:[^:]*:iam::[0-9]*:instance-profile\//.test(value)
      ? ' (that is an instance profile; use the role ARN)'
      : value.startsWith('arn:')
        ? ''
        : ' (give the full ARN, not the role name)'
  return `${shown} is not an IAM role ARN${hint}; expected arn:<partition>:iam::<12-digit account>:role/<name>, e.g. ${ROLE_EXAMPLE}`
}

export function checkS3ObjectArn(value: string): string | undefined {
  if (S3_OBJECT_ARN.test(value)) return undefined
  const shown = JSON.stringify(value)
  const url = /^s3:\/\/([^/]+)\/(.+)$/.exec(value)
  if (url !== null) {
    return `${shown} is an S3 URL; ECS wants the object ARN: arn:aws:s3:::${url[1] ?? ''}/${url[2] ?? ''}`
  }
  if (new RegExp(`^arn:${PARTITION}:s3:::[^/]+/?$`).test(value)) {
    return `${shown} names a bucket, not an object; expected the ARN of the .env file, e.g. ${S3_EXAMPLE}`
  }
  return `${shown} is not an S3 object ARN; expected arn:<partition>:s3:::<bucket>/<key>, e.g. ${S3_EXAMPLE}`
}
