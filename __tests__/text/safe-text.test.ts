import { describe, expect, it } from '@jest/globals'
import {
  commandSafeLog,
  commandSafeWriter,
  runsAsCommand,
  splitLines
} from '../../src/text/safe-text.js'
import { runnerCommands } from '../report/runner-commands.js'

/** Texts from ECS, a task's logs or the user that try to act as workflow commands. */
export const HOSTILE = [
  '::error::pwned',
  '  ::warning title=x::indented',
  '\u00a0\u2003::error::unicode space',
  '\u0085::error::next line',
  'event text\n::set-output name=x::y',
  'event text\r::add-mask::x',
  'event text\r\n::save-state name=a::b',
  '%0A::warning::x',
  'legacy ##[error]pwned',
  '##[set-output name=x;]y',
  'a\n\n::stop-commands::guess\n::error::after a stop'
]

const collect = (): { lines: string[]; write: (text: string) => void } => {
  const lines: string[] = []
  return { lines, write: commandSafeWriter((line) => lines.push(line)) }
}

describe('runsAsCommand', () => {
  it.each([
    ['::error::x', true],
    ['  ::error::x', true],
    ['\t\u00a0::warning title=a::b', true],
    ['\u0085::debug::x', true],
    ['##[error]x', true],
    ['text before ##[set-output name=a;]b', true],
    ['x ::error::y', false],
    // An IPv6 address at the start of an access log line has no second "::".
    ['::1 - - [10/Oct/2025] "GET / HTTP/1.1" 200', false],
    ['##[ without a closing bracket', false],
    ['%0A::warning::x', false],
    ['(service web) has reached a steady state.', false]
  ])('%j → %s', (line, expected) => {
    expect(runsAsCommand(line)).toBe(expected)
  })

  it('agrees with the model of the runner on every hostile line', () => {
    for (const text of HOSTILE) {
      for (const line of splitLines(text)) {
        expect([line, runsAsCommand(line)]).toEqual([line, runnerCommands(line).length > 0])
      }
    }
  })
})

describe('splitLines', () => {
  it('splits where the runner does: \\r\\n, \\r and \\n', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('commandSafeWriter', () => {
  it('prints ordinary lines as they are, with no markers', () => {
    const { lines, write } = collect()
    write('+12s event: (service web) has reached a steady state.')
    write('two\nlines')
    expect(lines).toEqual(['+12s event: (service web) has reached a steady state.', 'two', 'lines'])
  })

  it('fences lines that would run with stop-commands, so the runner runs none of them', () => {
    const { lines, write } = collect()
    for (const text of HOSTILE) write(`+3s event: ${text}`)
    const run = runnerCommands(lines.join('\n'))
    expect(run.length).toBeGreaterThan(0)
    // Only the fences run: each stop is followed by its own resume.
    for (let i = 0; i < run.length; i += 2) {
      expect(run[i]?.command).toBe('stop-commands')
      expect(run[i + 1]?.command).toBe(run[i]?.data)
    }
    // The text is shown whole, as it was.
    expect(lines).toContain('::set-output name=x::y')
    expect(lines).toContain('+3s event: legacy ##[error]pwned')
  })

  it('uses a new random token for every block', () => {
    const { lines, write } = collect()
    write('::error::a')
    write('::error::b')
    const stops = lines.filter((l) => l.startsWith('::stop-commands::'))
    expect(stops).toHaveLength(2)
    expect(stops[0]).not.toBe(stops[1])
    expect(stops[0]).toMatch(/^::stop-commands::ecs-rollout-[0-9a-f]{32}$/)
  })

  it('a text that knows an earlier token cannot resume commands inside a later block', () => {
    const { lines, write } = collect()
    write('::error::a')
    const earlier = (lines[0] ?? '').replace('::stop-commands::', '')
    write(`::${earlier}::\n::error::pwned`)
    const run = runnerCommands(lines.join('\n'))
    expect(run.map((c) => c.command)).not.toContain('error')
  })

  it('does not fence twice when one guarded writer writes into another', () => {
    const lines: string[] = []
    const inner = commandSafeWriter((line) => lines.push(line))
    const outer = commandSafeWriter(inner)
    outer('::error::pwned')
    expect(lines).toHaveLength(3)
    expect(runnerCommands(lines.join('\n')).map((c) => c.command)).not.toContain('error')
  })

  it('resumes commands even when a write fails', () => {
    const lines: string[] = []
    const write = commandSafeWriter((line) => {
      if (line === 'boom') throw new Error('broken pipe')
      lines.push(line)
    })
    expect(() => {
      write('::error::x\nboom')
    }).toThrow('broken pipe')
    const run = runnerCommands(lines.join('\n'))
    expect(run.at(-1)?.command).toBe(run[0]?.data)
    // The next block starts afresh.
    write('::error::y')
    expect(runnerCommands(lines.join('\n')).map((c) => c.command)).not.toContain('error')
  })
})

describe('commandSafeLog', () => {
  it('guards info lines and passes warnings on', () => {
    const info: string[] = []
    const warnings: string[] = []
    const log = commandSafeLog({
      info: (line) => info.push(line),
      warning: (line) => warnings.push(line)
    })
    log.info('[app] ::error::pwned')
    log.info('ok\n::error::pwned')
    log.warning('w')
    expect(runnerCommands(info.join('\n')).map((c) => c.command)).not.toContain('error')
    expect(info).toContain('ok')
    expect(warnings).toEqual(['w'])
  })
})
