/** The runner's GITHUB_OUTPUT file holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    const [, name, , value] = match
    if (name !== undefined && value !== undefined) outputs[name] = value
  }
  return outputs
}

/** Shows workflow commands (`::group::`, `::error::`) roughly the way the Actions log renders them. */
export function renderWorkflowCommand(line: string): string | undefined {
  const match = /^::(\w+)(?: [^:]*)?::(.*)$/.exec(line)
  if (!match) return line
  const [, command, text = ''] = match
  const decoded = text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
  switch (command) {
    case 'group':
      return `▸ ${decoded}`
    case 'endgroup':
      return undefined
    case 'error':
      return `Error: ${decoded}`
    case 'warning':
      return `Warning: ${decoded}`
    case 'notice':
      return `Notice: ${decoded}`
    default:
      return undefined
  }
}
