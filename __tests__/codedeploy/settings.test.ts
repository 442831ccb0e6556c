import { describe, expect, it } from '@jest/globals'
import {
  readCodeDeploySettings,
  resolveCodeDeploySettings,
  truncateDescription
} from '../../src/codedeploy/settings.js'
import { InputError } from '../../src/settings/index.js'
import { readInputs } from '../../src/settings/table.js'

/** The inputs as readSettings reads them, through the input table. */
const inputs = (values: Record<string, string>) =>
  readInputs({ getInput: (name) => values[name] ?? '' })

describe('CodeDeploy settings', () => {
  it('defaults like the official action, from cluster and service names or ARNs', () => {
    const read = readCodeDeploySettings(inputs({}), '/work/repo')
    expect(read).toEqual({
      appSpec: { input: 'appspec.yaml', path: '/work/repo/appspec.yaml', given: false }
    })
    expect(
      resolveCodeDeploySettings(read, {
        cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
      })
    ).toEqual({
      appSpec: { input: 'appspec.yaml', path: '/work/repo/appspec.yaml', given: false },
      application: 'AppECS-prod-web',
      deploymentGroup: 'DgpECS-prod-web'
    })
  })

  it('keeps what the user set; absolute appspec paths stay as they are', () => {
    const read = readCodeDeploySettings(
      inputs({
        'codedeploy-appspec': '/work/repo/deploy/spec.json',
        'codedeploy-application': 'my-app',
        'codedeploy-deployment-group': 'my-group',
        'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        'codedeploy-deployment-description': 'Deploy abc123'
      }),
      '/work/repo'
    )
    expect(resolveCodeDeploySettings(read, { cluster: 'prod', service: 'web' })).toEqual({
      appSpec: {
        input: '/work/repo/deploy/spec.json',
        path: '/work/repo/deploy/spec.json',
        given: true
      },
      application: 'my-app',
      deploymentGroup: 'my-group',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      description: 'Deploy abc123'
    })
  })

  it('cuts a long description to 511 characters and an ellipsis, and says from how long', () => {
    const long = 'é'.repeat(600)
    const read = readCodeDeploySettings(inputs({ 'codedeploy-deployment-description': long }), '/w')
    expect(Array.from(read.description ?? '')).toHaveLength(512)
    expect(read.description?.endsWith('é…')).toBe(true)
    expect(read.descriptionTruncatedFrom).toBe(600)
    expect(truncateDescription('x'.repeat(512))).toBe('x'.repeat(512))
  })

  it.each([
    ['codedeploy-application', 'a'.repeat(101), /at most 100 characters, got 101/],
    ['codedeploy-deployment-group', 'group\u0007', /control characters/],
    ['codedeploy-deployment-config', 'c'.repeat(101), /at most 100/]
  ])('rejects a bad %s', (name, value, why) => {
    expect(() => readCodeDeploySettings(inputs({ [name]: value }), '/w')).toThrow(
      expect.objectContaining({ input: name, message: expect.stringMatching(why) })
    )
  })

  it('keeps the AppSpec inside the workspace or RUNNER_TEMP', () => {
    const read = (value: string) =>
      readCodeDeploySettings(inputs({ 'codedeploy-appspec': value }), {
        workspace: '/w',
        temp: '/runner/tmp'
      }).appSpec.path
    expect(read('deploy/appspec.yaml')).toBe('/w/deploy/appspec.yaml')
    expect(read('/runner/tmp/appspec.json')).toBe('/runner/tmp/appspec.json')
    for (const value of ['/etc/hosts', '../appspec.yaml']) {
      expect(() => read(value)).toThrow(
        expect.objectContaining({
          input: 'codedeploy-appspec',
          message: expect.stringMatching(/which is outside the workspace/)
        })
      )
    }
  })

  it('rejects a default name longer than CodeDeploy allows, naming the input to set', () => {
    const read = readCodeDeploySettings(inputs({}), '/w')
    const run = () =>
      resolveCodeDeploySettings(read, { cluster: 'c'.repeat(60), service: 's'.repeat(40) })
    expect(run).toThrow(InputError)
    expect(run).toThrow(/codedeploy-application.*longer than 100/)
  })
})
