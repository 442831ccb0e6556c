// What every ECS and ECR operation handler looks like to the server.

import type { World } from '../state.js'

export interface RequestContext {
  world: World
  /** The parsed JSON body, unchecked: each handler checks it against its input shape. */
  body: unknown
  /** The caller's principal, derived from the access key in the Authorization header. */
  caller: string
}

export interface Operation {
  /** RegisterTaskDefinition, UpdateService, ...: what mutatingCalls() reports. */
  mutating: boolean
  handle(context: RequestContext): unknown
}
