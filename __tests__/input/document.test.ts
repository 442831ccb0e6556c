import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, parseDocument } from 'yaml'
import {
  firstUnsupportedTag,
  lineColumnAt,
  MAX_NESTING_DEPTH,
  nestedDeeperThan,
  scanJson,
  yamlTooDeep
} from '../../src/input/document.js'

const CORPUS = fileURLToPath(
  new URL('../../__fixtures__/task-definitions/corpus/', import.meta.url)
)
const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels)
const nestedObjects = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)

describe('scanJson', () => {
  it('finds nesting beyond the limit, at the first bracket too deep, without recursion', () => {
    expect(scanJson(nested(MAX_NESTING_DEPTH))).toEqual({})
    expect(scanJson(nested(MAX_NESTING_DEPTH + 1))).toEqual({
      tooDeep: { offset: MAX_NESTING_DEPTH }
    })
    // Far beyond any stack: found at once.
    const started = performance.now()
    expect(scanJson(nestedObjects(500_000)).tooDeep).toEqual({ offset: 5 * MAX_NESTING_DEPTH })
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('counts brackets inside strings as text', () => {
    expect(scanJson(JSON.stringify({ command: '['.repeat(200), 'x"{': '{' }))).toEqual({})
  })

  it('finds the first duplicate key, with its path and both places', () => {
    const text = `{
  "family": "web",
  "containerDefinitions": [
    { "name": "app", "image": "a" },
    { "name": "worker", "image": "b", "environment": [{ "name": "X", "value": "1", "value": "2" }], "image": "c" }
  ],
  "family": "api"
}`
    const scan = scanJson(text)
    expect(scan.duplicate?.path).toBe('containerDefinitions[1].environment[0].value')
    expect(lineColumnAt(text, scan.duplicate?.firstOffset ?? 0)).toEqual({ line: 5, column: 70 })
    expect(lineColumnAt(text, scan.duplicate?.offset ?? 0)).toEqual({ line: 5, column: 84 })
  })

  it('compares keys as JSON reads them, escapes included, and names odd keys plainly', () => {
    expect(scanJson('{"a\\u0062": 1, "ab": 2}').duplicate?.path).toBe('ab')
    expect(scanJson('{"x": {"my key": 1, "my key": 2}}').duplicate?.path).toBe('x["my key"]')
    expect(scanJson('[{"a": 1}, {"a": 2}]')).toEqual({})
    expect(scanJson('{"a": {"b": 1}, "b": 2}')).toEqual({})
  })
})

describe('yamlTooDeep', () => {
  it('accepts ordinary YAML and JSON, block scalars and brackets inside text', () => {
    const text = `family: web
containerDefinitions:
  - name: app
    image: web:1 # [not a list
    command: ["sh", "-c", "echo [[[[[["]
    entryPoint:
      - |
        if [[ -f x ]]; then
              [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        fi
    environment:
      - name: A
        value: 'b[c'
`
    expect(yamlTooDeep(text)).toBeUndefined()
    expect(yamlTooDeep(JSON.stringify({ a: [{ b: [{ c: 1 }] }] }))).toBeUndefined()
  })

  it.each([
    ['flow lists', nested(10_000), 64],
    ['flow mappings', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000), 256],
    ['lists on one line', '- '.repeat(300_000) + 'x', 128],
    [
      'indented mappings',
      Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') + ' x',
      undefined
    ]
  ])('finds %s nested too deep, fast', (_name, text, before) => {
    const started = performance.now()
    const found = yamlTooDeep(text)
    expect(performance.now() - started).toBeLessThan(500)
    expect(found).toBeDefined()
    if (before !== undefined) expect(found?.offset).toBeLessThanOrEqual(before)
  })

  it('measures the real depth of YAML that parses', () => {
    const texts = [
      Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n') + ' x',
      'a:\n- b\nc:\n- d\ne:\n- - f\n  - g\n',
      '- a: 1\n  b: [1, {c: [2]}]\n- c: 3\n',
      '? a\n: - b\n  - c: d\n',
      'a: "multi\n  line"\nb:\n  c: |\n    text\n      more\n  d: e\n',
      ...readdirSync(CORPUS)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => readFileSync(join(CORPUS, name), 'utf8'))
    ]
    for (const text of texts) {
      const estimate = smallest((depth) => yamlTooDeep(text, depth) === undefined)
      const real = smallest((depth) => !nestedDeeperThan(parse(text, { merge: true }), depth))
      expect({ text, estimate }).toEqual({ text, estimate: real })
    }
  })
})

/** The smallest depth for which `fits` holds. */
function smallest(fits: (depth: number) => boolean): number {
  for (let depth = 0; depth < 1_000; depth++) if (fits(depth)) return depth
  return Infinity
}

describe('firstUnsupportedTag', () => {
  const tagOf = (text: string) => firstUnsupportedTag(parseDocument(text).contents)

  it.each([
    ['a: !!js/function "function () {}"', '!!js/function'],
    ['a: !!binary aGk=', '!!binary'],
    ['a: !!set {b}', '!!set'],
    ['a: !!timestamp 2001-12-14', '!!timestamp'],
    ['a: !local x', '!local'],
    ['- !!python/object:os.system x', '!!python/object:os.system'],
    ['? !!js/regexp /x/\n: 1', '!!js/regexp']
  ])('refuses %j', (text, tag) => {
    expect(tagOf(text)?.tag).toBe(tag)
  })

  it('accepts the core schema, with or without tags', () => {
    expect(
      tagOf(
        'a: !!str 12\nb: !!int "3"\nc: !!float 1\nd: !!bool true\ne: !!null ""\nf: !!map {}\ng: !!seq []\nh: ! x'
      )
    ).toBeUndefined()
  })

  it('gives the offset of the tagged node (its value, after the tag)', () => {
    const text = 'a: 1\nb:\n  - c: !!js/function x'
    const found = firstUnsupportedTag(parseDocument(text).contents)
    expect(lineColumnAt(text, found?.offset ?? 0)).toEqual({ line: 3, column: 22 })
  })
})

describe('nestedDeeperThan', () => {
  it('measures a parsed value without recursion', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(nestedDeeperThan(deep)).toBe(true)
    expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true)
  })
})
