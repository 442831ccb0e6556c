// Opaque NextToken paging for the EventBridge and Scheduler list calls. A token remembers where
// the next page starts and which query it belongs to: the APIs say to keep every other argument
// unchanged while paging, so a token used with other arguments (or one we never issued) is refused.
// Pages are small by default (see the services' `pageSize` options) so clients must follow tokens.

import type { AwsError } from './errors.js'

export interface Page<T> {
  items: T[]
  nextToken: string | undefined
}

export interface PageRequest {
  /** The token from the previous page, if any. */
  token: string | undefined
  /** The caller's Limit / MaxResults, if any. */
  limit: number | undefined
  /** The most items the emulator returns in one page. */
  pageSize: number
  /** Identifies the query (operation and filters) the token is valid for. */
  scope: string
  /** The error for a token that was not issued for this query. */
  invalidToken: () => AwsError
}

interface TokenBody {
  scope: string
  offset: number
}

function decode(token: string): TokenBody | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { scope, offset } = parsed as Partial<TokenBody>
    if (typeof scope !== 'string' || typeof offset !== 'number' || !Number.isInteger(offset)) {
      return undefined
    }
    return { scope, offset }
  } catch {
    return undefined
  }
}

const encode = (body: TokenBody): string =>
  Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')

/** One page of `items` (already filtered and in the service's order). */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  let offset = 0
  if (request.token !== undefined) {
    const body = decode(request.token)
    if (body === undefined || body.scope !== request.scope || body.offset < 0) {
      throw request.invalidToken()
    }
    offset = body.offset
  }
  const size = Math.min(request.limit ?? request.pageSize, request.pageSize)
  const end = offset + size
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encode({ scope: request.scope, offset: end }) : undefined
  }
}

/** The default page size of the emulated list calls (real ones return up to 100). */
export const DEFAULT_PAGE_SIZE = 25

export function checkPageSize(what: string, value: number | undefined): number {
  const size = value ?? DEFAULT_PAGE_SIZE
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new RangeError(`${what} must be an integer from 1 to 100, got ${String(value)}`)
  }
  return size
}
