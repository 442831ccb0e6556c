/**
 * Sources, pre-flight and idempotence, end to end: ECR checks before anything changes, digest
 * pinning, reuse of identical revisions, dry runs, and task definitions read from ECS.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  closeEmulators,
  DEPLOY,
  deploy,
  errorLines,
  expectExit,
  operations,
  runAgain,
  warningLines
} from '../../__fixtures__/e2e.js'

afterEach(closeEmulators)

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const DIGEST = /^sha256:[0-9a-f]{64}$/

describe('pre-flight', () => {
  it('a missing ECR image fails before anything is registered, and says so plainly', async () => {
    const run = await deploy('success', { inputs: { ...DEPLOY, image: `${REGISTRY}/web:v3` } })
    expectExit(run, 1)
    expect(errorLines(run.log)).toEqual([
      expect.stringContaining(
        'Image web:v3 (container app) was not found in ECR repository web (us-east-1). Did the push step run?'
      ) as unknown as string
    ])
    expect(operations(run.emulator)).toEqual([])
    expect(run.emulator.calls.map((c) => c.operation)).toContain('DescribeImages')
  })

  it('a missing ECR repository fails the same way', async () => {
    const run = await deploy('success', { inputs: { ...DEPLOY, image: `${REGISTRY}/wbe:2.0.0` } })
    expectExit(run, 1)
    expect(errorLines(run.log)[0]).toContain(
      'ECR repository wbe does not exist in registry 123456789012 (us-east-1)'
    )
    expect(operations(run.emulator)).toEqual([])
  })

  it('verify-images: false leaves ECR alone', async () => {
    const run = await deploy('success', { inputs: { ...DEPLOY, 'verify-images': 'false' } })
    expectExit(run, 0)
    expect(run.emulator.calls.filter((c) => c.service === 'ecr')).toEqual([])
  })

  it('pin-image-digest registers repo@sha256 and outputs the digests', async () => {
    const run = await deploy('success', { inputs: { ...DEPLOY, 'pin-image-digest': 'true' } })
    expectExit(run, 0)
    const digests = JSON.parse(run.outputs['image-digests'] ?? '{}') as Record<string, string>
    expect(digests.app).toMatch(DIGEST)
    const register = run.emulator.mutatingCalls()[0]?.input as {
      containerDefinitions: { image: string }[]
    }
    expect(register.containerDefinitions[0]?.image).toBe(`${REGISTRY}/web@${digests.app ?? ''}`)
    // The summary shows the image the revision names, not the tag it came from.
    expect(run.summary).toContain(`app: ${REGISTRY}/web@${digests.app ?? ''}`)
  })
})

describe('idempotence and visibility', () => {
  it('prints a diff with environment values redacted, and writes the rendered file', async () => {
    const run = await deploy('success')
    expectExit(run, 0)
    expect(run.log).toContain('::group::Changes from web:1')
    expect(run.log).toMatch(
      /^\+ {6}"image": "123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/web:2\.0\.0",$/m
    )
    expect(run.summary).toContain('<summary>Changes from web:1</summary>')
    expect(run.outputs['task-definition']).toMatch(/ecs-rollout-.*\/web\.json$/)
    // The service runs the family's latest revision: one description serves the comparison and the diff.
    expect(run.emulator.calls.filter((c) => c.operation === 'DescribeTaskDefinition')).toHaveLength(
      1
    )
  })

  it('reuses the latest revision of the family when it has the same content, registering nothing', async () => {
    const first = await deploy('success', {
      inputs: { ...DEPLOY, service: '', 'wait-for-service-stability': 'false' }
    })
    expectExit(first, 0)
    expect(operations(first.emulator)).toEqual(['RegisterTaskDefinition'])
    // The same content again, now to the service: web:2 exists, so it is deployed as it is.
    const second = await runAgain(first.emulator)
    expectExit(second, 0)
    expect(second.outputs['task-definition-arn']).toBe(first.outputs['task-definition-arn'])
    expect(second.log).toContain('web:2 already has this content: reusing it')
    expect(operations(first.emulator)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
  })

  it('register-unchanged: true registers anyway', async () => {
    const first = await deploy('success', {
      inputs: { ...DEPLOY, service: '', 'wait-for-service-stability': 'false' }
    })
    const second = await runAgain(first.emulator, { ...DEPLOY, 'register-unchanged': 'true' })
    expectExit(second, 0)
    expect(second.outputs['task-definition-arn']).toMatch(/web:3$/)
  })

  it('dry-run renders, checks and diffs, and changes nothing', async () => {
    const run = await deploy('success', {
      inputs: { ...DEPLOY, 'dry-run': 'true', 'pin-image-digest': 'true' }
    })
    expectExit(run, 0)
    expect(operations(run.emulator)).toEqual([])
    expect(run.log).toContain(
      'dry-run: rendered and checked; a real run would register web:2. Nothing was registered'
    )
    // The summary says it was a dry run, and which revision a real run would register.
    expect(run.summary).toContain('ECS Rollout: dry run, nothing changed')
    expect(run.summary).toContain('web:1 → web:2 (would be registered)')
    expect(run.outputs['image-digests']).toBeDefined()
    // The diff output is the log's diff, for a pull request comment: the image line changes.
    expect(run.outputs.diff).toMatch(/^-\s*"image": ".*web:1\.0\.0",?$/m)
    expect(run.outputs.diff).toMatch(/^\+\s*"image": ".*web@sha256:[0-9a-f]{64}",?$/m)
    const rendered = JSON.parse(readFileSync(run.outputs['task-definition'] ?? '', 'utf8')) as {
      family: string
    }
    expect(rendered.family).toBe('web')
  })
})

describe('rendering', () => {
  const twoContainers = JSON.stringify({
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: 512,
    memory: '1024',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      { name: 'app', image: '<APP_IMAGE>', environment: [{ name: 'KEEP', value: 'yes' }] },
      { name: 'xray', image: '<XRAY_IMAGE>', essential: false }
    ]
  })

  it('sets different images per container and the container settings, all in one step', async () => {
    const run = await deploy('success', {
      files: { 'td.json': twoContainers },
      inputs: {
        'task-definition': 'td.json',
        images: `app=${REGISTRY}/web:2.0.0\nxray=public.ecr.aws/xray/aws-xray-daemon:3.3.12`,
        'container-name': ' app ',
        'environment-variables': 'DATABASE_URL=postgres://db/app?sslmode=require&a=b\nEMPTY=',
        secrets:
          'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::',
        command: `node server.js --greeting "hello world" --flag='a b'`,
        service: 'web',
        cluster: 'prod'
      }
    })
    expectExit(run, 0)
    const register = run.emulator.mutatingCalls()[0]?.input as {
      cpu: string
      containerDefinitions: {
        name: string
        image: string
        environment?: unknown
        secrets?: unknown
        command?: unknown
      }[]
    }
    expect(register.cpu).toBe('512')
    const [app, xray] = register.containerDefinitions
    expect(app).toMatchObject({
      image: `${REGISTRY}/web:2.0.0`,
      environment: [
        { name: 'KEEP', value: 'yes' },
        { name: 'DATABASE_URL', value: 'postgres://db/app?sslmode=require&a=b' },
        { name: 'EMPTY', value: '' }
      ],
      secrets: [
        {
          name: 'DB_PASSWORD',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::'
        }
      ],
      command: ['node', 'server.js', '--greeting', 'hello world', '--flag=a b']
    })
    expect(xray).toEqual({
      name: 'xray',
      image: 'public.ecr.aws/xray/aws-xray-daemon:3.3.12',
      essential: false
    })
    // Only the ECR image was looked up; the environment values stay out of the log.
    expect(run.emulator.calls.filter((c) => c.operation === 'DescribeImages')).toHaveLength(1)
    // The only place they appear is the mask command, which the runner shows as ***.
    const shown = run.log
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    expect(shown).not.toContain('sslmode=require')
    expect(shown).not.toContain('secret:db-AbCdEf')
  })
})

describe('ECR pull through cache', () => {
  it('an image whose repository a pull through cache creates on first pull is no error', async () => {
    const image = `${REGISTRY}/docker-hub/library/nginx:1.27`
    const run = await deploy('success', {
      inputs: { ...DEPLOY, image },
      emulator: {
        pullThroughCacheRules: [
          { ecrRepositoryPrefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io' }
        ]
      }
    })
    expectExit(run, 0)
    expect(warningLines(run.log).join('\n')).toMatch(
      /does not exist.*under the pull through cache rule docker-hub\/, so ECR fetches it/
    )
    expect(run.emulator.calls.map((c) => c.operation)).toContain('DescribePullThroughCacheRules')
    expect(run.outputs.verdict).toBe('succeeded')

    // Without a rule, the same repository is a mistake, found before any change.
    const missing = await deploy('success', { inputs: { ...DEPLOY, image } })
    expectExit(missing, 1)
    expect(operations(missing.emulator)).toEqual([])
  })
})

describe('sources in ECS', () => {
  it('task-definition-from-service: deploys a new image on the revision the service runs, with no file', async () => {
    const run = await deploy('success', {
      inputs: {
        'task-definition-from-service': 'true',
        'container-name': 'app',
        image: `${REGISTRY}/web:1.1.0`,
        service: 'web',
        cluster: 'prod'
      },
      files: {}
    })
    expectExit(run, 0)
    const register = run.emulator.mutatingCalls()[0]?.input as {
      containerDefinitions: { image: string }[]
      family: string
    }
    expect(register.family).toBe('web')
    expect(register.containerDefinitions[0]?.image).toBe(`${REGISTRY}/web:1.1.0`)
    expect(run.outputs.verdict).toBe('succeeded')
    // Loaded once, and the family's latest is that same revision: two descriptions in all.
    expect(run.emulator.calls.filter((c) => c.operation === 'DescribeTaskDefinition')).toHaveLength(
      2
    )
  })

  it('task-definition-arn: promotes a registered revision as it is', async () => {
    const staging = await deploy('success', {
      inputs: { ...DEPLOY, service: '', 'wait-for-service-stability': 'false' }
    })
    const arn = staging.outputs['task-definition-arn'] ?? ''
    const run = await runAgain(staging.emulator, {
      'task-definition-arn': arn,
      service: 'web',
      cluster: 'prod'
    })
    expectExit(run, 0)
    expect(run.outputs['task-definition-arn']).toBe(arn)
    expect(operations(staging.emulator)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    // A revision from ECS is not a saved file: no file-import wording.
    expect(run.log).not.toContain('describe-task-definition output')
    // The image line compares with what the service runs (web:1), not with the file.
    expect(run.log).toMatch(
      /Container app: image .*web:1\.0\.0 → .*web:2\.0\.0 \(compared with web:1\)\./
    )
  })

  it('logs a digest image by its digest, and opens no "Check images" group for images outside ECR', async () => {
    const digest = await deploy('success', {
      inputs: {
        ...DEPLOY,
        'pin-image-digest': 'true',
        service: '',
        'wait-for-service-stability': 'false'
      }
    })
    const pinned =
      (
        digest.emulator.mutatingCalls()[0]?.input as {
          containerDefinitions: { image: string }[]
        }
      ).containerDefinitions[0]?.image ?? ''
    const again = await runAgain(digest.emulator, { ...DEPLOY, image: pinned, service: '' })
    expectExit(again, 0)
    expect(again.log).toMatch(/Image web@sha256:[0-9a-f]{64} of container app is in ECR\./)

    const outside = await deploy('success', {
      inputs: { ...DEPLOY, image: 'public.ecr.aws/nginx/nginx:1.27', service: '' }
    })
    expectExit(outside, 0)
    expect(outside.log).not.toContain('::group::Check images')
  })
})
