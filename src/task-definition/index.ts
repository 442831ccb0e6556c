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
export { renderTaskDefinition, type RenderedTaskDefinition } from './render.js'
export {
  CONTAINER_SETTINGS,
  LOG_DRIVERS,
  MAX_ENV_FILES,
  RENDER_INPUTS,
  type KeyValueList,
  type RenderSettings
} from './render-settings.js'
export {
  parseCommand,
  parseContainerNames,
  parseEnvFiles,
  parseEnvironmentMode,
  parseImages,
  parseKeyValueLines,
  parseLines,
  parseRenderInputs,
  readRenderSettings,
  RENDER_INPUT_PARSERS,
  type RawRenderInputs,
  type RenderInputValues
} from './render-inputs.js'
export { checkIamRoleArn, checkS3ObjectArn } from './arns.js'
export { FARGATE_SIZES, parseCpuUnits, parseMemoryMiB } from './task-size.js'
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
export { comparableForm, sameTaskDefinition } from './compare.js'
