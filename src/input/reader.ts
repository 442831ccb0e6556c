import { InputError } from './values.js'

/**
 * Typed access to workflow inputs, keyed by input name. A feature declares the values it needs
 * (`V`) and reads them through this, so it never handles raw text and never parses twice.
 */
export interface InputReader<V> {
  /**
   * The input's value, parsed from its trimmed text, or from its default when the text is blank;
   * undefined when it has neither. Parsed when asked for, not up front: when several inputs are
   * wrong, the error is the one the reading order meets first, and a gate can ask whether its
   * options were given before any of their values is judged.
   */
  get<K extends keyof V & string>(name: K): V[K]
  /**
   * Whether the workflow gave the input a non-blank value. A runner passes an input's default as
   * its value, so this only tells something about inputs without a default.
   */
  given(name: keyof V & string): boolean
}

/** How one input's text becomes its value. */
export interface InputParser {
  readonly name: string
  /** Parsed in place of a blank value. */
  readonly default?: string
  /** A blank value without a default is an error. */
  readonly required?: boolean
  /** Gets the trimmed, non-blank text (or the default); throws an InputError naming `name`. */
  readonly parse: (text: string, name: string) => unknown
}

/**
 * Reads inputs through their parsers. Values are trimmed, as @actions/core's getInput does on a
 * runner, so that every source (a runner, a test, `npm run local`) reads the same.
 */
export function inputReader<V>(options: {
  parsers: readonly InputParser[]
  /** The raw value; '' when unset. */
  getInput: (name: string) => string
}): InputReader<V> {
  const byName = new Map(options.parsers.map((parser) => [parser.name, parser]))
  const parserOf = (name: string): InputParser => {
    const parser = byName.get(name)
    // Only a programming mistake gets here: the names are typed.
    if (parser === undefined) throw new Error(`No parser for input "${name}"`)
    return parser
  }
  const text = (name: string): string => options.getInput(parserOf(name).name).trim()
  const read = (name: string): unknown => {
    const parser = parserOf(name)
    const value = text(name)
    if (value !== '') return parser.parse(value, name)
    if (parser.default !== undefined) return parser.parse(parser.default, name)
    if (parser.required === true) throw new InputError(name, 'is required')
    return undefined
  }
  return {
    get: <K extends keyof V & string>(name: K) => read(name) as V[K],
    given: (name) => text(name) !== ''
  }
}
