/** China regions have their own console domain. */
function consoleHost(region: string): string {
  return region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : `${region}.console.aws.amazon.com`
}

/** The service's deployments tab in the ECS console. */
export function deploymentsConsoleUrl(options: {
  region: string
  cluster: string
  service: string
}): string {
  const { region, cluster, service } = options
  const path = `ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}/deployments`
  return `https://${consoleHost(region)}/${path}?region=${encodeURIComponent(region)}`
}

/** One log stream in the CloudWatch console, whose fragment escapes `%` as `$25`. */
export function logStreamConsoleUrl(options: {
  region: string
  group: string
  stream: string
}): string {
  const { region, group, stream } = options
  const escape = (text: string): string =>
    encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$')
  return (
    `https://${consoleHost(region)}/cloudwatch/home?region=${encodeURIComponent(region)}` +
    `#logsV2:log-groups/log-group/${escape(group)}/log-events/${escape(stream)}`
  )
}
