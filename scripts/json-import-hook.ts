// A module hook for validate-workflows: @actions/workflow-parser and @actions/languageservice are
// published for bundlers and import their JSON schemas without `with { type: 'json' }`, which
// Node refuses (ERR_IMPORT_ASSERTION_TYPE_MISSING). This adds the attribute for those two
// packages only; every other import loads untouched.

import type { LoadHook } from 'node:module'

const BUNDLER_PACKAGES = /\/node_modules\/@actions\/(workflow-parser|languageservice)\//

export const load: LoadHook = (url, context, nextLoad) => {
  if (url.endsWith('.json') && BUNDLER_PACKAGES.test(url)) {
    return nextLoad(url, {
      ...context,
      importAttributes: { ...context.importAttributes, type: 'json' }
    })
  }
  return nextLoad(url, context)
}
