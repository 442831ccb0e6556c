// Cold-start floor 3: @actions/core and the ECS client, then the action's first call
// (DescribeServices), with nothing else. Bundled by scripts/bench/floor.ts.
import * as core from '@actions/core'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'

core.info('loaded')
const client = new ECSClient({ maxAttempts: 1 })
await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })).catch(() => {
  // The answer does not matter: the request has been made.
})
process.exit(0)
