import type { InputParser } from '../input/reader.js'
import type { InputGroup } from './groups.js'

/** One input of action.yml: the feature it belongs to, its default and how its text is parsed. */
export interface InputRow<T = unknown> extends InputParser {
  readonly name: string
  readonly group: InputGroup
  /** action.yml's default, word for word: the runner passes it for a blank input, and so do we. */
  readonly default?: string
  /** action.yml's required flag. */
  readonly required?: boolean
  /** One of the few inputs most workflows set: the README lists these, docs/inputs.md all. */
  readonly common?: boolean
  /** Gets the trimmed, non-blank text (or the default); throws an InputError naming `name`. */
  readonly parse: (text: string, name: string) => T
}
