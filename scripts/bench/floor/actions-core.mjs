// Cold-start floor 2: what every action pays, @actions/core 3 (it imports undici when it loads),
// then one request. Bundled by scripts/bench/floor.ts.
import { request } from 'node:http'
import * as core from '@actions/core'

core.info('loaded')
const call = request(process.env.AWS_ENDPOINT_URL_ECS, { method: 'POST' }, (answer) => {
  answer.resume()
  answer.on('end', () => process.exit(0))
})
call.end('{}')
