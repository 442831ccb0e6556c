export {
  TaskDefinitionError,
  type TaskDefinitionErrorOptions,
  type ValidationProblem
} from './errors.js'
export { parseTaskDefinitionText, type ParseTaskDefinitionTextOptions } from './parse.js'
export {
  normalizeTaskDefinition,
  READ_ONLY_TASK_DEFINITION_FIELDS,
  REGISTER_TASK_DEFINITION_MEMBERS,
  type NormalizedTaskDefinition,
  type NormalizeNotes
} from './normalize.js'
export { renderTaskDefinition, type RenderOptions } from './render.js'
export {
  prepareTaskDefinition,
  type PrepareTaskDefinitionOptions,
  type PreparedTaskDefinition
} from './prepare.js'
export {
  assertValidTaskDefinition,
  formatValidationProblems,
  validateTaskDefinition
} from './validate.js'
export {
  checkImageReference,
  type EcrImageLocation,
  type ImageReferenceCheck,
  type ParsedImageReference
} from './image-reference.js'
export { sameTaskDefinition } from './compare.js'
