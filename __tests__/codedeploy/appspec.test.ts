import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  appSpecContainerProblem,
  loadAppSpec,
  renderAppSpec
} from '../../src/codedeploy/appspec.js'
import { InputError } from '../../src/settings/index.js'

const YAML = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: <TASK_DEFINITION>
        LoadBalancerInfo:
          ContainerName: app
          ContainerPort: 8080
        PlatformVersion: LATEST
Hooks:
  - BeforeInstall: LambdaBeforeInstall
  - AfterAllowTestTraffic: LambdaSmokeTest
`
const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'

function inputError(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('loadAppSpec', () => {
  it('reads a YAML AppSpec: target, container, port and hooks', () => {
    const spec = loadAppSpec(YAML, 'appspec.yaml')
    expect(spec).toMatchObject({
      targetName: 'TargetService',
      containerName: 'app',
      containerPort: 8080,
      hooks: ['BeforeInstall', 'AfterAllowTestTraffic']
    })
  })

  it('reads JSON with lower-case keys, as the official action accepts', () => {
    const json = JSON.stringify({
      version: 0.0,
      resources: [
        {
          TargetService: {
            type: 'AWS::ECS::Service',
            properties: {
              taskDefinition: 'x',
              loadBalancerInfo: { containerName: 'web', containerPort: '80' }
            }
          }
        }
      ]
    })
    const spec = loadAppSpec(json, 'appspec.json')
    expect(spec.containerName).toBe('web')
    const rendered = renderAppSpec(spec, ARN)
    const document = JSON.parse(rendered.content) as {
      resources: { TargetService: { properties: Record<string, unknown> } }[]
    }
    // The file's own key spelling is kept: no second TaskDefinition key appears.
    expect(document.resources[0]?.TargetService.properties).toEqual({
      taskDefinition: ARN,
      loadBalancerInfo: { containerName: 'web', containerPort: '80' }
    })
  })

  it.each([
    ['no Resources', 'version: 0.0\n', /has no Resources/],
    [
      'a missing TaskDefinition',
      YAML.replace('        TaskDefinition: <TASK_DEFINITION>\n', ''),
      /has no TaskDefinition/
    ],
    [
      'another resource type',
      YAML.replace('AWS::ECS::Service', 'AWS::Lambda::Function'),
      /Type is "AWS::Lambda::Function"/
    ],
    [
      'no LoadBalancerInfo',
      YAML.replace(/ {8}LoadBalancerInfo:\n.*\n.*\n/, ''),
      /no LoadBalancerInfo/
    ],
    [
      'a bad port',
      YAML.replace('8080', '99999'),
      /ContainerPort must be a port number .* got 99999/
    ],
    [
      'two targets',
      YAML.replace('Hooks:', '  - Other:\n      Type: AWS::ECS::Service\nHooks:'),
      /Resources has 2 entries/
    ],
    ['broken YAML', 'Resources: [\n', /not valid YAML or JSON/],
    ['an empty file', '  \n', /which is empty/],
    ['a list', '- a\n- b\n', /not a mapping/],
    [
      'nesting 10,000 levels deep',
      `Resources: ${'['.repeat(10_000)}`,
      /^Input "codedeploy-appspec" names file deploy\/appspec.yaml, which nests lists and mappings more than 64 levels deep \(at line 1 column 75\); expected an ECS AppSpec/
    ],
    [
      'a tag outside the core schema',
      YAML.replace('PlatformVersion: LATEST', 'PlatformVersion: !!js/function "() => 1"'),
      /^Input "codedeploy-appspec" names file deploy\/appspec.yaml, which uses the YAML tag !!js\/function at line 10 column 40; only the YAML core schema is accepted/
    ],
    [
      'a key twice in JSON',
      '{"Resources": [], "Resources": []}',
      /not valid YAML or JSON: Map keys must be unique/
    ]
  ])('rejects %s, naming the input and what it expects', (_, text, why) => {
    const error = inputError(() => loadAppSpec(text, 'deploy/appspec.yaml'))
    expect(error.input).toBe('codedeploy-appspec')
    expect(error.message).toMatch(why)
    expect(error.message).toContain('deploy/appspec.yaml')
  })
})

describe('renderAppSpec', () => {
  it('sets the new ARN and hashes exactly the content it returns', () => {
    const spec = loadAppSpec(YAML, 'appspec.yaml')
    const rendered = renderAppSpec(spec, ARN)
    expect(JSON.parse(rendered.content)).toMatchObject({
      Resources: [{ TargetService: { Properties: { TaskDefinition: ARN } } }],
      Hooks: [
        { BeforeInstall: 'LambdaBeforeInstall' },
        { AfterAllowTestTraffic: 'LambdaSmokeTest' }
      ]
    })
    expect(rendered.sha256).toBe(createHash('sha256').update(rendered.content).digest('hex'))
    // The loaded AppSpec is left as it was, so a second service can render its own copy.
    expect(JSON.stringify(spec.document)).toContain('<TASK_DEFINITION>')
  })
})

describe('appSpecContainerProblem', () => {
  it('names a ContainerName the task definition does not have', () => {
    const spec = loadAppSpec(YAML, 'appspec.yaml')
    expect(appSpecContainerProblem(spec, ['app', 'sidecar'])).toBeUndefined()
    expect(appSpecContainerProblem(spec, ['web'])).toMatch(/ContainerName is "app".*"web"/)
  })
})
