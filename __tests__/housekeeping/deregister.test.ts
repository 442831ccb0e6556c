import { describe, expect, it } from '@jest/globals'
import type { TaskDefinitionsPort } from '../../src/aws/task-definitions.js'
import { deregisterPrevious } from '../../src/housekeeping/deregister.js'
import { InputError } from '../../src/settings/index.js'
import { parseDeregisterPrevious } from '../../src/settings/parsers.js'
import { readInputs } from '../../src/settings/table.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const ARN = (revision: number, family = 'web') =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
const awsError = (name: string) => Object.assign(new Error(`${name} happened`), { name })

/** Revisions newest first, as the port promises; `fail` answers deregister with an error. */
function fakePort(
  revisions: number[],
  fail: (arn: string) => Error | undefined = () => undefined
): TaskDefinitionsPort & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    listActiveRevisions: (family) =>
      Promise.resolve([...revisions].sort((a, b) => b - a).map((r) => ARN(r, family))),
    deregister: (arn) => {
      calls.push(arn)
      const error = fail(arn)
      return error === undefined ? Promise.resolve() : Promise.reject(error)
    }
  }
}

describe('deregisterPrevious', () => {
  it('keeps the newest N (the new revision among them) and deregisters the rest, one line each', async () => {
    const port = fakePort([1, 2, 3, 4, 5, 6])
    const { lines, warnings, log } = recordingLog()
    const result = await deregisterPrevious({
      port,
      family: 'web',
      keep: 2,
      inUse: new Set(),
      log
    })
    expect(result).toEqual({
      kept: [ARN(6), ARN(5)],
      deregistered: [ARN(4), ARN(3), ARN(2), ARN(1)],
      skippedInUse: []
    })
    expect(port.calls).toEqual([ARN(4), ARN(3), ARN(2), ARN(1)])
    expect(lines).toEqual([
      'Deregistered web:4.',
      'Deregistered web:3.',
      'Deregistered web:2.',
      'Deregistered web:1.'
    ])
    expect(warnings).toEqual([])
  })

  it('never deregisters a revision a watched service runs or ran (ARN or family:revision)', async () => {
    const port = fakePort([1, 2, 3, 4, 5])
    const { lines, log } = recordingLog()
    const result = await deregisterPrevious({
      port,
      family: 'web',
      keep: 1,
      inUse: new Set([ARN(3), 'web:1']),
      log
    })
    expect(result).toEqual({
      kept: [ARN(5)],
      deregistered: [ARN(4), ARN(2)],
      skippedInUse: [ARN(3), ARN(1)]
    })
    expect(port.calls).toEqual([ARN(4), ARN(2)])
    expect(lines.filter((line) => line.startsWith('Kept'))).toEqual([
      'Kept web:3: a watched service runs it or ran it before this deploy.',
      'Kept web:1: a watched service runs it or ran it before this deploy.'
    ])
  })

  it('warns about a revision it cannot deregister and goes on with the others', async () => {
    const port = fakePort([1, 2, 3, 4], (arn) =>
      arn === ARN(2) ? awsError('ClientException') : undefined
    )
    const { warnings, log } = recordingLog()
    const result = await deregisterPrevious({ port, family: 'web', keep: 1, inUse: new Set(), log })
    expect(result.deregistered).toEqual([ARN(3), ARN(1)])
    expect(port.calls).toEqual([ARN(3), ARN(2), ARN(1)])
    expect(warnings).toEqual([
      'web:2 stays registered: DeregisterTaskDefinition failed: ClientException: ClientException happened'
    ])
  })

  it('stops at the first AccessDenied with one warning: every further call would be denied', async () => {
    const port = fakePort([1, 2, 3, 4], () => awsError('AccessDeniedException'))
    const { warnings, log } = recordingLog()
    const result = await deregisterPrevious({ port, family: 'web', keep: 1, inUse: new Set(), log })
    expect(result.deregistered).toEqual([])
    expect(port.calls).toEqual([ARN(3)])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^3 old revisions of web stay registered \(ecs:DeregisterTaskDefinition is needed\): DeregisterTaskDefinition failed: AccessDeniedException/
    )
  })

  it('warns and changes nothing when the revisions cannot be listed', async () => {
    const port: TaskDefinitionsPort & { calls: string[] } = {
      ...fakePort([]),
      listActiveRevisions: () => Promise.reject(awsError('ThrottlingException'))
    }
    const { warnings, log } = recordingLog()
    const result = await deregisterPrevious({ port, family: 'web', keep: 1, inUse: new Set(), log })
    expect(result).toEqual({ deregistered: [], kept: [], skippedInUse: [] })
    expect(port.calls).toEqual([])
    expect(warnings[0]).toMatch(/^Old revisions of web stay registered: ListTaskDefinitions failed/)
  })

  it('deregisters at most `limit` a run, the oldest left for later runs', async () => {
    const port = fakePort([1, 2, 3, 4, 5, 6])
    const { lines, log } = recordingLog()
    const result = await deregisterPrevious({
      port,
      family: 'web',
      keep: 1,
      inUse: new Set(),
      log,
      limit: 2
    })
    expect(result.deregistered).toEqual([ARN(5), ARN(4)])
    expect(lines[0]).toBe(
      '3 older revisions of web are left for later runs (at most 2 are deregistered a run).'
    )
  })

  it('says so in one line when there is nothing to do', async () => {
    const port = fakePort([7, 8])
    const { lines, log } = recordingLog()
    const result = await deregisterPrevious({ port, family: 'web', keep: 3, inUse: new Set(), log })
    expect(result).toEqual({ kept: [ARN(8), ARN(7)], deregistered: [], skippedInUse: [] })
    expect(lines).toEqual(['Nothing to deregister: web has 2 ACTIVE revisions, keeping 3.'])
  })

  it('refuses to keep fewer than one revision', async () => {
    const { log } = recordingLog()
    await expect(
      deregisterPrevious({ port: fakePort([1]), family: 'web', keep: 0, inUse: new Set(), log })
    ).rejects.toThrow(RangeError)
  })
})

describe('parseDeregisterPrevious', () => {
  /** The input as readSettings reads it, through its row of the input table. */
  const read = (text: string) =>
    readInputs({ getInput: (name) => (name === 'deregister-previous' ? text : '') }).get(
      'deregister-previous'
    )

  it('is off when unset and takes a whole number from 1 to 1000', () => {
    expect(read('')).toBeUndefined()
    expect(read('  ')).toBeUndefined()
    expect(read(' 3 ')).toBe(3)
    expect(parseDeregisterPrevious('1')).toBe(1)
    expect(parseDeregisterPrevious('1000')).toBe(1000)
  })

  it.each(['0', '1001', '-1', '2.5', 'five', '1e2'])(
    'rejects %p as input deregister-previous',
    (value) => {
      let caught: unknown
      try {
        parseDeregisterPrevious(value)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(InputError)
      expect((caught as InputError).input).toBe('deregister-previous')
    }
  )

  it('explains that 0 would drop the revision just deployed', () => {
    expect(() => parseDeregisterPrevious('0')).toThrow('it counts the revision just deployed')
  })
})
