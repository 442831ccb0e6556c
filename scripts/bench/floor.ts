/**
 * What the cold start cannot go below with this stack: the same measurement (process start to the
 * first AWS request) for three minimal programs, each bundled with ncc as the action is: Node alone,
 * then @actions/core, then @actions/core and the ECS client making the action's first call.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const FLOORS = ['node-only', 'actions-core', 'ecs-client'] as const
export type Floor = (typeof FLOORS)[number]

/** Real milliseconds from spawning `script` to its first HTTP request, once. */
async function firstRequestMs(script: string): Promise<number> {
  let first: number | undefined
  const server = createServer((request, response) => {
    first ??= performance.now()
    request.resume()
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
      response.end('{"__type":"ClientException","message":"floor"}')
    })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  const startedAt = performance.now()
  const child = spawn(process.execPath, [script], {
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL_ECS: `http://127.0.0.1:${String(port)}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAFLOOREXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'floor-secret-not-real'
    }
  })
  await new Promise((exited) => child.on('exit', exited))
  server.close()
  if (first === undefined) throw new Error(`${script} made no request`)
  return first - startedAt
}

/** Bundles each floor program with the project's ncc, then measures each `runs` times. */
export async function coldStartFloors(
  root: string,
  runs: number
): Promise<Record<Floor, number[]>> {
  const out = await mkdtemp(join(tmpdir(), 'ecs-rollout-floor-'))
  try {
    const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
    const scripts = await Promise.all(
      FLOORS.map(async (floor) => {
        const entry = join(root, `scripts/bench/floor/${floor}.mjs`)
        await promisify(execFile)(process.execPath, [ncc, 'build', entry, '-o', join(out, floor)], {
          cwd: root
        })
        return join(out, floor, 'index.mjs')
      })
    )
    const times = { 'node-only': [], 'actions-core': [], 'ecs-client': [] } as Record<
      Floor,
      number[]
    >
    for (let i = 0; i < runs; i++) {
      for (const [index, floor] of FLOORS.entries()) {
        times[floor].push(Math.round(await firstRequestMs(scripts[index] ?? '')))
      }
    }
    return times
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}
