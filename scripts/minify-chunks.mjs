// ncc --minify minifies dist/index.js but leaves the chunks it splits off (one per lazily loaded
// AWS client) as they are. Minifying them too halves what a run must parse before its first AWS
// call (see BENCHMARKS.md). Run by `npm run build` right after ncc, which starts from an empty
// dist/: a chunk left over from an earlier build would be minified again (terser's output of its
// own output differs), and the dist/ check would then fail on a clean clone.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { minify } from 'terser'

const dist = new URL('../dist/', import.meta.url).pathname
const chunks = (await readdir(dist)).filter((name) => /^\d+\.index\.js$/.test(name))
for (const name of chunks) {
  const path = join(dist, name)
  const result = await minify(await readFile(path, 'utf8'), {
    module: true,
    compress: true,
    mangle: true,
    format: { comments: false }
  })
  if (result.code === undefined) throw new Error(`terser returned nothing for ${name}`)
  await writeFile(path, result.code)
}
console.log(`minified ${String(chunks.length)} chunks in dist/`)
