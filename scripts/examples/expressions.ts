/**
 * The few GitHub Actions expressions an example's steps use to hand outputs on, as a workflow
 * would: `${{ steps.staging.outputs.task-definition-arn }}` (or `needs.staging.outputs.…`), and
 * `fromJSON(…)` with `.name`, `['name']` and `[0]` after it, e.g.
 * `${{ fromJSON(needs.staging.outputs.image-digests).app }}`. Nothing else: an expression this
 * does not know is an error, never an empty string.
 */

/** What the expressions can read: each earlier step's outputs, by step id. */
export type StepOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>

export class ExpressionError extends Error {
  constructor(expression: string, problem: string) {
    super(`\${{ ${expression} }}: ${problem}`)
    this.name = 'ExpressionError'
  }
}

const NAME = /^[A-Za-z_][\w-]*/

/** A reader over one expression's text. */
class Reader {
  private at = 0
  constructor(private readonly text: string) {}

  fail(problem: string): never {
    throw new ExpressionError(this.text, problem)
  }
  skipSpace(): void {
    while (this.text[this.at] === ' ') this.at += 1
  }
  done(): boolean {
    this.skipSpace()
    return this.at >= this.text.length
  }
  eat(token: string): boolean {
    this.skipSpace()
    if (!this.text.startsWith(token, this.at)) return false
    this.at += token.length
    return true
  }
  expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected "${token}" at character ${this.at + 1}`)
  }
  name(): string {
    this.skipSpace()
    const match = NAME.exec(this.text.slice(this.at))
    if (match === null) this.fail(`expected a name at character ${this.at + 1}`)
    this.at += match[0].length
    return match[0]
  }
  /** `['name']`, `["name"]` or `[0]`, after the `[`. */
  index(): string | number {
    this.skipSpace()
    const rest = this.text.slice(this.at)
    const quoted = /^(['"])(.*?)\1/.exec(rest)
    const digits = /^\d+/.exec(rest)
    const token = quoted ?? digits
    if (token === null) this.fail(`expected a quoted name or a number at character ${this.at + 1}`)
    this.at += token[0].length
    this.expect(']')
    return quoted === null ? Number(token[0]) : (quoted[2] ?? '')
  }
}

function member(value: unknown, key: string | number, reader: Reader): unknown {
  if (typeof value !== 'object' || value === null) {
    reader.fail(`cannot read ${JSON.stringify(key)} of ${JSON.stringify(value)}`)
  }
  return (value as Record<string | number, unknown>)[key]
}

/** `fromJSON(x)` or `steps.<id>.outputs.<name>`, then any `.name` / `[…]` accessors. */
function value(reader: Reader, outputs: StepOutputs): unknown {
  let result: unknown
  const head = reader.name()
  if (head === 'fromJSON') {
    reader.expect('(')
    const inner = value(reader, outputs)
    reader.expect(')')
    if (typeof inner !== 'string') reader.fail('fromJSON takes a string')
    try {
      result = JSON.parse(inner)
    } catch {
      reader.fail(`fromJSON: not JSON: ${inner.slice(0, 80)}`)
    }
  } else if (head === 'steps' || head === 'needs') {
    reader.expect('.')
    const id = reader.name()
    reader.expect('.')
    if (reader.name() !== 'outputs') reader.fail(`only ${head}.<id>.outputs can be read`)
    reader.expect('.')
    const name = reader.name()
    const step = outputs[id]
    if (step === undefined) reader.fail(`no earlier step has the id ${id}`)
    const output = step[name]
    if (output === undefined) reader.fail(`step ${id} set no output ${name}`)
    result = output
  } else {
    reader.fail(`unknown name ${head}: use steps.<id>.outputs.<name>, needs.… or fromJSON(…)`)
  }
  for (;;) {
    if (reader.eat('.')) result = member(result, reader.name(), reader)
    else if (reader.eat('[')) result = member(result, reader.index(), reader)
    else return result
  }
}

/** One expression's value (what is between `${{` and `}}`). */
export function evaluate(expression: string, outputs: StepOutputs): unknown {
  const reader = new Reader(expression.trim())
  const result = value(reader, outputs)
  if (!reader.done()) reader.fail('unexpected text after the expression')
  if (result === undefined) reader.fail('has no value')
  return result
}

/** A string with every `${{ … }}` replaced by its value (objects as JSON, as GitHub does). */
export function interpolate(text: string, outputs: StepOutputs): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_match, expression: string) => {
    const result = evaluate(expression, outputs)
    return typeof result === 'string' ? result : JSON.stringify(result)
  })
}

/** Every string inside a JSON-like value interpolated. */
export function interpolateAll(value: unknown, outputs: StepOutputs): unknown {
  if (typeof value === 'string') return interpolate(value, outputs)
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, outputs))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, outputs)])
    )
  }
  return value
}
