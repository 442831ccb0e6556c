// `npm run validate:workflows [-- <root>]`: validates action.yml and every workflow under
// .github/workflows with GitHub's own parser (see workflow-lint.ts), offline. Lists each problem
// as file:line:column and exits 1 when there is any.

import { register } from 'node:module'
import { resolve } from 'node:path'

// Before the language service loads: it imports JSON the way only bundlers accept.
register('./json-import-hook.js', import.meta.url)
const { filesToLint, formatProblem, lintRepository } = await import('./workflow-lint.js')

const root = resolve(process.argv[2] ?? '.')
const files = filesToLint(root)
if (files.length === 0) {
  console.error(`Nothing to validate: no action.yml and no .github/workflows/*.yml under ${root}`)
  process.exit(1)
}
const problems = await lintRepository(root)
for (const problem of problems) console.error(formatProblem(problem))
console.log(
  problems.length === 0
    ? `Valid: ${files.join(', ')}`
    : `${String(problems.length)} problem(s) in action.yml or the workflows`
)
process.exitCode = problems.length === 0 ? 0 : 1
