// ListTaskDefinitions: `taskDefinitionArns` and `nextToken`. Filters: `familyPrefix`, which despite
// its name is "the full family name" (API reference: it "limits the listed task definitions to task
// definition revisions that belong to that family"), and `status` (default ACTIVE). `sort` ASC (the
// default) lists families lexicographically and revisions in ascending order, newest last; DESC
// reverses both. maxResults 1–100, default 100.
// INACTIVE revisions are all listed: the DeregisterTaskDefinition reference says they "remain
// discoverable in your account indefinitely" (the ListTaskDefinitions text still says only while a
// task or service references them).

import { invalidParameter } from '../errors.js'
import type { TaskDefinitionRecord } from '../state.js'
import { checkInput, read, shape } from '../validate.js'
import type { Operation } from './operation.js'

const MAX_RESULTS = 100
const STATUSES = ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']
const SORTS = ['ASC', 'DESC']

// Coral's enum validation wording, as StopServiceDeployment uses it (not confirmed for these members).
const enumError = (value: string, member: string, allowed: readonly string[]) =>
  invalidParameter(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`
  )

function byFamilyThenRevision(a: TaskDefinitionRecord, b: TaskDefinitionRecord): number {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1
  return a.revision - b.revision
}

export const listTaskDefinitionsOperation: Operation = {
  mutating: false,
  handle: ({ world, body }) => {
    const request = checkInput(body, {
      familyPrefix: shape.string,
      status: shape.string,
      sort: shape.string,
      nextToken: shape.string,
      maxResults: shape.integer
    })
    const status = read.string(request, 'status') ?? 'ACTIVE'
    if (!STATUSES.includes(status)) throw enumError(status, 'status', STATUSES)
    const sort = read.string(request, 'sort') ?? 'ASC'
    if (!SORTS.includes(sort)) throw enumError(sort, 'sort', SORTS)
    const maxResults = read.integer(request, 'maxResults') ?? MAX_RESULTS
    // The text ListTasks uses for the same range.
    if (maxResults < 1 || maxResults > MAX_RESULTS) {
      throw invalidParameter('maxResults must be between 1 and 100.')
    }
    const family = read.string(request, 'familyPrefix')

    const records = [...world.families.values()]
      .flat()
      .filter((record) => family === undefined || record.family === family)
      .filter((record) => record.status === status)
      .sort(byFamilyThenRevision)
    if (sort === 'DESC') records.reverse()
    const arns = records.map((record) => record.arn)

    const nextToken = read.string(request, 'nextToken')
    const start =
      nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64').toString('utf8'))
    if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid nextToken.')
    const end = start + maxResults
    return {
      taskDefinitionArns: arns.slice(start, end),
      nextToken: end < arns.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined
    }
  }
}
