import { describe, expect, it } from '@jest/globals'
import { hostilePieces, hostileText } from '../../emulator/hostile.js'
import { codeLines, escapeHtml, link } from '../../src/text/html.js'

/** Raw HTML or Markdown that would render if it reached the summary unescaped. */
const RAW = ['<img', '**x**', '| a |', '[link](', '`tick`', '\n', '\r']

describe('escapeHtml', () => {
  it('escapes HTML and Markdown, and turns every line break into <br>', () => {
    const html = escapeHtml(hostileText)
    for (const raw of RAW) expect(html).not.toContain(raw)
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(html).toContain('&#42;&#42;x&#42;&#42;')
    // `a\n\nb` would be a blank line, which ends the HTML block: it becomes two <br>.
    expect(escapeHtml('a\n\nb\r\rc\r\nd')).toBe('a<br><br>b<br><br>c<br>d')
  })

  it('keeps ordinary text readable', () => {
    expect(escapeHtml('(service web) has reached a steady state.')).toBe(
      '(service web) has reached a steady state.'
    )
  })
})

describe('codeLines', () => {
  it('one escaped line per line, blank ones left out, whatever the line breaks', () => {
    expect(codeLines(['a', '', '  ', 'b\r\rc', 'd\n\ne', '<x>'])).toBe('a\nb\nc\nd\ne\n&#60;x&#62;')
    const code = codeLines(hostilePieces.map((piece) => `line ${piece}`))
    expect(code.split('\n').every((line) => line.trim() !== '')).toBe(true)
    for (const raw of RAW.filter((r) => r !== '\n')) expect(code).not.toContain(raw)
  })
})

describe('link', () => {
  it('links https URLs, escaped for the attribute', () => {
    expect(link('https://console.example/a?b=1&c=2#x', 'Log <stream>')).toBe(
      '<a href="https://console.example/a?b=1&#38;c=2#x">Log &#60;stream&#62;</a>'
    )
  })

  it('never links another scheme', () => {
    const html = link('javascript:alert(1)', 'x')
    expect(html).not.toContain('<a')
    expect(html).toBe('x (javascript:alert(1))')
    expect(link('https://x" onmouseover="alert(1)', 'x')).not.toContain('<a')
  })
})
