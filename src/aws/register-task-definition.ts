import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsPort } from './ecs.js'
import { asSentence, describeAwsError, errorName } from './errors.js'
import { MUTATION_ATTEMPTS, retryMutation } from './mutations.js'
import type { Clock } from '../clock.js'
import { familyRevision } from '../text/names.js'
import { normalizeTaskDefinition, sameTaskDefinition } from '../task-definition/index.js'

export interface RegisterOptions {
  ecs: Pick<EcsPort, 'registerTaskDefinition' | 'describeTaskDefinition'>
  /** Exactly what to register, provenance tags included. */
  taskDefinition: RegisterTaskDefinitionCommandInput
  /**
   * The family's latest revision (ARN) before this run registered anything: a revision this run
   * made can only be above it. Absent: the family's latest is read again when needed.
   */
  latestBefore?: string
  clock: Clock
  log: { info(line: string): void; warning(line: string): void }
  /** Default MUTATION_ATTEMPTS. */
  attempts?: number
  random?: () => number
}

// Revisions above the baseline looked at, at most: concurrent runs of one family are few.
const MAX_SCAN = 20
// A revision registered this long before the phase started cannot be this run's (clock skew).
const SKEW_MS = 5 * 60_000

interface Candidate {
  arn: string
  taskDefinition: TaskDefinition
}

/**
 * RegisterTaskDefinition without duplicates. Refusals (throttling) are retried by the SDK. After an
 * ambiguous error (a 5xx, a reset, a timeout) the revision may exist although the answer was lost:
 * the revisions registered since the run started are read first, and one with this content is
 * reused, saying so. Only otherwise is the call repeated, a few times with backoff. A revision that
 * a lost answer left behind anyway is named in a warning.
 */
export async function registerTaskDefinition(options: RegisterOptions): Promise<TaskDefinition> {
  const { ecs, clock, log } = options
  const input = options.taskDefinition
  const family = input.family ?? ''
  const attempts = options.attempts ?? MUTATION_ATTEMPTS
  const startedAt = clock.now()
  let ambiguous = 0

  const registered = await retryMutation<TaskDefinition>({
    operation: 'RegisterTaskDefinition',
    clock,
    attempts,
    ...(options.random !== undefined && { random: options.random }),
    call: async () => {
      const answer = await ecs.registerTaskDefinition(input)
      const arn = answer.taskDefinitionArn ?? ''
      log.info(`Registered ${familyRevision(arn)} (${arn}).`)
      if (ambiguous > 0) warnStrays(await ours(), arn)
      return answer
    },
    onRefusal: (error) => {
      log.warning(`${asSentence(describeAwsError('RegisterTaskDefinition', error))} Retrying.`)
    },
    afterUnclear: async (error) => {
      ambiguous++
      log.warning(
        `${asSentence(describeAwsError('RegisterTaskDefinition', error))} The revision may have been registered although the answer was lost: looking for it before trying again.`
      )
      const [first, ...others] = await ours()
      if (first === undefined) {
        log.info(
          `No revision of ${family} with this content was registered during this run: registering again.`
        )
        return undefined
      }
      log.info(
        `${familyRevision(first.arn)} has this content and was registered during this run: the call took effect, only its answer was lost. ` +
          `Reusing ${familyRevision(first.arn)} (${first.arn}); registering nothing more.`
      )
      warnStrays(others, first.arn)
      return first.taskDefinition
    }
  })
  return registered

  /** The revisions with this content registered during this run, oldest first. */
  async function ours(): Promise<Candidate[]> {
    const found: Candidate[] = []
    for (const candidate of await registeredSince()) {
      if (isOurs(candidate.taskDefinition, candidate.tags)) found.push(candidate)
    }
    return found
  }

  /** Revisions above the baseline, oldest first; the latest alone when there is no baseline. */
  async function registeredSince(): Promise<(Candidate & { tags: Tag[] })[]> {
    let base = revisionOf(options.latestBefore)
    const found: (Candidate & { tags: Tag[] })[] = []
    if (base === undefined) {
      const latest = await describe(family)
      if (latest === undefined) return found
      found.push(latest)
      base = latest.taskDefinition.revision ?? 0
    }
    for (let revision = base + 1; revision <= base + MAX_SCAN; revision++) {
      const described = await describe(`${family}:${String(revision)}`)
      if (described === undefined) break
      found.push(described)
    }
    return found
  }

  /** Undefined when the revision does not exist, or cannot be read now (then the log says so). */
  async function describe(reference: string): Promise<(Candidate & { tags: Tag[] }) | undefined> {
    try {
      const { taskDefinition, tags } = await ecs.describeTaskDefinition(reference)
      return { arn: taskDefinition.taskDefinitionArn ?? reference, taskDefinition, tags }
    } catch (error) {
      // ClientException: no such revision, the end of the scan.
      if (errorName(error) !== 'ClientException') {
        log.warning(
          `Could not read ${reference} to look for a revision this run registered: ${describeAwsError('DescribeTaskDefinition', error)}`
        )
      }
      return undefined
    }
  }

  function isOurs(described: TaskDefinition, tags: Tag[]): boolean {
    const registeredAt = described.registeredAt?.getTime()
    if (registeredAt !== undefined && registeredAt < startedAt - SKEW_MS) return false
    const { taskDefinition } = normalizeTaskDefinition({ taskDefinition: described, tags })
    // sameTaskDefinition leaves github:* tags out; here they tell this run from another one.
    return sameTaskDefinition(input, taskDefinition) && githubTags(input.tags) === githubTags(tags)
  }

  function warnStrays(candidates: readonly Candidate[], kept: string): void {
    for (const stray of candidates) {
      if (stray.arn === kept) continue
      log.warning(
        `${familyRevision(stray.arn)} (${stray.arn}) was also registered by this run, by an attempt whose answer was lost: ` +
          `it has the same content as ${familyRevision(kept)} and nothing runs it. Deregister it, or let deregister-previous remove it.`
      )
    }
  }
}

function revisionOf(arn: string | undefined): number | undefined {
  const match = arn === undefined ? null : /:(\d+)$/.exec(arn)
  return match === null ? undefined : Number(match[1])
}

function githubTags(tags: readonly Tag[] | undefined): string {
  return (tags ?? [])
    .filter((tag) => (tag.key ?? '').startsWith('github:'))
    .map((tag) => `${tag.key ?? ''}=${tag.value ?? ''}`)
    .sort()
    .join('\n')
}
