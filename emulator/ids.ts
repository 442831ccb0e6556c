// Identifiers come from a seeded PRNG so that two emulators started with the same options
// hand out the same ids: test output and demo logs stay reproducible.

const HEX = '0123456789abcdef'
// The alphabet of real service-deployment ids, e.g. `ejGvqq2ilnbKT9qj0vLJe`, `OLM8zqSkPUsjz_-lRIUeE`.
const SERVICE_DEPLOYMENT_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

export interface Ids {
  /** `ecs-svc/` followed by 19 digits, like `ecs-svc/7419115625193919142`. */
  deploymentId(): string
  /** 21 characters, the last path segment of a service-deployment ARN. */
  serviceDeploymentId(): string
  /** 19 digits, the last path segment of a service-revision ARN. */
  serviceRevisionId(): string
  /** 32 lower-case hex digits, the last path segment of a task ARN. */
  taskId(): string
  /** RFC 4122 version 4 layout; used for event ids, request ids and container runtime ids. */
  uuid(): string
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1), the same for the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function createIds(seed: number): Ids {
  const random = mulberry32(seed)
  const pick = (alphabet: string): string => alphabet.charAt(Math.floor(random() * alphabet.length))
  const run = (alphabet: string, length: number): string =>
    Array.from({ length }, () => pick(alphabet)).join('')
  // Real deployment and revision ids are Java longs: keep the first digit at 1-8 so they stay below 2^63.
  const nineteenDigits = (): string => pick('12345678') + run('0123456789', 18)

  return {
    deploymentId: () => `ecs-svc/${nineteenDigits()}`,
    serviceDeploymentId: () => run(SERVICE_DEPLOYMENT_ALPHABET, 21),
    serviceRevisionId: nineteenDigits,
    taskId: () => run(HEX, 32),
    uuid: () => {
      const hex = run(HEX, 32)
      const variant = pick('89ab')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    }
  }
}
