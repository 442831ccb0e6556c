import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/input/values.js'
import { readSettings } from '../../src/settings/index.js'
import { readInputs } from '../../src/settings/table.js'
import {
  parseScheduledTasks,
  readScheduledTasksSettings,
  scheduledTaskLabel
} from '../../src/scheduled/settings.js'

/** The inputs as readSettings reads them, through the input table. */
const read = (inputs: Record<string, string>) =>
  readScheduledTasksSettings(readInputs({ getInput: (name) => inputs[name] ?? '' }))

describe('scheduled-tasks', () => {
  it('reads every form, skipping blank lines and comments', () => {
    const refs = parseScheduledTasks(
      [
        '# crons of the web family',
        'rule/nightly-migrate',
        '',
        '  rule/orders/cleanup.v2  ',
        'rule/aws.partner/example.com/123/partner_rule',
        '\tschedule/report',
        'schedule/ops/weekly-report\r',
        '   # indented comment'
      ].join('\n')
    )
    expect(refs).toEqual([
      { kind: 'rule', eventBusName: 'default', name: 'nightly-migrate' },
      { kind: 'rule', eventBusName: 'orders', name: 'cleanup.v2' },
      { kind: 'rule', eventBusName: 'aws.partner/example.com/123', name: 'partner_rule' },
      { kind: 'schedule', groupName: 'default', name: 'report' },
      { kind: 'schedule', groupName: 'ops', name: 'weekly-report' }
    ])
    expect(refs.map(scheduledTaskLabel)).toEqual([
      'rule/default/nightly-migrate',
      'rule/orders/cleanup.v2',
      'rule/aws.partner/example.com/123/partner_rule',
      'schedule/default/report',
      'schedule/ops/weekly-report'
    ])
  })

  it('is off unless one of the two inputs asks for something', () => {
    expect(read({})).toBeUndefined()
    expect(read({ 'scheduled-tasks': '# nothing yet\n\n' })).toBeUndefined()
    expect(read({ 'update-scheduled-tasks-for-family': 'false' })).toBeUndefined()
    expect(read({ 'update-scheduled-tasks-for-family': 'true' })).toEqual({
      entries: [],
      forFamily: true
    })
    expect(
      read({ 'scheduled-tasks': 'rule/a', 'update-scheduled-tasks-for-family': 'True' })
    ).toEqual({
      entries: [{ kind: 'rule', eventBusName: 'default', name: 'a' }],
      forFamily: true
    })
  })

  it.each([
    ['lambda/nightly', 'line 2 ("lambda/nightly") must start with "rule/" or "schedule/"'],
    ['rule', 'has rule name ""'],
    ['rule/', 'has rule name ""'],
    ['rule/orders/', 'has rule name ""'],
    ['rule/nightly job', 'has rule name "nightly job"'],
    [`rule/${'r'.repeat(65)}`, 'a rule name is 1 to 64 letters'],
    ['rule//nightly', 'has event bus name ""'],
    [`rule/${'b'.repeat(257)}/nightly`, 'an event bus name is 1 to 256'],
    ['rule/arn:aws:events:us-east-1:123456789012:rule/nightly', 'give names, not ARNs'],
    ['schedule/a/b/c', 'schedule groups have no "/"'],
    ['schedule/', 'has schedule name ""'],
    ['schedule/ops/', 'has schedule name ""'],
    ['schedule//report', 'has schedule group name ""'],
    ['schedule/report+1', 'has schedule name "report+1"'],
    [`schedule/${'s'.repeat(65)}`, 'it must be 1 to 64 letters'],
    ['Rule/nightly', 'must start with "rule/" or "schedule/"']
  ])('rejects %j, naming the input and the line', (line, why) => {
    const parse = () => parseScheduledTasks(`rule/fine\n${line}`)
    expect(parse).toThrow(InputError)
    expect(parse).toThrow(/^Input "scheduled-tasks" line 2 /)
    expect(parse).toThrow(why)
    expect(parse).toThrow(
      /expected rule\/<name>, rule\/<event bus>\/<name>, schedule\/<name> or schedule\/<group>\/<name>/
    )
  })

  it('rejects an entry given twice, also when spelled with and without the default bus or group', () => {
    expect(() => parseScheduledTasks('rule/nightly\n# x\nrule/default/nightly')).toThrow(
      'Input "scheduled-tasks" names rule/default/nightly twice, on line 1 and line 3 ("rule/default/nightly")'
    )
    expect(() => parseScheduledTasks('schedule/default/report\nschedule/report')).toThrow(
      'names schedule/default/report twice'
    )
    // The same name on another bus, or as a schedule, is another thing.
    expect(parseScheduledTasks('rule/a\nrule/orders/a\nschedule/a')).toHaveLength(3)
  })

  it('allows at most 100 entries', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `rule/r${i}`).join('\n')
    expect(parseScheduledTasks(lines(100))).toHaveLength(100)
    expect(() => parseScheduledTasks(lines(101))).toThrow(
      'names 101 rules and schedules; at most 100'
    )
  })

  it('reads update-scheduled-tasks-for-family as a boolean', () => {
    expect(() => read({ 'update-scheduled-tasks-for-family': 'yes' })).toThrow(
      'Input "update-scheduled-tasks-for-family" must be true or false, got "yes"'
    )
  })
})

describe('with the other inputs', () => {
  const settings = (inputs: Record<string, string>) =>
    readSettings({
      getInput: (name) => inputs[name] ?? '',
      workspace: '/work/repo',
      env: {}
    })
  const base = { 'task-definition': 'td.json' }

  it('reaches Settings as scheduledTasks, absent when not asked for', () => {
    expect(settings(base).scheduledTasks).toBeUndefined()
    expect(
      settings({ ...base, service: 'web', 'scheduled-tasks': 'rule/nightly' }).scheduledTasks
    ).toEqual({
      entries: [{ kind: 'rule', eventBusName: 'default', name: 'nightly' }],
      forFamily: false
    })
    // Without a service, the revision is registered and the targets move at once.
    expect(
      settings({ ...base, 'update-scheduled-tasks-for-family': 'true' }).scheduledTasks
    ).toEqual({ entries: [], forFamily: true })
  })

  it('refuses a service deploy that is not waited for: the targets would never move', () => {
    expect(() =>
      settings({
        ...base,
        service: 'web',
        'scheduled-tasks': 'rule/nightly',
        'wait-for-service-stability': 'false'
      })
    ).toThrow(
      'Input "scheduled-tasks" needs "wait-for-service-stability: true" with "service": scheduled tasks move only once every service\'s rollout succeeded, so the action must wait for it'
    )
    expect(() =>
      settings({
        ...base,
        service: 'web',
        'update-scheduled-tasks-for-family': 'true',
        'wait-for-service-stability': 'false'
      })
    ).toThrow('Input "update-scheduled-tasks-for-family" needs "wait-for-service-stability: true"')
    // Register only: nothing to wait for.
    expect(
      settings({
        ...base,
        'scheduled-tasks': 'rule/nightly',
        'wait-for-service-stability': 'false'
      }).scheduledTasks
    ).toBeDefined()
  })
})
