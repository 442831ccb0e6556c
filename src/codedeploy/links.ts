/** The deployment's page in the CodeDeploy console (China regions have their own domain). */
export function codeDeployConsoleUrl(options: { region: string; deploymentId: string }): string {
  const { region, deploymentId } = options
  const host = region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : `${region}.console.aws.amazon.com`
  return `https://${host}/codesuite/codedeploy/deployments/${encodeURIComponent(deploymentId)}?region=${encodeURIComponent(region)}`
}
