/**
 * What the GitHub runner would do with a step's output: a model of actions/runner's
 * ActionCommandManager.TryProcessCommand (TryParseV2, then the legacy TryParse, with stop-commands),
 * written from its source so tests can ask which lines the runner would run as commands.
 */

export interface RunnerCommand {
  command: string
  properties: Record<string, string>
  data: string
  line: string
}

/** The runner's command extensions (src/Runner.Worker/*CommandExtension), plus stop-commands. */
const KNOWN = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
])

const unescape = (text: string, pairs: [string, string][]): string =>
  pairs.reduce((out, [from, to]) => out.split(from).join(to), text)
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
const PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%']
]
const LEGACY: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%']
]

/** What .NET's String.TrimStart removes (char.IsWhiteSpace: Zs, Zl, Zp, \t to \r, U+0085). */
const DOTNET_WHITE_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

function parse(line: string, registered: (name: string) => boolean): RunnerCommand | undefined {
  const trimmed = line.replace(DOTNET_WHITE_SPACE, '')
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0) {
      const info = trimmed.slice(2, end)
      const space = info.indexOf(' ')
      const command = space < 0 ? info : info.slice(0, space)
      if (registered(command)) {
        const properties: Record<string, string> = {}
        if (space > 0) {
          for (const pair of info
            .slice(space + 1)
            .trim()
            .split(',')) {
            const at = pair.indexOf('=')
            if (at > 0 && at < pair.length - 1)
              properties[pair.slice(0, at)] = unescape(pair.slice(at + 1), PROPERTY)
          }
        }
        return { command, properties, data: unescape(trimmed.slice(end + 2), DATA), line }
      }
    }
  }
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const close = line.indexOf(']', prefix)
  if (close < 0) return undefined
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered(command)) return undefined
  return { command, properties: {}, data: unescape(line.slice(close + 1), LEGACY), line }
}

/** The commands the runner would run, in order, for this output (stop and resume included). */
export function runnerCommands(output: string): RunnerCommand[] {
  const run: RunnerCommand[] = []
  let token: string | undefined
  for (const line of output.split(/\r\n|\r|\n/)) {
    const registered = (name: string): boolean =>
      KNOWN.has(name.toLowerCase()) || name.toLowerCase() === token?.toLowerCase()
    const command = parse(line, registered)
    if (command === undefined) continue
    if (token !== undefined) {
      if (command.command.toLowerCase() === token.toLowerCase()) {
        run.push(command)
        token = undefined
      }
      continue
    }
    if (command.command === 'stop-commands') token = command.data
    run.push(command)
  }
  return run
}
