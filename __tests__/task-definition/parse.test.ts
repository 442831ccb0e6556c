import { describe, expect, it } from '@jest/globals'
import { parseTaskDefinitionText, TaskDefinitionError } from '../../src/task-definition/index.js'
import { lineColumnAt } from '../../src/input/document.js'
import { readFixture } from './fixtures.js'

function parseError(text: string, source: string): TaskDefinitionError {
  try {
    parseTaskDefinitionText({ text, source })
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error
    throw error
  }
  throw new Error(`expected ${source} to be rejected`)
}

describe('parseTaskDefinitionText', () => {
  it('reads the JSON and the YAML fixture to the same object', () => {
    const json = parseTaskDefinitionText({ text: readFixture('web.json'), source: 'web.json' })
    const yaml = parseTaskDefinitionText({ text: readFixture('web.yaml'), source: 'web.yaml' })
    expect(yaml).toEqual(json)
    expect(json.family).toBe('web')
    expect(json.cpu).toBe('256')
  })

  it.each([
    ['JSON by extension', 'td.json', '{"family": "a", "containerDefinitions": []}'],
    [
      'JSON by first character, any extension',
      'td.txt',
      '  {"family": "a", "containerDefinitions": []}'
    ],
    ['YAML block style', 'td.yml', 'family: a\ncontainerDefinitions: []\n'],
    ['YAML without extension', 'td', 'family: a\ncontainerDefinitions: []\n'],
    ['YAML flow style in a .yaml file', 'td.yaml', '{family: a, containerDefinitions: []}'],
    ['JSON with a byte order mark', 'td.json', '\uFEFF{"family": "a", "containerDefinitions": []}']
  ])('accepts %s', (_label, source, text) => {
    expect(parseTaskDefinitionText({ text, source })).toEqual({
      family: 'a',
      containerDefinitions: []
    })
  })

  it('keeps YAML scalars as YAML 1.2 reads them (numbers stay numbers, quoted stay strings)', () => {
    const td = parseTaskDefinitionText({
      text: 'cpu: 256\nmemory: "512"\nflag: yes\n',
      source: 'td.yaml'
    })
    expect(td).toEqual({ cpu: 256, memory: '512', flag: 'yes' })
  })

  it('expands YAML anchors and merge keys', () => {
    const text = [
      'x-env: &env',
      '  logConfiguration: {logDriver: awslogs}',
      'containerDefinitions:',
      '  - <<: *env',
      '    name: app'
    ].join('\n')
    const td = parseTaskDefinitionText({ text, source: 'td.yaml' })
    expect(td.containerDefinitions).toEqual([
      { logConfiguration: { logDriver: 'awslogs' }, name: 'app' }
    ])
  })

  it.each([
    [
      'an empty file',
      'td.json',
      '',
      /^task-definition file td\.json is empty; expected a task definition object/
    ],
    ['whitespace only', 'td.yaml', ' \n\t\n', /^task-definition file td\.yaml is empty/],
    [
      'only comments',
      'td.yaml',
      '# nothing here\n',
      /^task-definition file td\.yaml holds no data/
    ],
    ['JSON null', 'td.json', 'null', /holds no data/],
    [
      'a top-level list',
      'td.json',
      '[{"name": "app"}]',
      /holds a list at the top level; expected a task definition object with family and containerDefinitions/
    ],
    [
      'a top-level string',
      'td.yaml',
      'just a string\n',
      /holds string "just a string" at the top level; expected a task definition object/
    ],
    ['a top-level number', 'td.json', '42', /holds number 42 at the top level/],
    [
      'a binary file',
      'td.png',
      '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR',
      /^task-definition file td\.png is not a text file \(it holds NUL bytes\); expected a task definition object with family and containerDefinitions \(JSON or YAML\)$/
    ],
    ['a NUL in JSON', 'td.json', '{"family": "web\u0000"}', /is not a text file/]
  ])('rejects %s, naming the source and what is expected', (_label, source, text, message) => {
    const error = parseError(text, source)
    expect(error.message).toMatch(message)
    expect(error.input).toBe('task-definition')
    expect(error.name).toBe('TaskDefinitionError')
  })

  it.each([
    ['a missing value before }', '{\n  "family": "web",\n  "cpu": \n}\n', /Unexpected token .*\}/],
    [
      'a trailing comma in an object',
      '{\n  "family": "web",\n  "cpu": "256",\n}',
      /Expected double-quoted property name at line 4 column 1$/
    ],
    [
      'a missing comma',
      '{\n  "family": "web"\n  "cpu": "256"\n}',
      /Expected ',' or '}' after property value at line 3 column 3$/
    ],
    [
      'single quotes',
      "{\n  'family': 'web'\n}",
      /Expected property name or '}' at line 2 column 3$/
    ],
    [
      'an unclosed string',
      '{\n  "family": "web\n}',
      /Bad control character in string literal at line 2 column 17$/
    ],
    [
      'content after the document',
      '{"family": "web"}\n}',
      /Unexpected non-whitespace character after JSON at line 2 column 1$/
    ],
    [
      'a list left open',
      '{\n  "family": "web",\n  "containerDefinitions": [\n}\n',
      /: Unexpected token '}' at line 4 column 1$/
    ],
    ['a misspelt literal', '{"essential": ture}', /: Unexpected token 'u' at line 1 column 16$/],
    [
      'a file cut short',
      '{\n  "requiresCompatibilities": [\n    "FARGATE",\n',
      /: Unexpected end of JSON input at line 4 column 1$/
    ]
  ])('reports JSON syntax errors with line and column: %s', (_label, text, detail) => {
    const error = parseError(text, '.aws/td.json')
    expect(error.message).toMatch(/^task-definition file \.aws\/td\.json is not valid JSON: /)
    expect(error.message).toMatch(detail)
  })

  it('never echoes the text around a JSON error: the file may hold anything', () => {
    const error = parseError('{"password": "hunter2", "x": nul}', 'td.json')
    expect(error.message).toBe(
      "task-definition file td.json is not valid JSON: Unexpected token '}' at line 1 column 33"
    )
  })

  it.each([
    [
      'bad indentation',
      'family: web\n  cpu: 256\n',
      /^task-definition file td\.yaml is not valid YAML: a key already has a value here, yet the next line is indented deeper; check the indentation at line 1 column 9$/
    ],
    [
      'a duplicate key',
      'family: web\nfamily: api\n',
      /is not valid YAML: the same key appears twice in one mapping; keys must be unique at line 2 column 1$/
    ],
    [
      'two documents',
      'family: a\n---\nfamily: b\n',
      /is not valid YAML: the file holds more than one YAML document .* at line 2 column 1$/
    ],
    ['an unclosed quote', 'family: "web\n', /is not valid YAML: .*quote.* at line \d+ column \d+$/],
    [
      'a tab used for indentation',
      'containerDefinitions:\n\t- name: a\n',
      /is not valid YAML: Tabs are not allowed as indentation at line 2 column 1$/
    ]
  ])('reports YAML errors with line and column: %s', (_label, text, message) => {
    expect(parseError(text, 'td.yaml').message).toMatch(message)
  })
  it.each([
    ['JSON lists', 'td.json', '['.repeat(10_000) + ']'.repeat(10_000), 'line 1 column 65'],
    [
      'JSON objects',
      'td.json',
      '{"family": "web", "x": ' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}',
      'line 1 column 339'
    ],
    ['YAML flow lists', 'td.yaml', 'family: web\nx: ' + '['.repeat(10_000), 'line 2 column 67'],
    [
      'YAML block lists',
      'td.yaml',
      'family: web\nx:\n' + '- '.repeat(10_000) + 'y',
      'line 3 column 127'
    ]
  ])(
    'refuses %s nested 10,000 levels deep, naming the input and the file, before any parser',
    (_label, source, text, at) => {
      const started = performance.now()
      const error = parseError(text, source)
      expect(error.message).toBe(
        `task-definition file ${source} nests lists and objects more than 64 levels deep (at ${at}); a task definition is about 8 levels deep, so this is not one`
      )
      expect(error.input).toBe('task-definition')
      expect(performance.now() - started).toBeLessThan(200)
    }
  )

  it('refuses YAML tags outside the core schema, with their line; core tags are fine', () => {
    const text =
      'family: web\ncontainerDefinitions:\n  - name: app\n    image: !!js/function "function () { return 1 }"\n'
    expect(parseError(text, 'td.yaml').message).toBe(
      'task-definition file td.yaml uses the YAML tag !!js/function at line 4 column 26; only the YAML core schema is accepted (strings, numbers, booleans, null, lists and mappings, with or without !!str, !!int, … tags): remove the tag'
    )
    expect(parseError('family: !!binary aGk=\n', 'td.yml').message).toMatch(
      /^task-definition file td\.yml uses the YAML tag !!binary at line 1 column 18;/
    )
    expect(
      parseTaskDefinitionText({ text: 'family: !!str 12\ncpu: !!int "256"\n', source: 'td.yaml' })
    ).toEqual({ family: '12', cpu: 256 })
  })

  it('refuses a JSON key given twice, naming where, as YAML does', () => {
    const text = `{
  "family": "web",
  "containerDefinitions": [
    { "name": "app", "image": "web:1", "essential": true, "image": "web:2" }
  ]
}`
    const error = parseError(text, '.aws/td.json')
    expect(error.message).toBe(
      'task-definition file .aws/td.json has the key containerDefinitions[0].image twice, at line 4 column 22 and at line 4 column 59; keys must be unique (a JSON parser would silently keep only the last one): remove the one you did not mean'
    )
    // The same key in different objects is not a duplicate.
    expect(
      parseTaskDefinitionText({
        text: '{"family": "a", "containerDefinitions": [{"name": "a"}, {"name": "b"}]}',
        source: 'td.json'
      })
    ).toMatchObject({ family: 'a' })
  })

  it('reports a syntax error before a duplicate key', () => {
    expect(parseError('{"family": "a", "family": "b",}', 'td.json').message).toMatch(
      /^task-definition file td\.json is not valid JSON: /
    )
  })
})

describe('lineColumnAt', () => {
  it('converts offsets to 1-based lines and columns', () => {
    expect(lineColumnAt('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 })
    expect(lineColumnAt('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 })
  })
})
