/** The service's deployments tab in the ECS console; China regions live on their own domain. */
export function deploymentsConsoleUrl(options: {
  region: string
  cluster: string
  service: string
}): string {
  const { region, cluster, service } = options
  const host = region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : `${region}.console.aws.amazon.com`
  const path = `ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}/deployments`
  return `https://${host}/${path}?region=${encodeURIComponent(region)}`
}
