/**
 * `npm run docs`: writes docs/inputs.md and docs/outputs.md, and rewrites the README's lists of
 * inputs and outputs and the inputs of `.env.example`, from the input table and action.yml.
 * `npm run docs:check` (`--check`) changes nothing and exits 1 when any of them drifted.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

import {
  DOC_FILES,
  driftMessage,
  findDrift,
  renderDocs,
  type DocFiles,
  type Format
} from './docs-tables.js'

// Compiled to .build/scripts/docs.js, two levels below the project root.
const ROOT = new URL('../../', import.meta.url)
const path = (name: string): string => fileURLToPath(new URL(name, ROOT))

/** Formats Markdown as `npm run lint` checks it, so fresh docs pass `prettier --check`. */
const prettierMarkdown: Format = async (markdown) => {
  const file = path(DOC_FILES.readme)
  return format(markdown, { ...(await resolveConfig(file)), filepath: file })
}

/** A file's text; '' when it does not exist yet (docs/ before the first `npm run docs`). */
async function readText(name: string): Promise<string> {
  try {
    return await readFile(path(name), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}

async function readDocFiles(): Promise<DocFiles> {
  return {
    actionYml: await readText('action.yml'),
    readme: await readText(DOC_FILES.readme),
    envExample: await readText(DOC_FILES.envExample),
    inputsDoc: await readText(DOC_FILES.inputsDoc),
    outputsDoc: await readText(DOC_FILES.outputsDoc)
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const files = await readDocFiles()
  if (check) {
    const drift = await findDrift({ files, format: prettierMarkdown })
    if (drift.length > 0) {
      console.error(driftMessage(drift))
      process.exitCode = 1
      return
    }
    console.log(`${Object.values(DOC_FILES).join(', ')} match the input table and action.yml.`)
    return
  }
  const fresh = await renderDocs({ files, format: prettierMarkdown })
  const changed: string[] = []
  for (const [key, name] of Object.entries(DOC_FILES) as [keyof typeof DOC_FILES, string][]) {
    if (fresh[key] !== files[key]) {
      await mkdir(dirname(path(name)), { recursive: true })
      await writeFile(path(name), fresh[key])
      changed.push(name)
    }
  }
  console.log(changed.length > 0 ? `Rewrote ${changed.join(', ')}.` : 'Nothing to change.')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
