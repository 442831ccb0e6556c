/**
 * Plausibility check for container image references, following the Docker reference grammar
 * (distribution/reference) plus ECS's own limits (255 characters before `@`, sha256 digests only).
 * ECS itself accepts almost any string and fails later, at image pull, so catching a bad reference
 * here saves a full rollout.
 */

export interface EcrImageLocation {
  /** The 12-digit AWS account id of the registry. */
  readonly registryId: string
  readonly region: string
  /** Repository path inside the registry, e.g. `team/api`. */
  readonly repositoryName: string
}

export interface ParsedImageReference {
  /** `host[:port]` when the reference names one; Docker Hub references have none (not normalized). */
  readonly registry?: string
  /** Path after the registry, e.g. `nginx` or `org/app`. */
  readonly repository: string
  readonly tag?: string
  /** `sha256:<64 hex>` */
  readonly digest?: string
  /** Present for private Amazon ECR registries (standard, FIPS, China and dual-stack endpoints). */
  readonly ecr?: EcrImageLocation
}

export type ImageReferenceCheck =
  | { readonly ok: true; readonly parsed: ParsedImageReference }
  | { readonly ok: false; readonly why: string }

const MAX_NAME_LENGTH = 255
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^sha256:[A-Fa-f0-9]{64}$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_COMPONENT = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?'
const REGISTRY = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`
)
const ECR_REGISTRY = [
  /^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\.amazonaws\.com(?:\.cn)?$/,
  /^([0-9]{12})\.dkr-ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\.on\.aws$/
]

const EXPECTED = 'expected [registry/]repository[:tag][@sha256:digest], e.g. "nginx:1.27"'

function reject(why: string): ImageReferenceCheck {
  return { ok: false, why: `${why}; ${EXPECTED}` }
}

export function checkImageReference(ref: string): ImageReferenceCheck {
  if (ref === '') return reject('the image reference is empty')
  if (/\s/.test(ref)) return reject('it contains whitespace')
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(ref)
  if (scheme !== null) return reject(`it must not start with a URL scheme (remove "${scheme[0]}")`)

  const parts = ref.split('@')
  if (parts.length > 2) return reject('it contains more than one "@"')
  const namePart = parts[0] ?? ''
  const digest = parts[1]
  if (digest !== undefined && !DIGEST.test(digest)) {
    return reject(
      digest.startsWith('sha256:')
        ? `digest "${digest}" must be "sha256:" followed by exactly 64 hex characters`
        : `digest "${digest}" is not supported: ECS accepts only sha256 digests ("sha256:" and 64 hex characters)`
    )
  }
  if (namePart.length > MAX_NAME_LENGTH) {
    return reject(
      `it is ${namePart.length} characters long${digest === undefined ? '' : ' before the "@"'}; ECS allows at most ${MAX_NAME_LENGTH}`
    )
  }

  let name = namePart
  let tag: string | undefined
  const colon = namePart.lastIndexOf(':')
  if (colon > namePart.lastIndexOf('/')) {
    name = namePart.slice(0, colon)
    tag = namePart.slice(colon + 1)
    if (tag === '') return reject('it ends with ":" but has no tag after it')
    if (!TAG.test(tag)) {
      return reject(
        `tag "${tag}" is not valid: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`
      )
    }
  }
  if (name === '') return reject('it has no repository name')

  const components = name.split('/')
  let registry: string | undefined
  const first = components[0] ?? ''
  if (
    components.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    registry = first
    components.shift()
    if (!REGISTRY.test(registry)) return reject(`registry "${registry}" is not a valid host[:port]`)
  }

  for (const component of components) {
    if (component === '')
      return reject(
        `repository "${components.join('/')}" has an empty path component (check for "//" or a trailing "/")`
      )
    if (component !== component.toLowerCase() && PATH_COMPONENT.test(component.toLowerCase())) {
      return reject(`repository path "${components.join('/')}" must be lowercase`)
    }
    if (!PATH_COMPONENT.test(component)) {
      return reject(
        `repository path component "${component}" is not valid: use lowercase letters and digits, separated by ".", "_", "__" or "-"`
      )
    }
  }

  const repository = components.join('/')
  const ecr = registry === undefined ? undefined : ecrLocation(registry, repository)
  return {
    ok: true,
    parsed: {
      ...(registry === undefined ? {} : { registry }),
      repository,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest }),
      ...(ecr === undefined ? {} : { ecr })
    }
  }
}

function ecrLocation(registry: string, repositoryName: string): EcrImageLocation | undefined {
  for (const pattern of ECR_REGISTRY) {
    const match = pattern.exec(registry)
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { registryId: match[1], region: match[2], repositoryName }
    }
  }
  return undefined
}
