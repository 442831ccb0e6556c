// Cold-start floor 1: Node alone sends one request (no library). Bundled by scripts/bench/floor.ts.
import { request } from 'node:http'

const call = request(process.env.AWS_ENDPOINT_URL_ECS, { method: 'POST' }, (answer) => {
  answer.resume()
  answer.on('end', () => process.exit(0))
})
call.end('{}')
