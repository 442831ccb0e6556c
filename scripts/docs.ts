/**
 * `npm run docs`: rewrites the README's inputs and outputs tables and the inputs of `.env.example`
 * from action.yml. `npm run docs:check` (`--check`) changes nothing and exits 1 when they drifted.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

import { driftMessage, findDrift, renderDocs, type DocFiles, type Format } from './docs-tables.js'

// Compiled to .build/scripts/docs.js, two levels below the project root.
const ROOT = new URL('../../', import.meta.url)
const path = (name: string): string => fileURLToPath(new URL(name, ROOT))

/** Formats the README as `npm run lint` checks it, so a fresh table passes `prettier --check`. */
const prettierMarkdown =
  (file: string): Format =>
  async (markdown) =>
    format(markdown, { ...(await resolveConfig(file)), filepath: file })

async function readDocFiles(): Promise<DocFiles> {
  const [actionYml, readme, envExample] = await Promise.all([
    readFile(path('action.yml'), 'utf8'),
    readFile(path('README.md'), 'utf8'),
    readFile(path('.env.example'), 'utf8')
  ])
  return { actionYml, readme, envExample }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const files = await readDocFiles()
  const formatReadme = prettierMarkdown(path('README.md'))
  if (check) {
    const drift = await findDrift(files, formatReadme)
    if (drift.length > 0) {
      console.error(driftMessage(drift))
      process.exitCode = 1
      return
    }
    console.log('README.md and .env.example match action.yml.')
    return
  }
  const fresh = await renderDocs(files, formatReadme)
  const changed: string[] = []
  if (fresh.readme !== files.readme) {
    await writeFile(path('README.md'), fresh.readme)
    changed.push('README.md')
  }
  if (fresh.envExample !== files.envExample) {
    await writeFile(path('.env.example'), fresh.envExample)
    changed.push('.env.example')
  }
  console.log(changed.length > 0 ? `Rewrote ${changed.join(' and ')}.` : 'Nothing to change.')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
