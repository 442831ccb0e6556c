import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { hostilePieces, hostileText } from '../../emulator/hostile.js'
import { printLines, serviceLog, stepLog } from '../../src/text/step-log.js'
import { runnerCommands } from '../report/runner-commands.js'

let output = ''
beforeEach(() => {
  output = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk)
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
})

/** The commands the runner would run, other than the stop-commands fences and their resumes. */
const injected = (): string[] => {
  const run = runnerCommands(output)
  const tokens = new Set(
    run.filter((c) => c.command === 'stop-commands').map((c) => c.data.toLowerCase())
  )
  return run
    .filter((c) => c.command !== 'stop-commands' && !tokens.has(c.command.toLowerCase()))
    .map((c) => c.line)
}

describe('the step log', () => {
  it('printLines: no line of foreign text runs as a command, and every line is shown', () => {
    printLines(`+5s event: ${hostileText}`)
    for (const piece of hostilePieces) printLines(piece)
    expect(injected()).toEqual([])
    expect(output).toContain('::set-output name=x::y')
  })

  it('stepLog and serviceLog guard info lines; serviceLog prefixes each line', async () => {
    stepLog.info(hostileText)
    const log = serviceLog('web')
    log.info(`a\n::error::pwned\r##[warning]b`)
    await log.group(`group ${hostileText}`, () => Promise.resolve())
    expect(injected()).toEqual([])
    const lines = output.split('\n').filter((l) => l.includes('pwned') && l.startsWith('[web]'))
    expect(lines).toContain('[web] ::error::pwned')
  })

  it('ordinary lines print as they are, without fences', () => {
    stepLog.info('+12s event: (service web) has reached a steady state.')
    serviceLog('api').info('one\ntwo')
    expect(output).toBe(
      '+12s event: (service web) has reached a steady state.\n[api] one\n[api] two\n'
    )
  })

  // What the guard relies on: annotations and group names escape their text into one line of data.
  it('@actions/core escapes annotation messages, titles and group names', async () => {
    stepLog.warning(hostileText)
    serviceLog('web').warning(hostileText)
    core.error(hostileText, { title: `t ${hostileText}` })
    core.notice(hostileText)
    await core.group(hostileText, () => Promise.resolve())
    const run = runnerCommands(output)
    expect(run.map((c) => c.command)).toEqual([
      'warning',
      'warning',
      'error',
      'notice',
      'group',
      'endgroup'
    ])
    expect(run[0]?.data).toBe(hostileText.replace(/\r\n|\r/g, (m) => m))
    expect(run[2]?.properties.title).toBe(`t ${hostileText}`)
    expect(output.split('\n')).toHaveLength(7)
  })
})
