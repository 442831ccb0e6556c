// The CODE_DEPLOY deploy path: the lead calls these from main.ts.
export { appSpecContainerProblem, loadAppSpec, renderAppSpec } from './appspec.js'
export type { AppSpec, RenderedAppSpec } from './appspec.js'
export { deployWithCodeDeploy, groupWaits, MAX_TOTAL_WAIT_MINUTES } from './deploy.js'
export type { CodeDeployLog, CodeDeployResult, DeployWithCodeDeployOptions } from './deploy.js'
export { codeDeployConsoleUrl } from './links.js'
export {
  CODEDEPLOY_INPUTS,
  readCodeDeploySettings,
  resolveCodeDeploySettings,
  truncateDescription
} from './settings.js'
export type { AppSpecLocation, CodeDeployInputs, CodeDeploySettings } from './settings.js'
