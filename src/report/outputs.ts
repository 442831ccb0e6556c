import * as core from '@actions/core'
import type { Outcome } from './outcome.js'

/** Step outputs: whatever the run got to, so a failed run still says what it registered and started. */
export function setOutputs(outcome: Outcome): void {
  const outputs: Record<string, string | undefined> = {
    'task-definition-arn': outcome.taskDefinitionArn,
    'deployment-id': outcome.ref?.deploymentId,
    'service-deployment-arn': outcome.ref?.serviceDeploymentArn,
    verdict: outcome.verdict?.kind
  }
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, value)
  }
}
