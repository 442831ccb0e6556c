import { describe, expect, it } from '@jest/globals'
import { checkImageReference, type ParsedImageReference } from '../../src/task-definition/index.js'

const HEX = 'a'.repeat(32) + '0123456789abcdef0123456789ABCDEF'
const DIGEST = `sha256:${HEX}`

describe('checkImageReference', () => {
  it.each<[string, ParsedImageReference]>([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx:1.27-alpine', { repository: 'library/nginx', tag: '1.27-alpine' }],
    ['my.app', { repository: 'my.app' }],
    ['a__b-c--d/e.f_g', { repository: 'a__b-c--d/e.f_g' }],
    ['nginx:Latest_V2', { repository: 'nginx', tag: 'Latest_V2' }],
    [
      'public.ecr.aws/nginx/nginx:latest',
      { registry: 'public.ecr.aws', repository: 'nginx/nginx', tag: 'latest' }
    ],
    [`ghcr.io/org/app@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/app', digest: DIGEST }],
    ['localhost:5000/a/b:c', { registry: 'localhost:5000', repository: 'a/b', tag: 'c' }],
    ['localhost/a', { registry: 'localhost', repository: 'a' }],
    [
      'Registry.Example.com:443/team/app',
      { registry: 'Registry.Example.com:443', repository: 'team/app' }
    ],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
    [`app:v1@${DIGEST}`, { repository: 'app', tag: 'v1', digest: DIGEST }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.3',
      {
        registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        repository: 'web',
        tag: '1.2.3',
        ecr: { registryId: '123456789012', region: 'eu-west-1', repositoryName: 'web' }
      }
    ],
    [
      `123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/team/api:v2@${DIGEST}`,
      {
        registry: '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com',
        repository: 'team/api',
        tag: 'v2',
        digest: DIGEST,
        ecr: { registryId: '123456789012', region: 'us-gov-west-1', repositoryName: 'team/api' }
      }
    ],
    [
      `210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/app@${DIGEST}`,
      {
        registry: '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn',
        repository: 'app',
        digest: DIGEST,
        ecr: { registryId: '210987654321', region: 'cn-north-1', repositoryName: 'app' }
      }
    ],
    [
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app:1',
      {
        registry: '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com',
        repository: 'app',
        tag: '1',
        ecr: { registryId: '123456789012', region: 'us-east-1', repositoryName: 'app' }
      }
    ],
    [
      '123456789012.dkr-ecr.ap-southeast-2.on.aws/app:1',
      {
        registry: '123456789012.dkr-ecr.ap-southeast-2.on.aws',
        repository: 'app',
        tag: '1',
        ecr: { registryId: '123456789012', region: 'ap-southeast-2', repositoryName: 'app' }
      }
    ],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/nginx:1.27',
      {
        registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        repository: 'docker-hub/library/nginx',
        tag: '1.27',
        ecr: {
          registryId: '123456789012',
          region: 'eu-west-1',
          repositoryName: 'docker-hub/library/nginx'
        }
      }
    ],
    // Looks like ECR but is not (11-digit account): a plain registry, no ecr location.
    [
      '12345678901.dkr.ecr.eu-west-1.amazonaws.com/web',
      { registry: '12345678901.dkr.ecr.eu-west-1.amazonaws.com', repository: 'web' }
    ]
  ])('accepts %s', (ref, parsed) => {
    expect(checkImageReference(ref)).toEqual({ ok: true, parsed })
  })

  it('accepts 255 characters before the digest', () => {
    const ref = `${'a'.repeat(255)}@${DIGEST}`
    expect(checkImageReference(ref).ok).toBe(true)
  })

  it.each([
    ['', 'the image reference is empty'],
    ['my image', 'it contains whitespace'],
    [' nginx', 'it contains whitespace'],
    ['Web:1', 'repository path "Web" must be lowercase'],
    ['org/MyApp', 'repository path "org/MyApp" must be lowercase'],
    ['ghcr.io/Org/app', 'repository path "Org/app" must be lowercase'],
    ['web:', 'it ends with ":" but has no tag after it'],
    ['web:-1', 'tag "-1" is not valid'],
    [`web:${'t'.repeat(129)}`, `tag "${'t'.repeat(129)}" is not valid`],
    ['web:1.0+build', 'tag "1.0+build" is not valid'],
    [
      'web@sha256:abc',
      'digest "sha256:abc" must be "sha256:" followed by exactly 64 hex characters'
    ],
    [`web@sha256:${'g'.repeat(64)}`, 'must be "sha256:" followed by exactly 64 hex characters'],
    [`web@sha512:${'a'.repeat(128)}`, 'ECS accepts only sha256 digests'],
    [`web@${DIGEST}@${DIGEST}`, 'it contains more than one "@"'],
    ['https://x/y', 'it must not start with a URL scheme (remove "https://")'],
    ['docker://nginx', 'remove "docker://"'],
    ['ghcr.io//app', 'has an empty path component'],
    ['ghcr.io/app/', 'has an empty path component'],
    ['ghcr.io:port/app', 'registry "ghcr.io:port" is not a valid host[:port]'],
    // a first component with a dot is a registry host, where "_" is not allowed
    ['a__b.c/app', 'registry "a__b.c" is not a valid host[:port]'],
    ['-bad.example.com/app', 'registry "-bad.example.com" is not a valid host[:port]'],
    ['a..b', 'repository path component "a..b" is not valid'],
    ['_app', 'repository path component "_app" is not valid'],
    ['app-', 'repository path component "app-" is not valid'],
    [':1', 'it has no repository name'],
    ['a'.repeat(256), 'it is 256 characters long; ECS allows at most 255'],
    [`${'a'.repeat(250)}:123456`, 'it is 257 characters long; ECS allows at most 255'],
    [
      `${'a'.repeat(256)}@${DIGEST}`,
      'it is 256 characters long before the "@"; ECS allows at most 255'
    ]
  ])('rejects %j: %s', (ref, why) => {
    const result = checkImageReference(ref)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.why).toContain(why)
    expect(result.why).toMatch(
      /; expected \[registry\/\]repository\[:tag\]\[@sha256:digest\], e\.g\. "nginx:1\.27"$/
    )
  })
})
