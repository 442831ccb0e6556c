import { describeAwsError, errorName } from '../aws/errors.js'
import type { TaskDefinitionsPort } from '../aws/task-definitions.js'
import { familyRevision } from '../text/names.js'

/** DeregisterTaskDefinition calls a run makes at most: a first run on a long history stays short. */
const DEFAULT_LIMIT = 100

export interface HousekeepingResult {
  /** Revisions (ARNs) this run deregistered, newest first. */
  readonly deregistered: string[]
  /** The newest `keep` ACTIVE revisions. */
  readonly kept: string[]
  /** Older revisions left ACTIVE because a watched service runs or ran them. */
  readonly skippedInUse: string[]
}

/**
 * Deregisters the family's ACTIVE revisions beyond the newest `keep` (which count the revision just
 * registered, so `keep: 1` leaves only it), except those in `inUse`. Housekeeping never fails the
 * deploy: a failed call is a warning and the others go on; AccessDenied stops it at once, since
 * every further call would be denied too.
 */
export async function deregisterPrevious(options: {
  port: TaskDefinitionsPort
  family: string
  keep: number
  /** Task definition ARNs (or family:revision) any watched service runs or ran before this deploy. */
  inUse: ReadonlySet<string>
  log: { info(line: string): void; warning(line: string): void }
  /** At most this many deregistrations a run (default 100); later runs take the rest. */
  limit?: number
}): Promise<HousekeepingResult> {
  const { port, family, keep, log } = options
  const limit = options.limit ?? DEFAULT_LIMIT
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be ≥ 1, got ${keep}`)
  const result = {
    deregistered: [] as string[],
    kept: [] as string[],
    skippedInUse: [] as string[]
  }

  let active: string[]
  try {
    active = await port.listActiveRevisions(family)
  } catch (error) {
    log.warning(
      `Old revisions of ${family} stay registered: ${describeAwsError('ListTaskDefinitions', error)}`
    )
    return result
  }
  result.kept.push(...active.slice(0, keep))
  const inUse = new Set([...options.inUse].map(familyRevision))
  const candidates: string[] = []
  for (const arn of active.slice(keep)) {
    if (inUse.has(familyRevision(arn))) {
      result.skippedInUse.push(arn)
      log.info(
        `Kept ${familyRevision(arn)}: a watched service runs it or ran it before this deploy.`
      )
    } else {
      candidates.push(arn)
    }
  }
  if (candidates.length > limit) {
    log.info(
      `${candidates.length - limit} older revisions of ${family} are left for later runs (at most ${limit} are deregistered a run).`
    )
  }

  const batch = candidates.slice(0, limit)
  for (const [index, arn] of batch.entries()) {
    try {
      await port.deregister(arn)
      result.deregistered.push(arn)
      log.info(`Deregistered ${familyRevision(arn)}.`)
    } catch (error) {
      const why = describeAwsError('DeregisterTaskDefinition', error)
      if (errorName(error) === 'AccessDeniedException') {
        const left = batch.length - index
        log.warning(
          `${left} old revision${left === 1 ? '' : 's'} of ${family} stay registered (ecs:DeregisterTaskDefinition is needed): ${why}`
        )
        break
      }
      log.warning(`${familyRevision(arn)} stays registered: ${why}`)
    }
  }
  if (candidates.length === 0) {
    log.info(
      `Nothing to deregister: ${family} has ${active.length} ACTIVE revisions, keeping ${keep}.`
    )
  }
  return result
}
