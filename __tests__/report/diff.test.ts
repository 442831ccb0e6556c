import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { taskDefinitionDiff } from '../../src/report/diff.js'

const td = (image: string, env: string, secret: string): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  containerDefinitions: [
    {
      name: 'app',
      image,
      cpu: 0,
      essential: true,
      environment: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'API_KEY', value: env }
      ],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: secret }]
    }
  ]
})

const names = { beforeName: 'web:1', afterName: 'web:2 (new)' }

describe('taskDefinitionDiff', () => {
  it('shows the changed lines only, with ECS defaults left out', () => {
    const diff = taskDefinitionDiff({
      ...names,
      before: td('web:1', 'k1', 's1'),
      after: td('web:2', 'k1', 's1'),
      showValues: false
    })
    expect(diff).toContain('--- web:1')
    expect(diff).toContain('+++ web:2 (new)')
    expect(diff.split('\n').filter((l) => /^[-+] /.test(l))).toEqual([
      '-      "image": "web:1",',
      '+      "image": "web:2",'
    ])
    expect(diff).not.toContain('essential')
  })

  it('redacts environment values and secret sources, but still shows that one changed', () => {
    const diff = taskDefinitionDiff({
      ...names,
      before: td('web:1', 'old-key', 's1'),
      after: td('web:1', 'new-key', 's2'),
      showValues: false
    })
    expect(diff).not.toMatch(/old-key|new-key|s1|s2|info/)
    expect(diff).toContain('+          "value": "*** (changed)"')
    expect(diff).toContain('+          "valueFrom": "*** (changed)"')
  })

  it('shows a new variable as added, its value redacted but not marked changed', () => {
    const before = td('web:1', 'k1', 's1')
    const after = td('web:1', 'k1', 's1')
    after.containerDefinitions?.[0]?.environment?.push({ name: 'FEATURE_X', value: 'on' })
    const diff = taskDefinitionDiff({ ...names, before, after, showValues: false })
    const added = diff.split('\n').filter((l) => l.startsWith('+ '))
    expect(added.join('\n')).toContain('"name": "FEATURE_X"')
    expect(added.join('\n')).toContain('"value": "***"')
    expect(diff).not.toContain('(changed)')
    expect(diff).not.toContain('"on"')
  })

  it('shows values only when asked', () => {
    const diff = taskDefinitionDiff({
      ...names,
      before: td('web:1', 'old-key', 's1'),
      after: td('web:1', 'new-key', 's1'),
      showValues: true
    })
    expect(diff).toContain('-          "value": "old-key"')
    expect(diff).toContain('+          "value": "new-key"')
  })

  it('is empty when nothing changed', () => {
    expect(
      taskDefinitionDiff({
        ...names,
        before: td('a', 'b', 'c'),
        after: td('a', 'b', 'c'),
        showValues: false
      })
    ).toBe('')
  })

  it('redacts every secret source and credential-like option, and shows the rest', () => {
    const sources = (n: number): RegisterTaskDefinitionCommandInput => ({
      family: 'web',
      containerDefinitions: [
        {
          name: 'app',
          image: 'web:1',
          repositoryCredentials: {
            credentialsParameter: `arn:aws:secretsmanager:us-east-1:1:secret:registry-${n}`
          },
          environmentFiles: [{ type: 's3', value: `arn:aws:s3:::bucket/app-${n}.env` }],
          logConfiguration: {
            logDriver: 'awsfirelens',
            options: { Name: 'datadog', apikey: `dd-key-${n}`, dd_service: `svc-${n}` },
            secretOptions: [{ name: 'splunk-token', valueFrom: `arn:aws:ssm:::parameter/t-${n}` }]
          },
          dockerLabels: {
            'traefik.http.middlewares.a.basicauth.users': `admin:hash-${n}`,
            team: `team-${n}`
          }
        }
      ]
    })
    const diff = taskDefinitionDiff({
      ...names,
      before: sources(1),
      after: sources(2),
      showValues: false
    })
    expect(diff).not.toMatch(/registry-|app-\d\.env|dd-key-|parameter\/t-|hash-/)
    expect(diff.match(/\*\*\* \(changed\)/g)).toHaveLength(5)
    // Options and labels that are not credentials are configuration a reviewer needs to see.
    expect(diff).toMatch(/^\+\s+"dd_service": "svc-2"$/m)
    expect(diff).toMatch(/^\+\s+"team": "team-2",$/m)
    const shown = taskDefinitionDiff({
      ...names,
      before: sources(1),
      after: sources(2),
      showValues: true
    })
    expect(shown).toContain('dd-key-2')
  })
})
