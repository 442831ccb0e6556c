import type { Rule } from './types.js'
import { cause, fragment, textRule } from './text.js'

/**
 * Causes that keep a task from starting: the image cannot be pulled, or what the task needs before
 * it starts (secrets, registry credentials, the execution role) cannot be had.
 */

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
// (the Fargate error-code list names it "CannotPullContainer task errors")
const PULL_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html
// (messages read on https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets)
const INIT_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html'
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
const ROLE_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html'

const PULL = /cannot\s*pull\s*container\s*error/i
// Page: "API error (404): repository … not found"; containerd says "not found" / "manifest unknown".
const NOT_FOUND = /not\s+found|manifest\s+unknown|\(404\)/i
// unconfirmed wording: the page names access problems but quotes no denial text; registries send
// "pull access denied" (Docker), "403 Forbidden" (containerd) or "AccessDenied…" (ECR).
const DENIED =
  /access\s*denied|unauthori[sz]ed|forbidden|\b40[13]\b|no\s+basic\s+auth|authentication\s+required/i
// Page: "request canceled while waiting for connection", "Context canceled"; "i/o timeout" is
// unconfirmed wording, seen in containerd's reasons.
const TIMEOUT = /timed?\s*out|context\s+cancell?ed|request\s+cancell?ed|deadline\s+exceeded/i
const IMAGE_REF =
  /(?:resolve\s+ref(?:erence)?|manifest\s+for|repository|access\s+denied\s+for)\s+["']?([\w.\-/:@]+)/i

/** The image a pull error names, when it names one ("does" in "repository does not exist" is not). */
function imageRef(text: string): string | undefined {
  const ref = IMAGE_REF.exec(text)?.[1]?.replace(/[:.,]+$/, '')
  return ref !== undefined && /[./:]/.test(ref) ? fragment(ref, 120) : undefined
}

const imageNotFound: Rule = {
  id: 'image-not-found',
  fromText(text) {
    if (!PULL.test(text) || !NOT_FOUND.test(text)) return undefined
    const ref = imageRef(text)
    return cause(
      'image-not-found',
      PULL_PAGE,
      `${ref ? `image ${ref}` : 'the image or its tag'} does not exist in the registry (CannotPullContainerError)`,
      'Check that the step that pushes the image ran, and that the repository and tag in the task definition match what was pushed.',
      ref
    )
  }
}

const registryAccess = textRule('registry-access', (text) => PULL.test(text) && DENIED.test(text), {
  source: PULL_PAGE,
  summary:
    'the registry refused to let the task pull its image (CannotPullContainerError: access denied)',
  advice:
    'Let the task execution role pull from the repository (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, and the repository policy for another account), or fix the repositoryCredentials secret of a private registry.'
})

const pullTimeout = textRule('pull-timeout', (text) => PULL.test(text) && TIMEOUT.test(text), {
  source: PULL_PAGE,
  summary:
    'pulling the image timed out: the task could not reach the registry (CannotPullContainerError)',
  advice:
    "Give the task's subnets a way out to the registry: a public IP with an internet gateway, a NAT gateway, or VPC endpoints for ECR; and check the security groups allow outbound HTTPS."
})

const imagePull = textRule('image-pull', (text) => PULL.test(text), {
  source: PULL_PAGE,
  summary: 'ECS could not pull the container image (CannotPullContainerError)',
  advice:
    'Read the full stopped reason: a wrong image reference, missing pull permissions on the execution role and no network path to the registry are the usual culprits.',
  unless: ['image-not-found', 'registry-access', 'pull-timeout']
})

const INIT = /resource\s*initiali[sz]ation\s*error/i
// Page: "unable to pull secrets or registry auth: execution resource retrieval failed: unable to
// retrieve secret from asm" / "… ecr registry auth" / "… from ssm".
const SECRETS = /secret|registry\s+auth|\b(?:asm|ssm)\b/i

const secrets = textRule('secrets', (text) => INIT.test(text) && SECRETS.test(text), {
  source: INIT_PAGE,
  summary:
    'ECS could not fetch the secrets or registry credentials the task needs (ResourceInitializationError)',
  advice:
    'Check that every secret and parameter the task definition names exists in this Region, that the execution role may read it (and decrypt it with its KMS key), and that the subnets can reach Secrets Manager, SSM and ECR.'
})

const resourceInit: Rule = {
  id: 'resource-init',
  unless: ['secrets'],
  fromText(text) {
    const token = INIT.exec(text)
    if (token === null) return undefined
    const rest = text.slice(token.index + token[0].length).replace(/^[\s:;,>=–-]+/, '')
    const detail = fragment(rest, 80)
    return cause(
      'resource-init',
      INIT_PAGE,
      `ECS could not prepare the task's resources (ResourceInitializationError${detail ? `: ${detail}` : ''})`,
      'Read the full stopped reason: the log configuration, a volume that cannot be mounted and a VPC without DNS resolution are common culprits.',
      detail
    )
  }
}

// unconfirmed wording: AWS pages show "is not authorized to perform" (IAM) and "AccessDenied…"
// inside longer reasons, but no page quotes ECS's "unable to assume" text; matched loosely.
const ROLE = /unable\s+to\s+assume|not\s+authori[sz]ed\s+to\s+perform|AccessDenied/i

const executionRole: Rule = {
  id: 'execution-role',
  fromText(text) {
    if (!ROLE.test(text)) return undefined
    // The role is named as a session (…:assumed-role/<name>/…) or by its ARN (…:role/<path>/<name>).
    const role = /(?:assumed-role|:role(?:\/[\w+=,.@-]+)*)\/([\w+=,.@-]+)/i.exec(text)?.[1]
    const action = /not\s+authori[sz]ed\s+to\s+perform:?\s*([\w:*-]+)/i.exec(text)?.[1]
    const who = role
      ? `role ${fragment(role, 64)}`
      : 'a role ECS uses (most often the task execution role)'
    return cause(
      'execution-role',
      ROLE_PAGE,
      action
        ? `${who} is not allowed to ${fragment(action, 64)} (AccessDenied)`
        : `${who} could not be assumed or lacks a permission (AccessDenied)`,
      'Check the execution role of the task definition: its trust policy must let ecs-tasks.amazonaws.com assume it, and its policies must allow the action that was denied.',
      `${role ?? ''} ${action ?? ''}`
    )
  }
}

export const imageRules: readonly Rule[] = [
  imageNotFound,
  registryAccess,
  pullTimeout,
  imagePull,
  secrets,
  resourceInit,
  executionRole
]
